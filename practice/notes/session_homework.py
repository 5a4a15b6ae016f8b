"""The homework a session dealt with, shown beside its note for reference.

Assignments carry no link to a session, so "given in this session" honestly means created
on the session's local date, and "reviewed in it" means a response reviewed that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..assignments.models import Assignment, Response
from ..extensions import db
from .models import TherapySession
from .sessions import local_day_bounds


@dataclass
class SessionHomework:
    given: list[Assignment]
    reviewed: list[Response]

    def __bool__(self) -> bool:
        return bool(self.given or self.reviewed)


def homework_of_session(therapy_session: TherapySession, zone: ZoneInfo) -> SessionHomework:
    day = therapy_session.starts_at.astimezone(zone).date()
    start, end = local_day_bounds(day, zone)
    given = db.session.scalars(
        select(Assignment)
        .where(
            Assignment.couple_id == therapy_session.couple_id,
            Assignment.created_at >= start,
            Assignment.created_at < end,
        )
        .order_by(Assignment.created_at)
    ).all()
    reviewed = db.session.scalars(
        select(Response)
        .join(Assignment)
        .where(
            Assignment.couple_id == therapy_session.couple_id,
            Response.reviewed_at >= start,
            Response.reviewed_at < end,
        )
        .order_by(Response.reviewed_at)
    ).all()
    return SessionHomework(given=list(given), reviewed=list(reviewed))
