"""The homework side of the dashboard: what waits for review, what is late, what is flagged.

Each list is its most urgent LIMIT rows, found by walking an index in the list's order, and a
count that stops at COUNT_CAP ("99+"): a full count of 10,000 submissions would cost as much
as the list used to. The "see all" page (homework_list) pages through one list. No list
loads a worksheet's definition or a partner's answers: a row needs only titles, names, dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, literal, select
from sqlalchemy.orm import defer, joinedload, selectinload

from ..assignments.models import AnswerFlag, Assignment, FlagKind, Response, ResponseStatus
from ..auth.models import User
from ..couples.models import CaseStatus, Couple
from ..extensions import db

LIMIT = 10
COUNT_CAP = 99
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
    total: int  # at most COUNT_CAP + 1
    more: bool = False  # another page follows (see-all pages)

    @property
    def count(self) -> str:
        return f"{COUNT_CAP}+" if self.total > COUNT_CAP else str(self.total)


@dataclass
class HomeworkWaiting:
    to_review: Listed
    overdue: Listed
    flags: Listed


def _to_review(counselor: User):
    base = (
        select(Response)
        .join(Assignment, Response.assignment_id == Assignment.id)
        .join(Couple, Assignment.couple_id == Couple.id)
        .where(
            Couple.counselor_id == counselor.id,
            Response.status == ResponseStatus.SUBMITTED,
            Assignment.cancelled_at.is_(None),
        )
    )
    # Related rows by primary key after the limit (selectinload), not joined before it: a
    # join makes the planner join every submission before it can take the first ten.
    rows = base.options(
        defer(Response.answers, raiseload=True),
        selectinload(Response.assignment).options(*LIGHT).joinedload(Assignment.couple),
        selectinload(Response.client),
    ).order_by(Response.submitted_at, Response.id)
    return base, rows


def _overdue(counselor: User, today: date):
    base = (
        select(Assignment)
        .join(Couple, Assignment.couple_id == Couple.id)
        .where(
            Couple.counselor_id == counselor.id,
            Couple.status == CaseStatus.ACTIVE,
            Assignment.is_open,
            Assignment.due_date < today,
        )
    )
    rows = base.options(*LIGHT, joinedload(Assignment.couple)).order_by(
        Assignment.due_date, Assignment.id
    )
    return base, rows


def _flags(counselor: User):
    base = (
        select(AnswerFlag)
        .join(Couple, AnswerFlag.couple_id == Couple.id)
        .where(Couple.counselor_id == counselor.id, AnswerFlag.acknowledged_at.is_(None))
    )
    rows = base.options(
        selectinload(AnswerFlag.couple),
        selectinload(AnswerFlag.response).options(
            defer(Response.answers, raiseload=True),
            joinedload(Response.client),
            joinedload(Response.assignment).options(*LIGHT),
        ),
    ).order_by(
        # Safety first: a risk of harm waits behind nothing else. Open flags are few (each is
        # acknowledged once seen), so sorting them by kind costs little at any practice size.
        (AnswerFlag.kind == FlagKind.SAFETY).desc(),
        AnswerFlag.raised_at.desc(),
        AnswerFlag.id.desc(),
    )
    return base, rows


def _capped_count(base) -> int:
    """How many, counted up to COUNT_CAP + 1 only: "99+" costs the same at any size."""
    first = base.with_only_columns(literal(1)).limit(COUNT_CAP + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(first))


def _listed(statements, limit: int, offset: int = 0) -> Listed:
    base, rows = statements
    items = list(db.session.scalars(rows.limit(limit).offset(offset)))
    return Listed(items=items, total=_capped_count(base))


def _statements(kind: str, counselor: User, today: date):
    if kind == "review":
        return _to_review(counselor)
    if kind == "overdue":
        return _overdue(counselor, today)
    return _flags(counselor)


def homework_waiting(counselor: User, today: date, *, limit: int = LIMIT) -> HomeworkWaiting:
    return HomeworkWaiting(*(_listed(_statements(kind, counselor, today), limit) for kind in KINDS))


def homework_list(kind: str, counselor: User, today: date, page: int) -> Listed:
    """One page of one of the dashboard's homework lists, for its "see all" page; one row
    more than a page is read, to know whether there is a next one."""
    listed = _listed(_statements(kind, counselor, today), PER_PAGE + 1, (page - 1) * PER_PAGE)
    listed.more = len(listed.items) > PER_PAGE
    listed.items = listed.items[:PER_PAGE]
    return listed
