"""Assigning worksheets, and reviewing both partners' answers side by side."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from .. import autosave
from ..audit.record import audit
from ..carry import keeps_text
from ..clock import format_time
from ..couples.access import couple_for
from ..couples.open_case import closed_case_redirect
from ..couples.services import PICK_LIMIT, cases_to_pick
from ..db_types import utcnow
from ..extensions import db
from ..library.loader import get_library
from ..roles import counselor_required
from ..urls import id_arg
from ..web_form import CONFLICT, REFUSED, ConfirmForm, form_status
from .access import assignment_for, flag_for, response_of_counselor
from .forms import (
    AcknowledgeForm,
    ExtendForm,
    FeedbackForm,
    ReopenForm,
    SharingForm,
    assign_form_for,
)
from .models import ResponseStatus
from .review import side_by_side
from .safety import joint_work_needs_reason, why_confirm
from .services import (
    NO_FEEDBACK,
    ONE,
    AssignmentError,
    PrivateWorksheet,
    ReasonNeeded,
    acknowledge,
    assign,
    cancel,
    choice_refused,
    extend,
    recipients_for,
    reopen,
    save_feedback,
)
from .sharing import can_turn_sharing_on, set_sharing

bp = Blueprint("assignments", __name__)
TOGETHER_ONLY = (
    "This worksheet can only be done together: the couple fills in one shared set of answers."
)


@bp.route("/assignments/new", methods=["GET", "POST"])
@counselor_required
@keeps_text
def new():
    slug = request.args.get("slug") or None
    couple_id = id_arg("couple_id")
    if couple_id is None:
        text = request.args.get("q", "").strip()[:100]
        cases = cases_to_pick(current_user, text)
        worksheet = get_library().get(slug) if slug else None
        return render_template(
            "assignments/pick_case.html",
            cases=cases[:PICK_LIMIT],
            more=len(cases) > PICK_LIMIT,
            q=text,
            worksheet=worksheet,
        )
    couple = couple_for(current_user, couple_id)
    if closed := closed_case_redirect(couple):
        return closed
    form = assign_form_for(couple, slug)
    if form.validate_on_submit():
        worksheet = get_library().get(form.worksheet.data)
        if worksheet is None:
            abort(404)
        for_client = next((p for p in couple.partners if str(p.id) == form.for_whom.data), None)
        choice = ONE if for_client else form.for_whom.data
        if refusal := choice_refused(worksheet, choice):
            form.for_whom.errors.append(refusal)
        else:
            recipients = recipients_for(worksheet, choice)
            try:
                assignment = assign(
                    couple,
                    worksheet,
                    by=current_user,
                    recipients=recipients,
                    for_client=for_client,
                    due_date=form.due_date.data,
                    instructions=form.instructions.data or "",
                    share=form.share.data,
                    reason=form.reason.data or "",
                )
            except PrivateWorksheet as refused:
                db.session.rollback()
                form.share.errors.append(str(refused))
            except ReasonNeeded as refused:
                db.session.rollback()
                form.reason.errors.append(str(refused))
            else:
                db.session.commit()
                flash(f"\u201c{worksheet.title}\u201d assigned.", "success")
                return redirect(url_for("assignments.detail", assignment_id=assignment.id))
    chosen = get_library().get(form.worksheet.data or "")
    if chosen is not None and chosen.audience == "together":
        form.for_whom.description = TOGETHER_ONLY
    page = render_template(
        "assignments/new.html",
        form=form,
        couple=couple,
        worksheet=chosen,
        needs_reason=joint_work_needs_reason(couple),
        why_confirm=why_confirm(couple),
    )
    return page, form_status(form)


@bp.get("/assignments/<int:assignment_id>")
@counselor_required
def detail(assignment_id: int):
    assignment = assignment_for(current_user, assignment_id)
    audit("assignment-view", who=who, obj=assignment, couple_id=assignment.couple_id)
    db.session.commit()
    return _detail_page(assignment)


def _detail_page(
    assignment,
    *,
    status: int = 200,
    feedback_form=None,
    reopen_form=None,
    sharing_form=None,
):
    """The review page; a form that was sent back keeps what was typed in it."""
    feedback_forms = {
        r.id: FeedbackForm(prefix=f"r{r.id}", formdata=None, feedback=r.feedback, version=r.version)
        for r in assignment.responses
    }
    reopen_forms = {
        r.id: ReopenForm(prefix=f"reopen{r.id}", formdata=None) for r in assignment.responses
    }
    for forms, sent in ((feedback_forms, feedback_form), (reopen_forms, reopen_form)):
        if sent is not None:
            forms[sent.response_id] = sent
    page = render_template(
        "assignments/detail.html",
        assignment=assignment,
        rows=side_by_side(assignment),
        extend_form=ExtendForm(due_date=assignment.due_date),
        feedback_forms=feedback_forms,
        reopen_forms=reopen_forms,
        confirm_form=ConfirmForm(),
        sharing_form=sharing_form or SharingForm(formdata=None),
        sharing_can_start=can_turn_sharing_on(assignment),
        sharing_needs_reason=joint_work_needs_reason(assignment.couple),
        sharing_why=why_confirm(assignment.couple),
    )
    return page, status


def _back_to(assignment):
    return redirect(url_for("assignments.detail", assignment_id=assignment.id))


def _carry_out(action, done: str) -> None:
    """Run a domain action: commit and say so, or show why it could not be done."""
    try:
        action()
    except AssignmentError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")


@bp.post("/assignments/<int:assignment_id>/cancel")
@counselor_required
def cancel_assignment(assignment_id: int):
    assignment = assignment_for(current_user, assignment_id)
    _carry_out(lambda: cancel(assignment), "The assignment was cancelled.")
    return _back_to(assignment)


@bp.post("/assignments/<int:assignment_id>/sharing")
@counselor_required
def sharing(assignment_id: int):
    assignment = assignment_for(current_user, assignment_id)
    form = SharingForm()
    if not form.validate_on_submit():
        return _detail_page(assignment, status=form_status(form), sharing_form=form)
    try:
        set_sharing(assignment, form.share.data == "on", reason=form.reason.data or "")
    except AssignmentError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return _detail_page(assignment, status=REFUSED, sharing_form=form)
    db.session.commit()
    flash(
        "The partners will see each other's answers once both have submitted."
        if assignment.share_when_both_submitted
        else "Sharing is off: each partner's answers reach only you.",
        "success",
    )
    return _back_to(assignment)


@bp.post("/assignments/<int:assignment_id>/extend")
@counselor_required
def extend_assignment(assignment_id: int):
    assignment = assignment_for(current_user, assignment_id)
    form = ExtendForm()
    if not form.validate_on_submit():
        flash(" ".join(form.due_date.errors) or "Enter the new due date.", "error")
        return _back_to(assignment)
    _carry_out(lambda: extend(assignment, form.due_date.data), "The due date was changed.")
    return _back_to(assignment)


@bp.post("/assignments/<int:assignment_id>/reviewed")
@counselor_required
def mark_all_reviewed(assignment_id: int):
    """ "Mark both as reviewed": every submitted answer read, any feedback kept as it is."""
    assignment = assignment_for(current_user, assignment_id)
    if not ConfirmForm().validate_on_submit():
        flash("The form had expired, so nothing was marked. Try again.", "warning")
        return _back_to(assignment)
    waiting = [r for r in assignment.responses if r.status == ResponseStatus.SUBMITTED]
    for response in waiting:
        save_feedback(response, response.feedback or "", mark_reviewed=True)
    db.session.commit()
    names = [r.client.display_name if r.client else "the shared answers" for r in waiting]
    flash(
        f"Marked as reviewed: {' and '.join(names)}." if names else "Nothing was waiting.",
        "success" if names else "info",
    )
    return _back_to(assignment)


@bp.post("/responses/<int:response_id>/feedback")
@counselor_required
@keeps_text
def feedback(response_id: int):
    response = response_of_counselor(current_user, response_id)
    if autosave.is_autosave(request):
        return _autosave_feedback(response)
    form = FeedbackForm(prefix=f"r{response.id}")
    form.response_id = response.id
    if not form.validate_on_submit():
        return _detail_page(response.assignment, status=REFUSED, feedback_form=form)
    if form.version.data != response.version:
        # Feedback saved in another tab since this page loaded: keep both, overwrite neither.
        form.feedback.errors.append(
            "This feedback was changed elsewhere after you opened the page, so yours was not "
            "saved. It is still here: compare it with the saved feedback, then save again."
        )
        form.version.data = response.version
        return _detail_page(response.assignment, status=CONFLICT, feedback_form=form)
    text = (form.feedback.data or "").strip()
    if not (form.mark_reviewed.data or text or response.feedback):
        form.feedback.errors.append(NO_FEEDBACK)  # an empty box saved: say so, claim nothing
        return _detail_page(response.assignment, status=REFUSED, feedback_form=form)
    try:
        saved = save_feedback(response, text, mark_reviewed=form.mark_reviewed.data)
    except AssignmentError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(saved.message(text), "success")
    return _back_to(response.assignment)


def _autosave_feedback(response):
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
        save_feedback(response, form.feedback.data or "", mark_reviewed=False)
        db.session.commit()
    except (AssignmentError, StaleDataError) as error:  # stale: saved by another tab just now
        db.session.rollback()
        return autosave.conflict(str(error) if isinstance(error, AssignmentError) else "")
    return autosave.saved(response.version, format_time(utcnow()))


@bp.post("/responses/<int:response_id>/reopen")
@counselor_required
@keeps_text
def reopen_response(response_id: int):
    response = response_of_counselor(current_user, response_id)
    form = ReopenForm(prefix=f"reopen{response.id}")
    form.response_id = response.id
    if not form.validate_on_submit():
        return _detail_page(response.assignment, status=REFUSED, reopen_form=form)
    _carry_out(
        lambda: reopen(response, form.note.data),
        "Reopened for revision. The partner will see your note.",
    )
    return _back_to(response.assignment)


@bp.post("/flags/<int:answer_flag_id>/acknowledge")
@counselor_required
def acknowledge_flag(answer_flag_id: int):
    flag = flag_for(current_user, answer_flag_id)
    form = AcknowledgeForm()
    if not form.validate_on_submit():
        flash(" ".join(form.note.errors) or "The form expired. Try again.", "error")
        return redirect(url_for("pages.dashboard"))
    _carry_out(
        lambda: acknowledge(flag, by=current_user, note=form.note.data or ""), "Flag acknowledged."
    )
    return redirect(url_for("pages.dashboard"))
