"""Recent activity on a case, which orders the counselor's lists."""

from __future__ import annotations

from sqlalchemy import update

from ..db_types import utcnow
from ..extensions import db
from .models import Couple


def mark_activity(couple_id: int) -> None:
    """Move the case up the counselor's lists without bumping its version: homework or a
    session must not make a case-edit form open in another tab look stale."""
    db.session.execute(
        update(Couple).where(Couple.id == couple_id).values(last_activity_at=utcnow())
    )
