"""The counselor's sessions at a glance: today, the week ahead, notes still to sign."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..clock import practice_zone
from ..couples.models import Couple
from ..db_types import utcnow
from ..extensions import db
from .models import SessionNote, SessionStatus, TherapySession
from .sessions import local_day_bounds

UPCOMING_DAYS = 7


@dataclass
class SessionsOverview:
    today: list[TherapySession]
    upcoming: list[TherapySession]  # after today, within the next week, still scheduled
    unsigned: list[TherapySession]  # completed, with no note or a draft one

    @property
    def is_empty(self) -> bool:
        return not (self.today or self.upcoming or self.unsigned)


def _counselors_sessions(counselor: User):
    return (
        select(TherapySession)
        .join(Couple, TherapySession.couple_id == Couple.id)
        .where(Couple.counselor_id == counselor.id)
        # Each row shows its case, note status and who attended: load them with the rows.
        .options(
            joinedload(TherapySession.couple),
            joinedload(TherapySession.note),
            joinedload(TherapySession.attended_client),
        )
    )


def sessions_overview(counselor: User) -> SessionsOverview:
    zone = practice_zone()
    today = utcnow().astimezone(zone).date()
    start, end = local_day_bounds(today, zone)
    week_end = local_day_bounds(today + timedelta(days=UPCOMING_DAYS), zone)[1]
    mine = _counselors_sessions(counselor)
    todays = db.session.scalars(
        mine.where(TherapySession.starts_at >= start, TherapySession.starts_at < end).order_by(
            TherapySession.starts_at
        )
    ).all()
    upcoming = db.session.scalars(
        mine.where(
            TherapySession.starts_at >= end,
            TherapySession.starts_at < week_end,
            TherapySession.status == SessionStatus.SCHEDULED,
        ).order_by(TherapySession.starts_at)
    ).all()
    unsigned = db.session.scalars(
        mine.outerjoin(SessionNote, SessionNote.therapy_session_id == TherapySession.id)
        .where(
            TherapySession.status == SessionStatus.COMPLETED,
            or_(SessionNote.id.is_(None), SessionNote.signed_at.is_(None)),
        )
        .order_by(TherapySession.starts_at)
    ).all()
    return SessionsOverview(today=list(todays), upcoming=list(upcoming), unsigned=list(unsigned))


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
