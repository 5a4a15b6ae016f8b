"""The counselor's side of check-ins: chart, entry in session, requests, flags.

Thin: parse, authorize (couple_for and the loaders in access.py), call, commit, redirect.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..audit.record import audit_read
from ..audit.who import request_who
from ..carry import keeps_text
from ..couples.access import couple_for
from ..couples.open_case import closed_case_redirect
from ..extensions import db
from ..roles import counselor_required
from ..urls import safe_next
from ..web_form import form_status
from .access import checkin_for, flag_for, request_for
from .blueprint import bp
from .chart import chart_data
from .forms import RequestForm, counselor_form_class, scores_from
from .measure import trust_measure
from .models import CheckInFlag
from .services import (
    acknowledge_flag,
    active_requests,
    record_checkin,
    request_checkins,
    stop_request,
)


@bp.get("/cases/<int:couple_id>/check-ins")
@counselor_required
def index(couple_id: int):
    who = request_who()
    couple = couple_for(who, couple_id)
    audit_read("checkin-view", who=who, obj=couple, couple_id=couple.id)
    flags = db.session.scalars(
        db.select(CheckInFlag).where(
            CheckInFlag.couple_id == couple.id, CheckInFlag.acknowledged_at.is_(None)
        )
    ).all()
    measure = trust_measure()
    item = request.args.get("item") if request.args.get("item") in measure.item_ids else None
    return render_template(
        "checkins/index.html",
        couple=couple,
        chart=chart_data(couple, item),
        measure=measure,
        chart_item=measure.item(item) if item else None,
        requests=active_requests(couple),
        flags=flags,
    )


@bp.route("/cases/<int:couple_id>/check-ins/new", methods=["GET", "POST"])
@counselor_required
@keeps_text
def new_checkin(couple_id: int):
    who = request_who()
    couple = couple_for(who, couple_id)
    if closed := closed_case_redirect(couple):
        return closed
    form = counselor_form_class()(couple)
    if form.validate_on_submit():
        client = next(p for p in couple.partners if p.id == form.partner.data)
        record_checkin(client, scores_from(form), entered_by_user=current_user, who=who)
        db.session.commit()
        flash(f"Check-in saved for {client.full_name}.", "success")
        return redirect(url_for("checkins.index", couple_id=couple.id))
    # The form names both partners: showing it is a view of the case.
    audit_read("checkin-form-view", who=who, obj=couple, couple_id=couple.id)
    page = render_template("checkins/form.html", couple=couple, form=form, measure=trust_measure())
    return page, form_status(form)


@bp.route(
    "/cases/<int:couple_id>/check-ins/request",
    methods=["GET", "POST"],
    endpoint="request_checkins",
)
@counselor_required
def request_checkins_view(couple_id: int):
    who = request_who()
    couple = couple_for(who, couple_id)
    if closed := closed_case_redirect(couple):
        return closed
    form = RequestForm()
    if form.validate_on_submit():
        created = request_checkins(current_user, couple, form.cadence_days, who=who)
        db.session.commit()
        flash(
            f"Both partners will be asked to check in {created.cadence} in their portal.",
            "success",
        )
        return redirect(url_for("checkins.index", couple_id=couple.id))
    audit_read("checkin-request-form-view", who=who, obj=couple, couple_id=couple.id)
    page = render_template(
        "checkins/request.html", couple=couple, form=form, requests=active_requests(couple)
    )
    return page, form_status(form)


@bp.post("/check-in-requests/<int:request_id>/stop")
@counselor_required
def stop(request_id: int):
    who = request_who()
    checkin_request = request_for(who, request_id)
    if stop_request(checkin_request, who=who):
        db.session.commit()
        flash("Check-in requests stopped. Earlier answers are kept.", "success")
    return redirect(url_for("checkins.index", couple_id=checkin_request.couple_id))


@bp.get("/check-ins/<int:checkin_id>")
@counselor_required
def checkin_view(checkin_id: int):
    who = request_who()
    checkin = checkin_for(who, checkin_id)
    audit_read("checkin-view", who=who, obj=checkin, couple_id=checkin.couple_id)
    return render_template("checkins/detail.html", checkin=checkin, measure=trust_measure())


@bp.post("/check-in-flags/<int:flag_id>/acknowledge")
@counselor_required
def acknowledge(flag_id: int):
    who = request_who()
    flag = flag_for(who, flag_id)
    # Read the form before committing: a body too big to read must not leave a change behind.
    back_to = safe_next(request.form.get("next")) or url_for("pages.sessions")
    if acknowledge_flag(flag, current_user, who=who):
        db.session.commit()
        flash(f"Marked as seen: {flag.client.display_name}'s check-in drop.", "success")
    return redirect(back_to)
