"""Sign-ins that got the password right and wait for the second step.

The browser holds a random token in its cookie session; the database holds its hash. The
token is not a signed-in session: Flask-Login never sees it, so no page that needs a
signed-in user opens for it. Functions add and flush; the view commits.
"""

from __future__ import annotations

import secrets

from flask import current_app, session
from sqlalchemy import delete, select

from ...db_types import utcnow
from ...extensions import db
from ..models import User
from ..sessions import token_digest
from .models import PendingSignIn
from .totp import new_secret

PENDING_KEY = "pending_sign_in"
NEXT_KEY = "after_sign_in"


def start_pending(
    user: User, next_url: str | None, *, enrolling: bool, address: str | None
) -> PendingSignIn:
    """Remember a right password, in this browser only, until the code comes (or not).

    Someone about to set up an app gets its secret now, so the setup page (a GET) only
    shows it and writes nothing.
    """
    cutoff = utcnow() - current_app.config["SECOND_FACTOR_TIMEOUT"]
    db.session.execute(delete(PendingSignIn).where(PendingSignIn.created_at < cutoff))
    token = secrets.token_urlsafe(32)
    row = PendingSignIn(
        user=user,
        token_hash=token_digest(token),
        ip_address=address,
        enrolment_secret=new_secret() if enrolling else None,
    )
    db.session.add(row)
    session[PENDING_KEY] = token
    if next_url:
        session[NEXT_KEY] = next_url
    return row


def pending_sign_in() -> PendingSignIn | None:
    """This browser's sign-in awaiting its code, or None (none, finished or timed out)."""
    token = session.get(PENDING_KEY)
    if not isinstance(token, str):
        return None
    row = db.session.scalar(select(PendingSignIn).filter_by(token_hash=token_digest(token)))
    if row is None or not row.user.active:
        return None
    if utcnow() - row.created_at > current_app.config["SECOND_FACTOR_TIMEOUT"]:
        return None
    return row


def has_pending_mark() -> bool:
    """Whether this browser was part way through signing in (cheap: no database)."""
    return PENDING_KEY in session


def end_pending(row: PendingSignIn | None = None) -> None:
    """The sign-in finished or was given up: its token is no good any more."""
    token = session.pop(PENDING_KEY, None)
    if row is not None:
        statement = delete(PendingSignIn).where(PendingSignIn.id == row.id)
    elif isinstance(token, str):
        statement = delete(PendingSignIn).where(PendingSignIn.token_hash == token_digest(token))
    else:
        return
    # A statement, not session.delete(): a request racing this one may have deleted it first.
    db.session.execute(statement.execution_options(synchronize_session=False))


def forget_pending_sign_ins(user_id: int) -> None:
    db.session.execute(delete(PendingSignIn).where(PendingSignIn.user_id == user_id))
