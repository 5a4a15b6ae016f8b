"""Reviewing an assignment: both partners' answers side by side, feedback (typed and
autosaved), reopening, the due date, cancelling, and acknowledging a flag."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from .. import autosave
from ..audit.record import audit_read
from ..audit.who import request_who
from ..carry import keeps_text
from ..clock import format_time
from ..db_types import utcnow
from ..extensions import db
from ..roles import counselor_required
from ..web_form import CONFLICT, REFUSED, ConfirmForm
from .access import assignment_for, flag_for, response_of_counselor
from .blueprint import bp
from .forms import AcknowledgeForm, ExtendForm, FeedbackForm, ReopenForm
from .models import ResponseStatus
from .review_page import back_to, review_page
from .services import (
    NO_FEEDBACK,
    AssignmentError,
    acknowledge,
    cancel,
    extend,
    reopen,
    save_feedback,
)


@bp.get("/assignments/<int:assignment_id>")
@counselor_required
def detail(assignment_id: int):
    who = request_who()
    assignment = assignment_for(who, assignment_id)
    audit_read("assignment-view", who=who, obj=assignment, couple_id=assignment.couple_id)
    return review_page(assignment)


def _carry_out(action, done: str) -> None:
    """Run a domain action: commit and say so, or show why it could not be done (and keep
    nothing of it, its audit row included)."""
    try:
        action()
    except AssignmentError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")


@bp.post("/assignments/<int:assignment_id>/cancel")
@counselor_required
def cancel_assignment(assignment_id: int):
    who = request_who()
    assignment = assignment_for(who, assignment_id)
    _carry_out(lambda: cancel(assignment, who=who), "The assignment was cancelled.")
    return back_to(assignment)


@bp.post("/assignments/<int:assignment_id>/extend")
@counselor_required
def extend_assignment(assignment_id: int):
    who = request_who()
    assignment = assignment_for(who, assignment_id)
    form = ExtendForm()
    if not form.validate_on_submit():
        flash(" ".join(form.due_date.errors) or "Enter the new due date.", "error")
        return back_to(assignment)
    _carry_out(lambda: extend(assignment, form.due_date.data, who=who), "The due date was changed.")
    return back_to(assignment)


@bp.post("/assignments/<int:assignment_id>/reviewed")
@counselor_required
def mark_all_reviewed(assignment_id: int):
    """ "Mark both as reviewed": every submitted answer read, any feedback kept as it is."""
    who = request_who()
    assignment = assignment_for(who, assignment_id)
    if not ConfirmForm().validate_on_submit():
        flash("The form had expired, so nothing was marked. Try again.", "warning")
        return back_to(assignment)
    waiting = [r for r in assignment.responses if r.status == ResponseStatus.SUBMITTED]
    for response in waiting:
        save_feedback(response, response.feedback or "", mark_reviewed=True, who=who)
    db.session.commit()
    names = [r.client.display_name if r.client else "the shared answers" for r in waiting]
    flash(
        f"Marked as reviewed: {' and '.join(names)}." if names else "Nothing was waiting.",
        "success" if names else "info",
    )
    return back_to(assignment)


@bp.post("/responses/<int:response_id>/feedback")
@counselor_required
@keeps_text
def feedback(response_id: int):
    who = request_who()
    response = response_of_counselor(who, response_id)
    if autosave.is_autosave(request):
        return _autosave_feedback(response, who)
    form = FeedbackForm(prefix=f"r{response.id}")
    form.response_id = response.id
    if not form.validate_on_submit():
        return review_page(response.assignment, status=REFUSED, feedback_form=form)
    if form.version.data != response.version:
        # Feedback saved in another tab since this page loaded: keep both, overwrite neither.
        form.feedback.errors.append(
            "This feedback was changed elsewhere after you opened the page, so yours was not "
            "saved. It is still here: compare it with the saved feedback, then save again."
        )
        form.version.data = response.version
        return review_page(response.assignment, status=CONFLICT, feedback_form=form)
    text = (form.feedback.data or "").strip()
    if not (form.mark_reviewed.data or text or response.feedback):
        form.feedback.errors.append(NO_FEEDBACK)  # an empty box saved: say so, claim nothing
        return review_page(response.assignment, status=REFUSED, feedback_form=form)
    try:
        saved = save_feedback(response, text, mark_reviewed=form.mark_reviewed.data, who=who)
    except AssignmentError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(saved.message(text), "success")
    return back_to(response.assignment)


def _autosave_feedback(response, who):
    """The feedback's words as they are typed (never "reviewed": only the button says that)."""
    try:
        payload = autosave.parse_payload(request)
    except autosave.BadPayload as error:
        return autosave.invalid({"_form": str(error)})
    form = FeedbackForm(prefix=f"r{response.id}", formdata=payload.fields, meta={"csrf": False})
    if not form.feedback.validate(form):
        return autosave.invalid({form.feedback.name: form.feedback.errors[0]})
    if payload.version != response.version:
        return autosave.conflict("This feedback was changed elsewhere after you opened the page.")
    try:
        save_feedback(response, form.feedback.data or "", mark_reviewed=False, who=who)
        db.session.commit()
    except (AssignmentError, StaleDataError) as error:  # stale: saved by another tab just now
        db.session.rollback()
        return autosave.conflict(str(error) if isinstance(error, AssignmentError) else "")
    return autosave.saved(response.version, format_time(utcnow()))


@bp.post("/responses/<int:response_id>/reopen")
@counselor_required
@keeps_text
def reopen_response(response_id: int):
    who = request_who()
    response = response_of_counselor(who, response_id)
    form = ReopenForm(prefix=f"reopen{response.id}")
    form.response_id = response.id
    if not form.validate_on_submit():
        return review_page(response.assignment, status=REFUSED, reopen_form=form)
    _carry_out(
        lambda: reopen(response, form.note.data, who=who),
        "Reopened for revision. The partner will see your note.",
    )
    return back_to(response.assignment)


@bp.post("/flags/<int:answer_flag_id>/acknowledge")
@counselor_required
def acknowledge_flag(answer_flag_id: int):
    who = request_who()
    flag = flag_for(who, answer_flag_id)
    form = AcknowledgeForm()
    if not form.validate_on_submit():
        flash(" ".join(form.note.errors) or "The form expired. Try again.", "error")
        return redirect(url_for("pages.dashboard"))
    _carry_out(
        lambda: acknowledge(flag, by=current_user, note=form.note.data or "", who=who),
        "Flag acknowledged.",
    )
    return redirect(url_for("pages.dashboard"))
