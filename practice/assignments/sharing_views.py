"""Turning sharing on or off after assigning, from the review page."""

from __future__ import annotations

from flask import flash

from ..audit.who import request_who
from ..extensions import db
from ..roles import counselor_required
from ..web_form import REFUSED, form_status
from .access import assignment_for
from .blueprint import bp
from .forms import SharingForm
from .review_page import back_to, review_page
from .services import AssignmentError
from .sharing import set_sharing


@bp.post("/assignments/<int:assignment_id>/sharing")
@counselor_required
def sharing(assignment_id: int):
    who = request_who()
    assignment = assignment_for(who, assignment_id)
    form = SharingForm()
    if not form.validate_on_submit():
        return review_page(assignment, status=form_status(form), sharing_form=form)
    try:
        set_sharing(assignment, form.share.data == "on", reason=form.reason.data or "", who=who)
    except AssignmentError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return review_page(assignment, status=REFUSED, sharing_form=form)
    db.session.commit()
    flash(
        "The partners will see each other's answers once both have submitted."
        if assignment.share_when_both_submitted
        else "Sharing is off: each partner's answers reach only you.",
        "success",
    )
    return back_to(assignment)
