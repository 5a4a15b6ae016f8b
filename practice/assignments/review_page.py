"""The review page of one assignment, shared by the reviewing and sharing views: every form
on it, with the one that was sent back keeping what was typed in it."""

from __future__ import annotations

from flask import redirect, render_template, url_for

from ..web_form import ConfirmForm
from .forms import ExtendForm, FeedbackForm, ReopenForm, SharingForm
from .review import side_by_side
from .safety import joint_work_needs_reason, why_confirm
from .sharing import can_turn_sharing_on


def review_page(
    assignment,
    *,
    status: int = 200,
    feedback_form=None,
    reopen_form=None,
    sharing_form=None,
):
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


def back_to(assignment):
    return redirect(url_for("assignments.detail", assignment_id=assignment.id))
