"""Homework on paper: an assignment's personalised handout, and a case's homework packet.

An assignment prints from its snapshot (`assignment.worksheet`), never from the library file,
so the paper matches what the partners answer online. A worksheet each partner fills in on
their own prints once per partner, with that partner's name on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..assignments.models import Assignment, ResponseStatus
from ..assignments.queries import open_assignments
from ..couples.models import Client, Couple
from .documents import PrintSettings, render_document

DONE = (ResponseStatus.SUBMITTED, ResponseStatus.REVIEWED)


@dataclass(frozen=True)
class Copy:
    """One printed copy of an assignment: whose name is on it."""

    assignment: Assignment
    names: tuple[str, ...]


def copies_of(assignment: Assignment, *, unfinished_only: bool = False) -> list[Copy]:
    """A copy per partner who answers on their own; one copy for a shared worksheet.

    `unfinished_only` leaves out partners who have already submitted.
    """
    responses = [r for r in assignment.responses if not (unfinished_only and r.status in DONE)]
    if assignment.recipients == "together":
        partners = assignment.couple.partners
        return [Copy(assignment, tuple(p.full_name for p in partners))] if responses else []
    return [Copy(assignment, (_name(r.client),)) for r in responses]


def _name(client: Client | None) -> str:
    return client.full_name if client else ""


def assignment_handout(
    assignment: Assignment, settings: PrintSettings, *, full_title: bool = False
) -> bytes:
    """The assignment's worksheet with names, due date and instructions, room to write."""
    return render_document(
        "pdf/assignment_handout.html",
        settings,
        assignment=assignment,
        copies=copies_of(assignment),
        full_title=full_title,
        doc_title=assignment.worksheet.print_title(full_title),
    )


def homework_packet(
    couple: Couple,
    settings: PrintSettings,
    *,
    today: date,
    full_title: bool = False,
    printing: bool = False,
) -> bytes:
    """A cover listing every open assignment, then a copy for each partner still to answer.

    `printing` starts each copy on a right-hand page, for paper printed on both sides;
    otherwise each copy just starts a new page (no blank pages to scroll past on screen).
    """
    entries = [(a, copies_of(a, unfinished_only=True)) for a in open_assignments(couple)]
    return render_document(
        "pdf/packet.html",
        settings,
        couple=couple,
        entries=entries,
        today=today,
        full_title=full_title,
        printing=printing,
        doc_title=f"Homework packet \u00b7 {couple.display_name}",
    )
