"""The homework side of the dashboard: what waits for review, what is late, what is flagged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..assignments.models import AnswerFlag, Assignment, Response, ResponseStatus
from ..auth.models import User
from ..couples.models import CaseStatus, Couple
from ..extensions import db


@dataclass
class Homework:
    to_review: list[Response]
    overdue: list[Assignment]
    flags: list[AnswerFlag]


def homework_for(counselor: User, today: date) -> Homework:
    mine = Couple.counselor_id == counselor.id
    to_review = db.session.scalars(
        select(Response)
        .join(Assignment)
        .join(Couple)
        .where(mine, Response.status == ResponseStatus.SUBMITTED, Assignment.cancelled_at.is_(None))
        .options(
            joinedload(Response.assignment).joinedload(Assignment.couple),
            joinedload(Response.client),
        )
        .order_by(Response.submitted_at)
    ).all()
    late = db.session.scalars(
        select(Assignment)
        .join(Couple)
        .where(
            mine,
            Couple.status == CaseStatus.ACTIVE,
            Assignment.cancelled_at.is_(None),
            Assignment.due_date < today,
        )
        .options(selectinload(Assignment.responses), joinedload(Assignment.couple))
        .order_by(Assignment.due_date)
    ).all()
    flags = db.session.scalars(
        select(AnswerFlag)
        .join(Couple)
        .where(mine, AnswerFlag.acknowledged_at.is_(None))
        .options(
            joinedload(AnswerFlag.couple),
            joinedload(AnswerFlag.response).joinedload(Response.client),
            joinedload(AnswerFlag.response).joinedload(Response.assignment),
        )
        .order_by(AnswerFlag.raised_at.desc())
    ).all()
    return Homework(
        to_review=list(to_review),
        overdue=[a for a in late if not a.all_submitted],
        flags=list(flags),
    )
