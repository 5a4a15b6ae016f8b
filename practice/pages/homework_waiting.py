"""The homework side of the dashboard: what waits for review, what is late, what is flagged.

Each list is its most urgent LIMIT rows with its full count from the same query; the "see
all" page (homework_list) pages through one list. No list loads a worksheet's definition
or a partner's answers: a row needs only the title, the names and the dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import defer, joinedload

from ..assignments.models import AnswerFlag, Assignment, Response, ResponseStatus
from ..auth.models import User
from ..couples.models import CaseStatus, Couple
from ..extensions import db

LIMIT = 10
PER_PAGE = 25
KINDS = {
    "review": "Waiting for your review",
    "overdue": "Overdue",
    "flags": "Flagged answers",
}
LIGHT = (defer(Assignment.definition, raiseload=True),)


@dataclass
class Listed:
    items: list
    total: int


@dataclass
class HomeworkWaiting:
    to_review: Listed
    overdue: Listed
    flags: Listed


def _to_review(counselor: User):
    return (
        select(Response, func.count().over())
        .join(Assignment, Response.assignment_id == Assignment.id)
        .join(Couple, Assignment.couple_id == Couple.id)
        .where(
            Couple.counselor_id == counselor.id,
            Response.status == ResponseStatus.SUBMITTED,
            Assignment.cancelled_at.is_(None),
        )
        .options(
            defer(Response.answers, raiseload=True),
            joinedload(Response.assignment).options(*LIGHT).joinedload(Assignment.couple),
            joinedload(Response.client),
        )
        .order_by(Response.submitted_at, Response.id)
    )


def _overdue(counselor: User, today: date):
    return (
        select(Assignment, func.count().over())
        .join(Couple, Assignment.couple_id == Couple.id)
        .where(
            Couple.counselor_id == counselor.id,
            Couple.status == CaseStatus.ACTIVE,
            Assignment.is_open,
            Assignment.due_date < today,
        )
        .options(*LIGHT, joinedload(Assignment.couple))
        .order_by(Assignment.due_date, Assignment.id)
    )


def _flags(counselor: User):
    return (
        select(AnswerFlag, func.count().over())
        .join(Couple, AnswerFlag.couple_id == Couple.id)
        .where(Couple.counselor_id == counselor.id, AnswerFlag.acknowledged_at.is_(None))
        .options(
            joinedload(AnswerFlag.couple),
            joinedload(AnswerFlag.response).options(
                defer(Response.answers, raiseload=True),
                joinedload(Response.client),
                joinedload(Response.assignment).options(*LIGHT),
            ),
        )
        .order_by(AnswerFlag.raised_at.desc(), AnswerFlag.id.desc())
    )


def _listed(statement, limit: int, offset: int = 0) -> Listed:
    rows = db.session.execute(statement.limit(limit).offset(offset)).all()
    return Listed(items=[row[0] for row in rows], total=rows[0][1] if rows else 0)


def _statement(kind: str, counselor: User, today: date):
    if kind == "review":
        return _to_review(counselor)
    if kind == "overdue":
        return _overdue(counselor, today)
    return _flags(counselor)


def homework_waiting(counselor: User, today: date, *, limit: int = LIMIT) -> HomeworkWaiting:
    return HomeworkWaiting(*(_listed(_statement(kind, counselor, today), limit) for kind in KINDS))


def homework_list(kind: str, counselor: User, today: date, page: int) -> Listed:
    """One page of one of the dashboard's homework lists, for its "see all" page."""
    return _listed(_statement(kind, counselor, today), PER_PAGE, (page - 1) * PER_PAGE)
