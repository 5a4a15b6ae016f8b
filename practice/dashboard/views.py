from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from ..auth.navigation import home_for
from ..roles import counselor_required
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
    return render_template(
        "dashboard/index.html",
        overview=overview_for(current_user),
        activity_labels=ACTIVITY_LABELS,
    )
