"""The counselor's sessions at a glance: today, the week ahead, notes still to sign.

Each list shows at most LIMIT rows (soonest, or for notes the oldest, first) with its count
beside it, counted up to COUNT_CAP ("99+"), so the page costs the same with 50 cases or 5,000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, literal, select
from sqlalchemy.orm import joinedload, selectinload

from ..auth.models import User
from ..clock import practice_zone
from ..couples.models import Couple
from ..db_types import utcnow
from ..extensions import db
from .models import SessionStatus, TherapySession
from .sessions import local_day_bounds

UPCOMING_DAYS = 7
LIMIT = 10
COUNT_CAP = 99  # counts beyond this show as "99+"


@dataclass
class SessionsOverview:
    today: list[TherapySession]
    upcoming: list[TherapySession]  # after today, within the next week, still scheduled
    unsigned: list[TherapySession]  # completed, with no note or a draft one
    counts: dict[str, int] = field(default_factory=dict)  # each list's length, to COUNT_CAP + 1

    def count(self, name: str) -> str:
        value = self.counts.get(name, 0)
        return f"{COUNT_CAP}+" if value > COUNT_CAP else str(value)

    @property
    def is_empty(self) -> bool:
        return not (self.today or self.upcoming or self.unsigned)


def _mine(statement, counselor: User):
    return statement.join(Couple, TherapySession.couple_id == Couple.id).where(
        Couple.counselor_id == counselor.id
    )


def _listed(counselor: User, conditions, order, limit: int) -> tuple[list[TherapySession], int]:
    """The first rows, walking the order's index, and a count that stops at COUNT_CAP."""
    mine = _mine(select(TherapySession), counselor).where(*conditions)
    rows = db.session.scalars(
        # Each row shows its case, note status and who attended: loaded by key after the
        # limit, so the first rows are found without joining all of them.
        mine.options(
            selectinload(TherapySession.couple),
            selectinload(TherapySession.note),
            selectinload(TherapySession.attended_client),
        )
        .order_by(order, TherapySession.id)
        .limit(limit)
    ).all()
    first = mine.with_only_columns(literal(1)).limit(COUNT_CAP + 1).subquery()
    return list(rows), db.session.scalar(select(func.count()).select_from(first))


def to_sign_conditions():
    # note_signed_at mirrors the note's signature (notes/derived.py); partial index 0009.
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


def todays_sessions(couple: Couple) -> list[TherapySession]:
    """The couple's sessions on the practice's today, for "Write the note" on the case page."""
    zone = practice_zone()
    start, end = local_day_bounds(utcnow().astimezone(zone).date(), zone)
    return list(
        db.session.scalars(
            select(TherapySession)
            .where(
                TherapySession.couple_id == couple.id,
                TherapySession.starts_at >= start,
                TherapySession.starts_at < end,
                TherapySession.status.in_((SessionStatus.SCHEDULED, SessionStatus.COMPLETED)),
            )
            .options(joinedload(TherapySession.note))
            .order_by(TherapySession.starts_at)
        )
    )
