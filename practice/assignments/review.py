"""Both partners' answers side by side, with the differences a counselor should notice."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..library.answers import answer_text
from .models import Assignment, Response, ResponseStatus

SUBMITTED = (ResponseStatus.SUBMITTED, ResponseStatus.REVIEWED)


@dataclass
class Cell:
    response: Response
    text: str
    value: Any
    only_here: list[str] = field(default_factory=list)  # checklist picks the other didn't make


@dataclass
class Row:
    prompt: Any
    cells: list[Cell]
    differs: bool = False
    note: str = ""


def side_by_side(assignment: Assignment) -> list[Row]:
    worksheet = assignment.worksheet
    responses = assignment.responses
    rows = []
    # Drafts are the partner's own until submitted: nothing of them, not even a comparison.
    shown = {r.id: r.answers if r.status in SUBMITTED else {} for r in responses}
    both_submitted = len(responses) == 2 and all(r.status in SUBMITTED for r in responses)
    names = [partner.display_name for partner in assignment.couple.partners]
    for prompt in worksheet.all_prompts():
        cells = [
            Cell(
                r,
                answer_text(prompt, shown[r.id].get(prompt.id), names),
                shown[r.id].get(prompt.id),
            )
            for r in responses
        ]
        row = Row(prompt, cells)
        if both_submitted:
            _compare(row)
        rows.append(row)
    return rows


def _compare(row: Row) -> None:
    first, second = row.cells
    difference = row.prompt.compare(first.value, second.value)
    if difference is not None:
        row.differs = True
        row.note = difference.note
        first.only_here = list(difference.only_first)
        second.only_here = list(difference.only_second)
