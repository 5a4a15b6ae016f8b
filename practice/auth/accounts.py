"""Questions about accounts that more than one part of the app asks."""

from __future__ import annotations

import unicodedata

from sqlalchemy import func, select

from ..extensions import db
from .models import User

MAX_EMAIL_LENGTH = 254


def account_key(email: str | None) -> str:
    """The one spelling of a typed email that names an account.

    The sign-in lookup and the sign-in limit both use it: if they normalised differently,
    ``someone@example.org\\x00`` would find the account while starting a fresh count of
    failures. Invisible characters (NUL, other controls, zero-width and direction marks) are
    dropped, the ends trimmed, and the case folded, as addresses are stored lower-cased.
    """
    if not isinstance(email, str):
        return ""
    visible = "".join(ch for ch in email if unicodedata.category(ch) not in ("Cc", "Cf"))
    return visible.strip().lower()[:MAX_EMAIL_LENGTH]


def email_taken(email: str, *, except_id: int | None = None) -> bool:
    """Whether an account (other than except_id's) signs in with this address, in any case:
    one address can't sign in to two accounts."""
    statement = select(User.id).where(func.lower(User.email) == account_key(email))
    if except_id is not None:
        statement = statement.where(User.id != except_id)
    return db.session.scalar(statement) is not None
