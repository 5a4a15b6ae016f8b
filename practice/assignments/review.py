"""Both partners' answers side by side, with the differences a counselor should notice."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..library.answers import answer_text
from .models import Assignment, Response

SCALE_GAP = 3  # scale answers this far apart are highlighted


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
    for prompt in worksheet.all_prompts():
        cells = [
            Cell(r, answer_text(prompt, r.answers.get(prompt.id)), r.answers.get(prompt.id))
            for r in responses
        ]
        row = Row(prompt, cells)
        if len(cells) == 2:
            _compare(row)
        rows.append(row)
    return rows


def _compare(row: Row) -> None:
    first, second = row.cells
    if row.prompt.kind == "scale" and _both_int(first.value, second.value):
        gap = abs(first.value - second.value)
        if gap >= SCALE_GAP:
            row.differs = True
            row.note = f"{gap} points apart"
    elif row.prompt.kind == "checklist":
        mine, theirs = set(first.value or ()), set(second.value or ())
        first.only_here = [o for o in row.prompt.options if o in mine - theirs]
        second.only_here = [o for o in row.prompt.options if o in theirs - mine]
        if first.only_here or second.only_here:
            row.differs = True
            row.note = "Some choices were picked by only one partner"


def _both_int(a: Any, b: Any) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in (a, b))
