"""Where to send a user: their home page, or a checked ``next`` (SECURITY.md 3)."""

from __future__ import annotations

from flask import url_for


def home_for(user) -> str:
    if user.is_admin:
        return url_for("admin.users")
    if user.is_client:
        return url_for("portal.home")
    return url_for("dashboard.index")


def safe_next(target: str | None) -> str | None:
    """A same-site path to return to, or None for anything that could leave the site."""
    if not target or len(target) > 500:
        return None
    target = target.strip()
    # Browsers treat backslashes as slashes and ignore tabs and newlines inside URLs.
    if "\\" in target or any(ch in target for ch in "\t\r\n"):
        return None
    # A path on this site: one slash, then no scheme or host can follow ("//host" is a host).
    if not target.startswith("/") or target.startswith("//"):
        return None
    return target
