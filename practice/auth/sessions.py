"""Server-side sign-in sessions.

Flask's cookie session cannot be revoked, so the cookie carries only a random token whose
hash names a ``UserSession`` row. Signing out, changing a password or deactivating an account
ends rows, and a replayed cookie then finds nothing (SECURITY.md 4-6).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, g, has_request_context, request
from sqlalchemy import update

from ..db_types import utcnow
from ..extensions import db
from .models import User, UserSession

# last_seen_at is refreshed at most this often, so reading a page is not a write every time.
TOUCH_INTERVAL = timedelta(seconds=60)


def token_digest(token: str) -> str:
    """What we keep of a secret token: its SHA-256, so a database leak hands out nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> str:
    token = secrets.token_urlsafe(32)
    agent = request.user_agent.string[:200] if has_request_context() else None
    address = request.remote_addr if has_request_context() else None
    db.session.add(
        UserSession(user=user, token_hash=token_digest(token), ip_address=address, user_agent=agent)
    )
    user.session_token = token
    return token


def _expiry(row: UserSession, at: datetime) -> str | None:
    """Why this session had run out at that moment ("idle" or "too long"), or None."""
    # last_seen_at can lag the last request by up to TOUCH_INTERVAL: allowing for it means
    # nobody is signed out before a full idle timeout of doing nothing.
    if at - row.last_seen_at > current_app.config["SESSION_IDLE_TIMEOUT"] + TOUCH_INTERVAL:
        return "idle"
    if at - row.created_at > current_app.config["SESSION_ABSOLUTE_TIMEOUT"]:
        return "too long"
    return None


def load_session_user(token: str) -> User | None:
    """The user a session token belongs to, or None when it is unknown, ended or expired."""
    row = db.session.scalar(db.select(UserSession).filter_by(token_hash=token_digest(token)))
    if row is None or not row.user.active:
        return None
    if row.ended_at is not None:
        # Ended already, perhaps by the timeout on an earlier request (an autosave, say):
        # the sign-in page should still say why.
        _tell_the_page(_expiry(row, row.ended_at))
        return None
    now = utcnow()
    if expiry := _expiry(row, now):
        row.ended_at = now
        db.session.commit()
        _tell_the_page(expiry)
        return None
    if now - row.last_seen_at > TOUCH_INTERVAL:
        row.last_seen_at = now
        db.session.commit()
    row.user.session_token = token
    return row.user


def _tell_the_page(expiry: str | None) -> None:
    if expiry and has_request_context():
        g.session_expiry = expiry


def end_session(token: str | None) -> None:
    if token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token_hash == token_digest(token), UserSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )


def end_sessions_of(user: User, *, except_token: str | None = None) -> None:
    statement = update(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None)
    )
    if except_token:
        statement = statement.where(UserSession.token_hash != token_digest(except_token))
    db.session.execute(statement.values(ended_at=utcnow()))
