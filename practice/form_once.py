"""One-time form tokens, for forms whose effect must happen once.

A signed addendum is part of the legal record: a double click, the browser's "resend", or a
captured request sent again must not add it twice. The page carries a signed random token
for its signed-in user; the change and the token's spent row commit together, and the
token's primary key refuses a second spending, even by a request running at the same time.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from .db_types import UTCDateTime, utcnow
from .extensions import db

MAX_AGE_SECONDS = 12 * 60 * 60  # as long as a signed-in session can last


class SpentFormToken(db.Model):
    __tablename__ = "spent_form_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    spent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Spending(enum.Enum):
    SPENT = "spent"  # first use: go ahead
    ALREADY = "already"  # sent before: the change was made then
    INVALID = "invalid"  # missing, forged, another user's or too old: show the form again


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="trustwork-form-once")


def issue(purpose: str, user_id: int) -> str:
    return _serializer().dumps([purpose, user_id, secrets.token_urlsafe(16)])


def spend(token: str | None, purpose: str, user_id: int) -> Spending:
    """Spend the token in the current unit of work (it commits with the change)."""
    try:
        issued_for, issued_to, nonce = _serializer().loads(token or "", max_age=MAX_AGE_SECONDS)
    except (BadSignature, ValueError, TypeError):
        return Spending.INVALID
    if (issued_for, issued_to) != (purpose, user_id):
        return Spending.INVALID
    digest = hashlib.sha256(nonce.encode()).hexdigest()
    if db.session.get(SpentFormToken, digest) is not None:
        return Spending.ALREADY
    try:
        with db.session.begin_nested():  # a twin request may spend it first: then it waits
            db.session.add(SpentFormToken(token_hash=digest))
    except IntegrityError:
        return Spending.ALREADY
    return Spending.SPENT
