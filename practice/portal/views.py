"""The client portal: my worksheets, filling one in, and accepting an invitation."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user
from sqlalchemy.orm.exc import StaleDataError

from .. import autosave
from ..audit.record import audit_read
from ..audit.who import Who, request_who
from ..auth.sessions import start_session
from ..carry import keeps_text
from ..clock import format_time
from ..extensions import db, limiter
from ..invitations.invitations import InvitationError, accept, find_usable
from ..roles import client_required
from ..web_form import CONFLICT, REFUSED, form_status
from .access import response_for
from .forms import AcceptInvitationForm
from .responses import (
    LockedResponse,
    StaleResponse,
    read_answers,
    save_draft,
    shared_partner_response,
    submit,
    writer_position,
)

bp = Blueprint("portal", __name__, url_prefix="/portal")

STALE = (
    "A newer version of these answers was saved (perhaps in another tab or window"
    "{partner}), so this save was not applied. Your text is still below: copy anything you "
    "want to keep, then reload the page to see the newest version."
)
LOCKED = "These answers were already submitted, so they can't be changed here."
MISSING = "Please answer this question before you submit."


def _render_response(response, answers, errors, *, who: Who, status=200, notice=None):
    partner_response = shared_partner_response(response)
    if partner_response is not None:
        # Reading the other partner's answers is a view of their record, not one's own.
        # Every caller has committed or rolled back its own change by now; the row commits
        # apart, so this page commits nothing more.
        audit_read(
            "partner-answers-view",
            who=who,
            obj=partner_response,
            couple_id=response.assignment.couple_id,
        )
    return (
        render_template(
            "portal/response.html",
            response=response,
            assignment=response.assignment,
            worksheet=response.assignment.worksheet,
            answers=answers,
            errors=errors,
            notice=notice,
            partner_response=partner_response,
            people=response.assignment.couple.partners,
            mine=writer_position(who),
        ),
        status,
    )


@bp.get("/responses/<int:response_id>")
@client_required
def response(response_id: int):
    who = request_who()
    response = response_for(who, response_id)
    audit_read("response-view", who=who, obj=response, couple_id=response.assignment.couple_id)
    return _render_response(response, response.answers, {}, who=who)


def _stale_message(response) -> str:
    shared = response.client_id is None
    return STALE.format(partner=", or by your partner" if shared else "")


@bp.post("/responses/<int:response_id>")
@client_required
@keeps_text
def save(response_id: int):
    who = request_who()
    response = response_for(who, response_id)
    answers, errors = read_answers(response, request.form, who)
    if errors:
        return _render_response(response, answers, errors, who=who, status=REFUSED)
    version = request.form.get("version", type=int) or 0
    submitting = request.form.get("action") == "submit"
    try:
        if submitting:
            missing = submit(response, version=version, answers=answers, by=current_user, who=who)
        else:
            save_draft(response, version=version, answers=answers, by=current_user, who=who)
            missing = []
    except (StaleResponse, StaleDataError):
        db.session.rollback()
        response = response_for(who, response_id)
        return _render_response(
            response,
            answers,
            {},
            who=who,
            status=CONFLICT,
            notice=("error", _stale_message(response)),
        )
    except LockedResponse:
        db.session.rollback()
        return _render_response(
            response, answers, {}, who=who, status=CONFLICT, notice=("error", LOCKED)
        )
    db.session.commit()
    if missing:
        errors = {prompt.id: prompt.missing_message() or MISSING for prompt in missing}
        notice = (
            "warning",
            f"Your answers are saved as a draft. {len(missing)} question"
            f"{' needs' if len(missing) == 1 else 's need'} an answer before you can submit.",
        )
        return _render_response(response, answers, errors, who=who, status=REFUSED, notice=notice)
    if submitting:
        flash("Thank you. Your answers were submitted to your counselor.", "success")
        return redirect(url_for("pages.portal_home"))
    flash(f"Saved at {format_time(response.saved_at)}.", "success")
    return redirect(url_for("portal.response", response_id=response.id))


@bp.post("/responses/<int:response_id>/autosave")
@client_required
def autosave_response(response_id: int):
    who = request_who()
    response = response_for(who, response_id)
    try:
        payload = autosave.parse_payload(request)
    except autosave.BadPayload as error:
        return autosave.invalid({"_form": str(error)})
    answers, errors = read_answers(response, payload.fields, who)
    if errors:
        return autosave.invalid(errors)
    try:
        save_draft(response, version=payload.version, answers=answers, by=current_user, who=who)
    except (StaleResponse, StaleDataError):
        db.session.rollback()
        return autosave.conflict(_stale_message(response_for(who, response_id)))
    except LockedResponse:
        db.session.rollback()
        return autosave.conflict(LOCKED)
    db.session.commit()
    return autosave.saved(response.version, format_time(response.saved_at))


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def accept_invitation(token: str):
    try:
        invitation = find_usable(token)
    except InvitationError as error:
        return render_template("portal/invitation_problem.html", message=str(error)), 410
    form = AcceptInvitationForm()
    form.account_email = invitation.email
    form.account_name = invitation.client.full_name
    if form.validate_on_submit():
        user = accept(invitation, form.new_password.data, who=request_who())
        session.clear()
        g.pop("csrf_token", None)  # Flask-WTF caches the old token for this request
        start_session(user)
        login_user(user)
        session.permanent = True
        db.session.commit()
        flash("Welcome. Your account is ready.", "success")
        return redirect(url_for("pages.portal_home"))
    page = render_template("portal/accept.html", form=form, invitation=invitation)
    return page, form_status(form)
