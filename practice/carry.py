"""Keeping a person's words when their session or form token has expired.

A POST to a view marked ``@keeps_text`` that arrives signed out (or with an expired CSRF
token) is not turned away empty-handed: the sign-in page (or a "send again" page) carries
the submitted fields in hidden inputs, and after signing in the person sends them on with
one click. Nothing is stored for an anonymous request: the text rides in the page.
"""

from __future__ import annotations

from flask import current_app, render_template, request

from .urls import safe_next, url_parts

NOT_CARRIED = {"csrf_token", "email", "password", "carried_to"}
CARRY_PREFIX = "carry-"
CARRY_TARGET = "carried_to"  # outside the prefix, so no carried field can collide with it


def keeps_text(view):
    view.keeps_text = True
    return view


def wants_text_kept() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return (
        request.method == "POST"
        and bool(getattr(view, "keeps_text", False))
        # Only our own pages' text is carried: a post from another site must never be
        # offered back as "your unsaved changes" (that would plant text in a record).
        and sent_from_this_site()
    )


def sent_from_this_site() -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    parts = url_parts(source) if source else None
    return parts is not None and parts.netloc == request.host


def submitted_fields() -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        # Passwords are never written back into a page.
        if name not in NOT_CARRIED and "password" not in name and not name.startswith(CARRY_PREFIX)
    ]


def resend_page(message: str):
    """A fresh form (new token) holding what was submitted, to send again with one click."""
    return (
        render_template(
            "auth/resend.html",
            action=request.path,
            fields=submitted_fields(),
            message=message,
        ),
        400,
    )


def carried_from(form) -> tuple[str, list[tuple[str, str]]] | None:
    """What a sign-in form carried: (same-site action path, fields), or None."""
    action = safe_next(form.get(CARRY_TARGET))
    if not action:
        return None
    fields = [
        (name[len(CARRY_PREFIX) :], value)
        for name, value in form.items(multi=True)
        if name.startswith(CARRY_PREFIX)
    ]
    return action, fields
