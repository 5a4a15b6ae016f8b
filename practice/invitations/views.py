"""Invite, resend and revoke a partner's portal invitation."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ..audit.record import audit, audit_apart
from ..audit.who import request_who
from ..couples.access import partner_for
from ..couples.portal_access import revoke_open
from ..extensions import db
from ..mail import MailNotSent, send_mail
from ..roles import counselor_required
from ..web_form import ConfirmForm
from .invitations import InvitationError, invite
from .mail import SUBJECT, invitation_body

bp = Blueprint("invitations", __name__, url_prefix="/partners")


@bp.post("/<int:client_id>/invite")
@counselor_required
def send_invitation(client_id: int):
    who = request_who()
    client = partner_for(who, client_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        token = invite(client, by=current_user, who=who)
    except InvitationError as error:
        flash(str(error), "error")
        return redirect(url_for("pages.case", couple_id=client.couple_id))
    link = url_for("portal.accept_invitation", token=token, _external=True)
    db.session.commit()
    body = invitation_body(
        name=client.display_name,
        counselor=current_user.name,
        practice=current_app.config["PRACTICE_NAME"],
        link=link,
    )
    try:
        emailed = send_mail(client.email, SUBJECT, body)
    except MailNotSent:
        emailed = None
    # The invitation is committed (its link must work before it is mailed); what became of
    # the email is recorded apart, so the request commits its work once.
    audit_apart(
        "invitation-send",
        who=who,
        obj=client,
        couple_id=client.couple_id,
        detail=f"emailed={emailed}",
    )
    # The link is shown once, here: only its hash is stored.
    return render_template("invitations/sent.html", client=client, link=link, emailed=emailed)


@bp.post("/<int:client_id>/revoke")
@counselor_required
def revoke_invitation(client_id: int):
    who = request_who()
    client = partner_for(who, client_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if revoke_open(client):
        audit("invitation-revoke", who=who, obj=client, couple_id=client.couple_id)
        db.session.commit()
        flash(f"The invitation for {client.full_name} no longer works.", "success")
    else:
        flash("There was no open invitation to revoke.", "info")
    return redirect(url_for("pages.case", couple_id=client.couple_id))
