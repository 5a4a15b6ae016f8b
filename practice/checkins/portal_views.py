"""Each partner answers check-ins in the portal, and sees only their own answers."""

from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ..audit.record import audit_read
from ..audit.who import request_who
from ..carry import keeps_text
from ..clock import long_date
from ..couples.access import client_for
from ..extensions import db
from ..roles import client_required
from ..web_form import form_status
from .access import own_checkin, request_for_client
from .blueprint import bp
from .forms import checkin_form, scores_from
from .measure import trust_measure
from .services import checkin_schedule, is_due, next_due_on, own_checkins, record_checkin


def _portal_home() -> str:
    if "pages.portal_home" in current_app.view_functions:
        return url_for("pages.portal_home")
    return url_for("checkins.portal_index")


def _next_one_opens(day: date | None) -> str:
    return f"The next one opens on {long_date(day)}." if day else ""


def _caught_up(next_on: date | None) -> str:
    message = "You're all caught up: this check-in is already answered. Thank you."
    return f"{message} {_next_one_opens(next_on)}".strip()


@bp.get("/portal/check-ins/")
@client_required
def portal_index():
    who = request_who()
    client = client_for(who)
    schedule = checkin_schedule(client)
    audit_read("checkin-list", who=who, obj=client, couple_id=client.couple_id)
    return render_template(
        "checkins/portal_index.html",
        client=client,
        pending=schedule.due_now,
        next_one_opens=_next_one_opens(schedule.next_on),
        checkins=own_checkins(client),
    )


@bp.route("/portal/check-ins/<int:request_id>", methods=["GET", "POST"])
@client_required
@keeps_text
def answer(request_id: int):
    who = request_who()
    client, checkin_request = request_for_client(who, request_id)
    if not is_due(checkin_request, client):
        flash(_caught_up(next_due_on(checkin_request, client)), "info")
        return redirect(url_for("checkins.portal_index"))
    form = checkin_form()
    if form.validate_on_submit():
        record_checkin(
            client,
            scores_from(form),
            entered_by_user=current_user,
            checkin_request=checkin_request,
            who=who,
        )
        db.session.commit()
        flash(f"Thank you. Your check-in was sent to {client.couple.counselor.name}.", "success")
        return redirect(_portal_home())
    audit_read("checkin-form-view", who=who, obj=checkin_request, couple_id=client.couple_id)
    return render_template(
        "checkins/portal_form.html",
        client=client,
        form=form,
        measure=trust_measure(),
        checkin_request=checkin_request,
    ), form_status(form)


@bp.get("/portal/check-ins/answers/<int:checkin_id>")
@client_required
def portal_checkin(checkin_id: int):
    who = request_who()
    client, checkin = own_checkin(who, checkin_id)
    audit_read("checkin-view", who=who, obj=checkin, couple_id=checkin.couple_id)
    return render_template(
        "checkins/portal_detail.html", client=client, checkin=checkin, measure=trust_measure()
    )
