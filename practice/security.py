"""Request-wide protections: who is signed in, response headers, friendly error pages."""

from __future__ import annotations

from flask import Flask, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from . import autosave
from .auth.sessions import load_session_user
from .carry import resend_page, sign_in_keeping_text, wants_text_kept
from .extensions import db, login_manager
from .urls import url_parts

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

ERROR_MESSAGES = {
    400: (
        "Something in that request wasn't right",
        "Go back, check what you entered, and try again.",
    ),
    403: (
        "You don't have access to this page",
        "If you think you should, ask your practice admin.",
    ),
    404: ("We couldn't find that page", "It may have moved, or the link may be incomplete."),
    405: ("That action isn't available here", "Go back and use the buttons on the page."),
    413: ("That was too much to send at once", "Shorten the text or split it up, then try again."),
    429: ("Too many attempts", "For your security, please wait a minute and then try again."),
    500: (
        "Something went wrong on our side",
        "Nothing you did caused this. Please try again in a moment.",
    ),
}


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


def register_headers(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if not request.path.startswith("/static/"):
            # Pages may hold clinical data: never keep them in a browser or proxy cache.
            headers["Cache-Control"] = "no-store"
            headers["Pragma"] = "no-cache"
        return response


def _error_page(code: int, detail: str | None = None):
    title, hint = ERROR_MESSAGES.get(code, ERROR_MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, hint=detail or hint), code


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        app.logger.warning(
            "CSRF refused: %s %s (%s)", request.method, request.path, error.description
        )
        if autosave.is_autosave(request):
            return autosave.csrf_expired()
        if wants_text_kept():
            if not current_user.is_authenticated:
                return sign_in_keeping_text()
            return resend_page(
                "This page had been open a long time, so its security check ran out."
            )
        return _error_page(
            400,
            "This form had expired or was sent from somewhere else, so nothing was saved. "
            "Go back, reload the page, and send it again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        app.logger.info("%s %s -> %s", request.method, request.path, error.code)
        return _error_page(error.code if error.code in ERROR_MESSAGES else 400)

    @app.errorhandler(Exception)
    def unhandled_error(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return _error_page(InternalServerError.code)
