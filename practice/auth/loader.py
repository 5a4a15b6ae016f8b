"""Who is signed in: the user each request loads, and what a signed-out request gets.

A signed-out autosave gets a JSON answer its page understands; a signed-out form post that
keeps text gets the sign-in page carrying that text; anything else goes to sign in and
comes back.
"""

from __future__ import annotations

from flask import Flask, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from .. import autosave
from ..carry import submitted_fields, wants_text_kept
from ..extensions import login_manager
from ..urls import url_parts
from .forms import SignInForm
from .sessions import load_session_user


def register_sign_in(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # our server-side sessions do this job
    login_manager.user_loader(load_session_user)

    @login_manager.unauthorized_handler
    def signed_out():
        if autosave.is_autosave(request):
            return autosave.signed_out()
        if wants_text_kept():
            return sign_in_keeping_text()
        flash(_why_signed_out(), "info")
        # After signing in, go back to the page: for a POST that is the page it came from.
        here = request.full_path.rstrip("?") if request.method == "GET" else _page_posted_from()
        return redirect(url_for("auth.sign_in", next=here))

    @app.before_request
    def load_user_early() -> None:
        # Load (and maybe refresh) the session before the view starts its own unit of work.
        _ = current_user.is_authenticated


def _why_signed_out() -> str:
    expiry = g.get("session_expiry")
    if expiry is None:
        return login_manager.login_message
    config = current_app.config
    if expiry == "idle":
        minutes = int(config["SESSION_IDLE_TIMEOUT"].total_seconds() // 60)
        why = f"after {minutes} minutes without activity"
    else:
        hours = int(config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds() // 3600)
        why = f"after {hours} hours signed in"
    return (
        f"To keep your records private, you were signed out {why}. "
        "Sign in again and you'll come straight back here."
    )


def _page_posted_from() -> str | None:
    referrer = url_parts(request.referrer or "")
    if referrer is None or referrer.netloc != request.host:
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


def sign_in_keeping_text():
    """The sign-in page, carrying what was just submitted to the current URL."""
    form = SignInForm(formdata=None)
    return (
        render_template(
            "auth/sign_in.html",
            form=form,
            carry_action=request.path,
            carry_fields=submitted_fields(),
        ),
        401,
    )
