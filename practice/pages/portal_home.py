"""What a partner sees first: their worksheets, grouped the way they think about them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..assignments.models import Response, ResponseStatus
from ..clock import practice_today
from ..couples.models import Client
from ..portal.responses import responses_of

GROUPS = [
    (ResponseStatus.NOT_STARTED, "To do"),
    (ResponseStatus.DRAFT, "In progress"),
    (ResponseStatus.SUBMITTED, "Submitted"),
    (ResponseStatus.REVIEWED, "Reviewed"),
]


@dataclass
class WorksheetsByStatus:
    groups: list[tuple[str, str, list[Response]]] = field(default_factory=list)
    overdue_ids: set[int] = field(default_factory=set)

    @property
    def is_empty(self) -> bool:
        return not any(items for _, _, items in self.groups)


def worksheets_by_status(client: Client) -> WorksheetsByStatus:
    today = practice_today()
    responses = responses_of(client)
    overview = WorksheetsByStatus()
    for status, title in GROUPS:
        overview.groups.append((status, title, [r for r in responses if r.status == status]))
    overview.overdue_ids = {
        r.id for r in responses if r.is_editable and r.assignment.due_date < today
    }
    return overview
