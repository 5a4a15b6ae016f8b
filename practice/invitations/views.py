"""Invite, resend and revoke a partner's portal invitation."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ..assignments.forms import ConfirmForm
from ..audit.record import audit
from ..couples.access import couple_for
from ..couples.models import Client
from ..extensions import db
from ..mail import MailNotSent, send_mail
from ..portal.invitations import InvitationError, invite, revoke_open
from ..roles import counselor_required

bp = Blueprint("invitations", __name__, url_prefix="/partners")

INVITATION_MAIL = """Hello {name},

{counselor} has invited you to your private worksheet space at {practice}.

Open this link to choose your password (it works once, for 7 days):
{link}

What you write there is private. Your partner can't see your answers unless your counselor
has set a worksheet to be shared after you have both finished it.

If you weren't expecting this message, you can ignore it.
"""


def _partner(client_id: int) -> Client:
    client = db.session.get(Client, client_id)
    if client is None:
        abort(404)
    couple_for(current_user, client.couple_id)  # 404 unless it is this counselor's case
    return client


@bp.post("/<int:client_id>/invite")
@counselor_required
def send_invitation(client_id: int):
    client = _partner(client_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        token = invite(client, by=current_user)
    except InvitationError as error:
        flash(str(error), "error")
        return redirect(url_for("couples.detail", couple_id=client.couple_id))
    link = url_for("portal.accept_invitation", token=token, _external=True)
    db.session.commit()
    body = INVITATION_MAIL.format(
        name=client.display_name,
        counselor=current_user.name,
        practice=current_app.config["PRACTICE_NAME"],
        link=link,
    )
    try:
        emailed = send_mail(client.email, "Your private worksheet space", body)
    except MailNotSent:
        emailed = None
    audit("invitation-send", obj=client, couple_id=client.couple_id, detail=f"emailed={emailed}")
    db.session.commit()
    # The link is shown once, here: only its hash is stored.
    return render_template("invitations/sent.html", client=client, link=link, emailed=emailed)


@bp.post("/<int:client_id>/revoke")
@counselor_required
def revoke_invitation(client_id: int):
    client = _partner(client_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if revoke_open(client):
        audit("invitation-revoke", obj=client, couple_id=client.couple_id)
        db.session.commit()
        flash(f"The invitation for {client.full_name} no longer works.", "success")
    else:
        flash("There was no open invitation to revoke.", "info")
    return redirect(url_for("couples.detail", couple_id=client.couple_id))
