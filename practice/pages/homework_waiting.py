"""The homework side of the dashboard: what waits for review, what is late, what is flagged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..assignments.models import AnswerFlag, Assignment, FlagKind, Response, ResponseStatus
from ..assignments.queries import overdue_assignments
from ..auth.models import User
from ..couples.models import Couple
from ..extensions import db


@dataclass
class HomeworkWaiting:
    to_review: list[Response]
    overdue: list[Assignment]
    flags: list[AnswerFlag]


def homework_waiting(counselor: User, today: date) -> HomeworkWaiting:
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
    flags = db.session.scalars(
        select(AnswerFlag)
        .join(Couple)
        .where(mine, AnswerFlag.acknowledged_at.is_(None))
        .options(
            joinedload(AnswerFlag.couple),
            joinedload(AnswerFlag.response).joinedload(Response.client),
            joinedload(AnswerFlag.response).joinedload(Response.assignment),
        )
        # Safety first: a risk of harm waits behind nothing else.
        .order_by((AnswerFlag.kind == FlagKind.SAFETY).desc(), AnswerFlag.raised_at.desc())
    ).all()
    return HomeworkWaiting(
        to_review=list(to_review),
        overdue=overdue_assignments(counselor, today),
        flags=list(flags),
    )
