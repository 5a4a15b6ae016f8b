"""Plain error pages: a message a person can act on, never a traceback (SECURITY.md 17)."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from . import autosave
from .auth.loader import sign_in_keeping_text
from .carry import resend_page, wants_text_kept
from .extensions import db

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
