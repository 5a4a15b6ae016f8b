"""Questions about accounts that more than one part of the app asks."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from .models import User


def email_taken(email: str, *, except_id: int | None = None) -> bool:
    """Whether an account (other than except_id's) signs in with this address, in any case:
    one address can't sign in to two accounts."""
    statement = select(User.id).where(func.lower(User.email) == email.strip().lower())
    if except_id is not None:
        statement = statement.where(User.id != except_id)
    return db.session.scalar(statement) is not None
