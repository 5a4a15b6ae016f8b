"""What a partner sees first: their worksheets, grouped the way they think about them.

Counts come from SQL and each group lists at most LIMIT worksheets (those due first while
there is work to do, the latest once it is done): a partner with years of homework gets the
same page, as fast. No worksheet's definition or answers are loaded to draw it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, defer

from ..assignments.models import Assignment, Response, ResponseStatus
from ..clock import practice_today
from ..couples.models import Client
from ..extensions import db

LIMIT = 10
GROUPS = [
    (ResponseStatus.NOT_STARTED, "To do"),
    (ResponseStatus.DRAFT, "In progress"),
    (ResponseStatus.SUBMITTED, "Submitted"),
    (ResponseStatus.REVIEWED, "Reviewed"),
]


@dataclass
class WorksheetsByStatus:
    groups: list[tuple[str, str, list[Response]]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    overdue_ids: set[int] = field(default_factory=set)

    @property
    def is_empty(self) -> bool:
        return not any(self.counts.values())


def _theirs(statement, client: Client):
    """The client's own responses and the couple's shared ones, on live assignments."""
    return statement.join(Assignment, Response.assignment_id == Assignment.id).where(
        Assignment.couple_id == client.couple_id,
        Assignment.cancelled_at.is_(None),
        or_(Response.client_id == client.id, Response.client_id.is_(None)),
    )


def _group(client: Client, status: str, limit: int) -> list[Response]:
    if status in (ResponseStatus.NOT_STARTED, ResponseStatus.DRAFT):
        order = (Assignment.due_date, Assignment.id)
    else:
        order = (Assignment.created_at.desc(), Assignment.id.desc())
    return list(
        db.session.scalars(
            _theirs(select(Response), client)
            .where(Response.status == status)
            .options(
                defer(Response.answers, raiseload=True),
                contains_eager(Response.assignment).defer(Assignment.definition, raiseload=True),
            )
            .order_by(*order)
            .limit(limit)
        )
    )


def worksheets_by_status(client: Client, *, limit: int = LIMIT) -> WorksheetsByStatus:
    today = practice_today()
    counts = dict(
        db.session.execute(
            _theirs(select(Response.status, func.count(Response.id)), client).group_by(
                Response.status
            )
        ).all()
    )
    overview = WorksheetsByStatus(counts={status: counts.get(status, 0) for status, _ in GROUPS})
    for status, title in GROUPS:
        items = _group(client, status, limit)
        overview.groups.append((status, title, items))
        overview.overdue_ids |= {
            r.id for r in items if r.is_editable and r.assignment.due_date < today
        }
    return overview
