"""Answers on paper: both partners side by side for the counselor, or a partner's own.

The counselor's PDF shows what the review page shows: submitted and reviewed answers only.
A draft stays private to its partner, and so does anything a comparison would reveal of it.
"""

from __future__ import annotations

from ..assignments.models import Assignment, Response, ResponseStatus
from ..assignments.review import Row, side_by_side
from ..library.answers import flagged
from ..library.kinds.scale import GAP as SCALE_GAP
from .documents import PrintSettings, render_document

SHOWN = (ResponseStatus.SUBMITTED, ResponseStatus.REVIEWED)


def counselor_rows(assignment: Assignment) -> dict[str, Row]:
    """`side_by_side` rows by prompt id, with every unsubmitted answer held back.

    A row is compared (scale gap, picks only one partner made) only when both are submitted.
    """
    rows = {}
    for row in side_by_side(assignment):
        held_back = [cell for cell in row.cells if cell.response.status not in SHOWN]
        for cell in held_back:
            cell.text, cell.value = "", None
        if held_back:
            row.differs, row.note = False, ""
            for cell in row.cells:
                cell.only_here = []
        rows[row.prompt.id] = row
    return rows


def raised_flags(assignment: Assignment) -> dict[tuple[int, str], str]:
    """The worksheet's flag message by (response id, prompt id), for submitted answers."""
    worksheet = assignment.worksheet
    return {
        (response.id, prompt.id): message
        for response in assignment.responses
        if response.status in SHOWN
        for prompt, message in flagged(worksheet, response.answers or {})
    }


def answers_side_by_side(
    assignment: Assignment, settings: PrintSettings, *, full_title: bool = False
) -> bytes:
    rows = counselor_rows(assignment)
    return render_document(
        "pdf/answers.html",
        settings,
        assignment=assignment,
        worksheet=assignment.worksheet,
        rows=rows,
        differences=sum(row.differs for row in rows.values()),
        flags=raised_flags(assignment),
        scale_gap=SCALE_GAP,
        shown=SHOWN,
        full_title=full_title,
        doc_title=f"{assignment.worksheet.print_title(full_title)} \u00b7 answers",
    )


def partner_answers(response: Response, settings: PrintSettings) -> bytes:
    """A partner's own answers, laid out like the worksheet they filled in."""
    assignment = response.assignment
    return render_document(
        "pdf/my_answers.html",
        settings,
        response=response,
        assignment=assignment,
        worksheet=assignment.worksheet,
        answers=response.answers or {},
        shown=SHOWN,
        full_title=False,  # a partner's copy always prints under the neutral title
        doc_title=assignment.worksheet.print_title(),
    )
