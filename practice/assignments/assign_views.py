"""Assigning a worksheet to a case: pick the case, then the worksheet, partners and due date."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..audit.who import request_who
from ..carry import keeps_text
from ..couples.access import couple_for
from ..couples.open_case import closed_case_redirect
from ..couples.services import PICK_LIMIT, cases_to_pick
from ..extensions import db
from ..library.loader import get_library
from ..roles import counselor_required
from ..urls import id_arg
from ..web_form import form_status
from .blueprint import bp
from .forms import assign_form_for
from .safety import joint_work_needs_reason, why_confirm
from .services import (
    EACH,
    ONE,
    PrivateWorksheet,
    ReasonNeeded,
    assign,
    choice_refused,
    recipients_for,
)
from .versions import (
    CHECK_VERSIONS,
    SharingNeedsOneVersion,
    assign_versions,
    assigned_message,
    picked_versions,
    prepare_picks,
)

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
    who = request_who()
    couple = couple_for(who, couple_id)
    if closed := closed_case_redirect(couple):
        return closed
    form = assign_form_for(couple, slug)
    picks = prepare_picks(form, couple, get_library())
    if form.validate_on_submit():
        worksheet = get_library().get(form.worksheet.data)
        if worksheet is None:
            abort(404)
        for_client = next((p for p in couple.partners if str(p.id) == form.for_whom.data), None)
        choice = ONE if for_client else form.for_whom.data
        if picks and choice == EACH:
            if done := _assign_picked_versions(form, couple, picks, who):
                return done
        elif refusal := choice_refused(worksheet, choice):
            form.for_whom.errors.append(refusal)
        else:
            recipients = recipients_for(worksheet, choice)
            made = _saved(
                form,
                lambda: assign(
                    couple,
                    worksheet,
                    recipients=recipients,
                    for_client=for_client,
                    **_common(form, who),
                ),
            )
            if made is not None:
                flash(f"\u201c{worksheet.title}\u201d assigned.", "success")
                return redirect(url_for("assignments.detail", assignment_id=made.id))
    chosen = get_library().get(form.worksheet.data or "")
    if chosen is not None and chosen.audience == "together":
        form.for_whom.description = TOGETHER_ONLY
    if picks:
        form.versions_seen.data = form.worksheet.data
    page = render_template(
        "assignments/new.html",
        form=form,
        couple=couple,
        worksheet=chosen,
        picks=picks,
        needs_reason=joint_work_needs_reason(couple),
        why_confirm=why_confirm(couple),
    )
    return page, form_status(form)


def _assign_picked_versions(form, couple, picks, who):
    """Each partner's version of a perspective worksheet; a redirect once assigned, else None
    with the form saying what to fix (nothing saved)."""
    if form.versions_seen.data != form.worksheet.data:
        form.version_1.errors = [CHECK_VERSIONS]  # the picks were not on the page yet
        return None
    chosen = picked_versions(picks, get_library())
    if chosen is None:
        return None
    assignments = _saved(form, lambda: assign_versions(couple, chosen, **_common(form, who)))
    if assignments is None:
        return None
    flash(assigned_message(assignments), "success")
    if len(assignments) == 1:
        return redirect(url_for("assignments.detail", assignment_id=assignments[0].id))
    return redirect(url_for("pages.case", couple_id=couple.id))


def _common(form, who) -> dict:
    """What the form says of every assignment it makes, whatever the worksheet."""
    return {
        "by": current_user,
        "due_date": form.due_date.data,
        "instructions": form.instructions.data or "",
        "share": form.share.data,
        "reason": form.reason.data or "",
        "who": who,
    }


def _saved(form, make):
    """`make()`'s assignments, committed; or None, nothing kept, and the refusal beside the
    field it is about (sharing, or the reason joint work needs)."""
    try:
        made = make()
    except (PrivateWorksheet, SharingNeedsOneVersion) as refused:
        db.session.rollback()
        form.share.errors.append(str(refused))
        return None
    except ReasonNeeded as refused:
        db.session.rollback()
        form.reason.errors.append(str(refused))
        return None
    db.session.commit()
    return made
