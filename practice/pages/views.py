"""Pages that combine domains: read-only, so they only load, audit the look, and render.

Each page's data comes from the domains below (and the page modules beside this one); no
domain imports anything from here.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from ..audit.record import audit_read
from ..audit.who import request_who
from ..auth.navigation import home_for
from ..calendar.access import upcoming_sessions_for
from ..checkins.services import (
    count_open_checkin_flags,
    open_checkin_flags,
    pending_checkins_for,
)
from ..clock import practice_today
from ..couples.access import client_for, couple_for
from ..couples.forms import StatusForm
from ..notes.schedule import sessions_overview
from ..roles import client_required, counselor_required
from ..urls import page_number
from ..web_form import ConfirmForm
from .case_page import case_page
from .case_timeline import timeline_for
from .caseload import ACTIVITY_LABELS, caseload_for
from .homework_waiting import KINDS, PER_PAGE, homework_list, homework_waiting
from .portal_home import worksheets_by_status

bp = Blueprint("pages", __name__)


@bp.get("/")
def root():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.sign_in"))


@bp.get("/dashboard")
@counselor_required
def dashboard():
    audit_read("dashboard-view", who=request_who())
    return render_template(
        "pages/dashboard.html",
        overview=caseload_for(current_user),
        activity_labels=ACTIVITY_LABELS,
        homework=homework_waiting(current_user, practice_today()),
        sessions=sessions_overview(current_user),
        flags=open_checkin_flags(current_user),
        flag_count=count_open_checkin_flags(current_user),
    )


def _homework_page(kind: str):
    """All of one dashboard list, a page at a time."""
    audit_read("dashboard-view", who=request_who(), detail=f"list={kind}")
    page = page_number()
    return render_template(
        "pages/homework.html",
        kind=kind,
        title=KINDS[kind],
        listed=homework_list(kind, current_user, practice_today(), page),
        page=page,
        per_page=PER_PAGE,
    )


@bp.get("/dashboard/review")
@counselor_required
def homework_review():
    return _homework_page("review")


@bp.get("/dashboard/overdue")
@counselor_required
def homework_overdue():
    return _homework_page("overdue")


@bp.get("/dashboard/flags")
@counselor_required
def homework_flags():
    return _homework_page("flags")


@bp.get("/cases/<int:couple_id>")
@counselor_required
def case(couple_id: int):
    who = request_who()
    couple = couple_for(who, couple_id)
    audit_read("case-view", who=who, obj=couple, couple_id=couple.id)
    return render_template(
        "pages/case.html",
        couple=couple,
        status_form=StatusForm(status=couple.status),
        confirm_form=ConfirmForm(),
        **case_page(couple, timeline_page=page_number()),
    )


@bp.get("/cases/<int:couple_id>/timeline")
@counselor_required
def timeline(couple_id: int):
    who = request_who()
    couple = couple_for(who, couple_id)
    audit_read("timeline-view", who=who, obj=couple, couple_id=couple.id)
    page = timeline_for(couple, page_number())
    return render_template("pages/timeline.html", couple=couple, timeline=page)


@bp.get("/sessions/")
@counselor_required
def sessions():
    audit_read("sessions-list", who=request_who())
    return render_template(
        "pages/sessions.html",
        sessions=sessions_overview(current_user),
        flags=open_checkin_flags(current_user),
        flag_count=count_open_checkin_flags(current_user),
    )


@bp.get("/portal/")
@client_required
def portal_home():
    who = request_who()
    client = client_for(who)
    audit_read("portal-home", who=who, couple_id=client.couple_id)
    return render_template(
        "pages/portal_home.html",
        client=client,
        overview=worksheets_by_status(client),
        pending=pending_checkins_for(client),
        sessions=upcoming_sessions_for(client),
    )
