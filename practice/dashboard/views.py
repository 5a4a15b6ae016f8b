from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from ..audit.record import audit
from ..auth.navigation import home_for
from ..checkins.services import open_checkin_flags
from ..extensions import db
from ..notes.overview import sessions_overview
from ..roles import counselor_required
from ..templating import practice_today
from .homework import homework_for
from .overview import ACTIVITY_LABELS, overview_for

bp = Blueprint("dashboard", __name__)


@bp.get("/")
def root():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.sign_in"))


@bp.get("/dashboard")
@counselor_required
def index():
    audit("dashboard-view")
    db.session.commit()
    return render_template(
        "dashboard/index.html",
        overview=overview_for(current_user),
        activity_labels=ACTIVITY_LABELS,
        homework=homework_for(current_user, practice_today()),
        sessions=sessions_overview(current_user),
        flags=open_checkin_flags(current_user),
    )
