"""Schedule, view and edit sessions (the sessions overview and the timeline are in pages/).

Thin: parse, authorize (couple_for / session_for), call a function, commit, redirect.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ..audit.record import audit_read
from ..audit.who import request_who
from ..carry import keeps_text
from ..clock import local_time, practice_today, practice_zone
from ..couples.access import couple_for
from ..couples.open_case import closed_case_redirect
from ..extensions import db
from ..form_checks import changed_since_opened
from ..roles import counselor_required
from ..web_form import CONFLICT, form_status
from .access import session_for
from .blueprint import bp
from .forms import BOTH, SessionForm, parse_clock
from .lock import SESSION_MESSAGE
from .models import TherapySession
from .sessions import SessionDetails, create_session, to_utc, update_session


def _form(couple, **kwargs) -> SessionForm:
    return SessionForm(couple, current_app.config["PRACTICE_TIMEZONE"], **kwargs)


def _details(form: SessionForm, current: TherapySession | None = None) -> SessionDetails:
    return SessionDetails(
        starts_at=_starts_at(form, current),
        minutes=form.minutes.data,
        kind=form.kind.data,
        attended_client_id=form.attended_client_id,
        modality=form.modality.data,
        status=form.status.data,
    )


def _starts_at(form: SessionForm, current: TherapySession | None) -> datetime:
    day, clock = form.day.data, parse_clock(form.start_time.data)
    if current is None:
        return to_utc(day, clock, practice_zone())
    # On the night the clocks go back 01:30 happens twice. A session at the second one stays
    # there when its time is left alone, and a new time that night is read the same way.
    shown = local_time(current.starts_at)
    if (shown.date(), shown.hour, shown.minute) == (day, clock.hour, clock.minute):
        return current.starts_at
    return to_utc(day, clock, practice_zone(), fold=shown.fold if shown.date() == day else 0)


def _form_data(therapy_session: TherapySession) -> dict:
    local = local_time(therapy_session.starts_at)
    return {
        "day": local.date(),
        "start_time": f"{local:%H:%M}",
        "minutes": therapy_session.minutes,
        "kind": therapy_session.kind,
        "attended": str(therapy_session.attended_client_id or BOTH),
        "modality": therapy_session.modality,
        "status": therapy_session.status,
        "version": therapy_session.version,
    }


@bp.route("/cases/<int:couple_id>/sessions/new", methods=["GET", "POST"])
@counselor_required
@keeps_text
def new_session(couple_id: int):
    who = request_who()
    couple = couple_for(who, couple_id)
    if closed := closed_case_redirect(couple):
        return closed
    form = _form(couple, data={"day": practice_today()})
    if form.validate_on_submit():
        therapy_session = create_session(current_user, couple, _details(form), who=who)
        db.session.commit()
        flash("Session saved.", "success")
        return redirect(url_for("notes.session_view", session_id=therapy_session.id))
    # The form names both partners: showing it is a view of the case.
    audit_read("session-form-view", who=who, obj=couple, couple_id=couple.id)
    page = render_template("notes/session_form.html", form=form, couple=couple, session=None)
    return page, form_status(form)


@bp.get("/sessions/<int:session_id>")
@counselor_required
def session_view(session_id: int):
    who = request_who()
    therapy_session = session_for(who, session_id)
    audit_read("session-view", who=who, obj=therapy_session, couple_id=therapy_session.couple_id)
    return render_template("notes/session.html", session=therapy_session)


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@counselor_required
@keeps_text
def edit_session(session_id: int):
    who = request_who()
    therapy_session = session_for(who, session_id)
    if therapy_session.note is not None and therapy_session.note.is_signed:
        flash(SESSION_MESSAGE, "warning")
        return redirect(url_for("notes.session_view", session_id=therapy_session.id))
    couple = therapy_session.couple
    form = _form(couple, data=_form_data(therapy_session))
    context = {"form": form, "couple": couple, "session": therapy_session}
    if form.validate_on_submit():
        if changed_since_opened(therapy_session, form, "session"):
            return render_template("notes/session_form.html", **context), CONFLICT
        changed = update_session(therapy_session, _details(form, therapy_session), who=who)
        db.session.commit()
        flash("Changes saved." if changed else "Nothing had changed.", "success")
        return redirect(url_for("notes.session_view", session_id=therapy_session.id))
    return render_template("notes/session_form.html", **context), form_status(form)
