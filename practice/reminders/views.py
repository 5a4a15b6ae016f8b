"""Turning reminders off from the link in an email; a counselor's notice settings."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ..audit.who import request_who
from ..couples.models import Client
from ..extensions import csrf, db
from ..roles import counselor_required
from ..web_form import form_status
from .forms import NotificationSettingsForm
from .links import client_of_token
from .preferences import (
    notification_settings_for,
    reminders_off,
    save_notification_settings,
    turn_reminders_off,
    turn_reminders_on,
)

bp = Blueprint("reminders", __name__, url_prefix="/reminders")


def _client_of(token: str) -> Client:
    client_id = client_of_token(token)
    client = db.session.get(Client, client_id) if client_id is not None else None
    if client is None:
        abort(404)
    return client


@bp.get("/off/<token>")
def turn_off(token: str):
    """A GET changes nothing (link scanners open links): the page asks for one click."""
    client = _client_of(token)
    return render_template("reminders/off.html", token=token, off=reminders_off(client))


# The signed token in the address is the authority: a mail client's one-click unsubscribe
# (RFC 8058) posts with no session and no CSRF token.
@bp.post("/off/<token>")
@csrf.exempt
def turn_off_confirmed(token: str):
    client = _client_of(token)
    turn_reminders_off(client, who=request_who())
    db.session.commit()
    return render_template("reminders/off.html", token=token, off=True, done=True)


@bp.post("/on/<token>")
@csrf.exempt
def turn_on(token: str):
    client = _client_of(token)
    turn_reminders_on(client, who=request_who())
    db.session.commit()
    return render_template("reminders/off.html", token=token, off=False, done=True)


@bp.route("/settings", methods=["GET", "POST"])
@counselor_required
def settings():
    choices = notification_settings_for(current_user.id)
    form = NotificationSettingsForm(obj=choices)
    if form.validate_on_submit():
        form.populate_obj(choices)
        save_notification_settings(choices)
        db.session.commit()
        flash("Your email choices are saved.", "success")
        return redirect(url_for("reminders.settings"))
    return render_template("reminders/settings.html", form=form), form_status(form)
