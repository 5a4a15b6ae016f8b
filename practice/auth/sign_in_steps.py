"""The last step of signing in, the same after a password alone or after a second factor."""

from __future__ import annotations

from flask import g, redirect, render_template, session
from flask_login import login_user

from ..audit.record import audit
from ..audit.who import Who
from ..urls import safe_next
from .models import User
from .navigation import home_for
from .sessions import start_session

CARRIED_MESSAGE = (
    "Welcome back. The changes you made before you were signed out have not been saved yet."
)


def finish_sign_in(user: User, *, how: str | None = None, who: Who) -> None:
    """Sign the browser in with a fresh session: nothing from before survives (SECURITY 4)."""
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF caches the old token for this request
    start_session(user)
    login_user(user)
    session.permanent = True
    audit("sign-in", who=who.acting_as(user), obj=user, detail=f"with {how}" if how else None)


def landing_page(user: User, *, carried, next_url: str | None):
    """Where a person goes once signed in: their unsaved words first, if they had any."""
    if carried:
        action, fields = carried
        return render_template(
            "auth/resend.html",
            action=action,
            fields=fields,
            message=CARRIED_MESSAGE,
            # With JavaScript the words go straight on to the page they came from.
            autosend=True,
        )
    return redirect(landing_url(user, next_url))


def landing_url(user: User, next_url: str | None) -> str:
    return safe_next(next_url) or home_for(user)
