"""Where to send a user once signed in: their home page."""

from __future__ import annotations

from flask import url_for


def home_for(user) -> str:
    if user.is_admin:
        return url_for("admin.users")
    if user.is_client:
        return url_for("pages.portal_home")
    return url_for("pages.dashboard")
