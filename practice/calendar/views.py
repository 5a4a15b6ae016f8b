"""The counselor's feed and its settings; .ics files of single sessions."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ..audit.record import audit_apart, audit_read
from ..audit.who import request_who
from ..extensions import db, limiter
from ..notes.access import session_for
from ..roles import client_required, counselor_required
from ..web_form import ConfirmForm
from .access import own_session_for
from .feeds import active_feed, counselor_of_token, feed_sessions, new_feed, revoke_feeds
from .ics import calendar_of, client_title, counselor_title

bp = Blueprint("calendar", __name__)


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


# A calendar app polls every 15 minutes or so; more than this from one address is someone
# trying tokens, or a client gone wrong.
@bp.get("/calendar/feed/<token>.ics")
@limiter.limit("30 per minute")
def feed(token: str):
    who = request_who()
    counselor = counselor_of_token(token)
    if counselor is None:
        # Not the token: a wrong one is noise, a revoked one must stay useless in the log.
        audit_apart("calendar-feed", who=who, object_type="CalendarFeed", outcome="denied")
        abort(404)
    sessions = feed_sessions(counselor)
    audit_read("calendar-feed", who=who.acting_as(counselor), detail=f"sessions={len(sessions)}")
    body = calendar_of(((s, counselor_title(s)) for s in sessions), "Trustwork sessions")
    return _ics(body, "sessions.ics")


@bp.route("/calendar/settings", methods=["GET", "POST"])
@counselor_required
def settings():
    form = ConfirmForm()
    link = None
    if form.validate_on_submit():
        token = new_feed(current_user, who=request_who())
        db.session.commit()
        # Shown once, here: only the hash is kept.
        link = url_for("calendar.feed", token=token, _external=True)
    return render_template(
        "calendar/settings.html", form=form, feed=active_feed(current_user), link=link
    )


@bp.post("/calendar/settings/revoke")
@counselor_required
def revoke():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if revoke_feeds(current_user, who=request_who()):
        db.session.commit()
        flash("Your calendar link no longer works.", "success")
    return redirect(url_for("calendar.settings"))


@bp.get("/sessions/<int:session_id>/calendar.ics")
@counselor_required
def session_ics(session_id: int):
    who = request_who()
    therapy_session = session_for(who, session_id)
    audit_read("session-ics", who=who, obj=therapy_session, couple_id=therapy_session.couple_id)
    body = calendar_of([(therapy_session, counselor_title(therapy_session))], "Session")
    return _ics(body, f"session-{therapy_session.id}.ics")


@bp.get("/portal/sessions/<int:session_id>.ics")
@client_required
def portal_session_ics(session_id: int):
    who = request_who()
    therapy_session = own_session_for(who, session_id)
    audit_read("session-ics", who=who, obj=therapy_session, couple_id=therapy_session.couple_id)
    body = calendar_of([(therapy_session, client_title())], "Appointment")
    return _ics(body, f"appointment-{therapy_session.id}.ics")
