"""The counselor's sessions at a glance: today, the week ahead, notes still to sign.

Each list shows at most LIMIT rows (soonest, or for notes the oldest, first) with its full
count beside it, so the page costs the same with 50 cases or 5,000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..clock import practice_zone
from ..couples.models import Couple
from ..db_types import utcnow
from ..extensions import db
from .models import SessionStatus, TherapySession
from .sessions import local_day_bounds

UPCOMING_DAYS = 7
LIMIT = 10


@dataclass
class SessionsOverview:
    today: list[TherapySession]
    upcoming: list[TherapySession]  # after today, within the next week, still scheduled
    unsigned: list[TherapySession]  # completed, with no note or a draft one
    counts: dict[str, int] = field(default_factory=dict)  # each list's full length

    @property
    def is_empty(self) -> bool:
        return not (self.today or self.upcoming or self.unsigned)


def _mine(statement, counselor: User):
    return statement.join(Couple, TherapySession.couple_id == Couple.id).where(
        Couple.counselor_id == counselor.id
    )


def _listed(counselor: User, conditions, order, limit: int) -> tuple[list[TherapySession], int]:
    """The first rows and, from the same query, how many there are in all."""
    rows = db.session.execute(
        _mine(select(TherapySession, func.count().over()), counselor)
        .where(*conditions)
        # Each row shows its case, note status and who attended: load them with the rows.
        .options(
            joinedload(TherapySession.couple),
            joinedload(TherapySession.note),
            joinedload(TherapySession.attended_client),
        )
        .order_by(order, TherapySession.id)
        .limit(limit)
    ).all()
    return [session for session, _ in rows], rows[0][1] if rows else 0


def to_sign_conditions():
    # note_signed_at mirrors the note's signature (notes/derived.py); partial index 0007.
    return (
        TherapySession.status == SessionStatus.COMPLETED,
        TherapySession.note_signed_at.is_(None),
    )


def sessions_overview(counselor: User, *, limit: int = LIMIT) -> SessionsOverview:
    zone = practice_zone()
    today = utcnow().astimezone(zone).date()
    start, end = local_day_bounds(today, zone)
    week_end = local_day_bounds(today + timedelta(days=UPCOMING_DAYS), zone)[1]
    starts = TherapySession.starts_at
    todays, today_count = _listed(counselor, (starts >= start, starts < end), starts, limit)
    upcoming, upcoming_count = _listed(
        counselor,
        (starts >= end, starts < week_end, TherapySession.status == SessionStatus.SCHEDULED),
        starts,
        limit,
    )
    unsigned, unsigned_count = _listed(counselor, to_sign_conditions(), starts, limit)
    return SessionsOverview(
        today=todays,
        upcoming=upcoming,
        unsigned=unsigned,
        counts={"today": today_count, "upcoming": upcoming_count, "unsigned": unsigned_count},
    )
