"""Homework on paper: an assignment's personalised handout, and a case's homework packet.

An assignment prints from its snapshot (`assignment.worksheet`), never from the library file,
so the paper matches what the partners answer online. A worksheet each partner fills in on
their own prints once per partner, with that partner's name on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from flask import render_template

from ..assignments.models import Assignment, ResponseStatus
from ..assignments.queries import in_the_packet, open_assignments
from ..couples.models import Client, Couple
from .documents import PrintSettings, blank_cache, print_context, render_document
from .join import TaggedJoin
from .processes import RenderBatch, longest_first
from .render import render_counted

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


def partner_copy(assignment: Assignment, client_id: int) -> Copy | None:
    """The copy for one partner alone, or None if they answer none of their own."""
    for response in assignment.responses:
        if response.client_id == client_id:
            return Copy(assignment, (_name(response.client),))
    return None


def assignment_handout(
    assignment: Assignment,
    settings: PrintSettings,
    *,
    full_title: bool = False,
    only: Copy | None = None,
) -> bytes:
    """The assignment's worksheet with names, due date and instructions, room to write:
    every partner's copy, or `only` one (a sheet about safety is given to each alone)."""
    return render_document(
        "pdf/assignment_handout.html",
        settings,
        assignment=assignment,
        copies=[only] if only else copies_of(assignment),
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
    """A cover listing the open assignments, then a copy for each partner still to answer.

    Sheets about safety are left out (in_the_packet): each partner is given theirs alone.

    Each copy is a document of its own, its pages numbered on their own: they are rendered
    at the same time (processes.py) and joined after the cover, which gives the page each
    starts on (join.py). `printing` starts each copy on a right-hand page, for paper printed
    on both sides; otherwise each copy just starts a new page (no blank pages on screen).
    """
    entries = [
        (a, copies_of(a, unfinished_only=True)) for a in in_the_packet(open_assignments(couple))
    ]
    copies = [
        render_template(
            "pdf/packet_copy.html",
            copy=copy,
            anchor=f"assignment-{a.id}" if n == 0 else "",
            full_title=full_title,
            doc_title=a.worksheet.print_title(full_title),
            **print_context(settings),
        )
        for a, listed in entries
        for n, copy in enumerate(listed)
    ]
    owners = [a.id for a, listed in entries for _ in listed]
    cover_html = partial(
        render_template,
        "pdf/packet.html",
        couple=couple,
        entries=entries,
        today=today,
        full_title=full_title,
        printing=printing,
        doc_title=f"Homework packet \u00b7 {couple.display_name}",
        **print_context(settings),
    )
    batch = RenderBatch(
        root=settings.static_root, processes=settings.processes, timeout=settings.timeout
    )
    # Where a copy starts depends on the pages of the copies before it, never on its own:
    # the last copy goes to the render processes last, and the cover is laid out as soon as
    # the others are done, while it is still being made.
    tickets = {i: batch.submit(copies[i]) for i in longest_first(copies[:-1])}
    if copies:
        tickets[len(copies) - 1] = batch.submit(copies[-1])
    earlier = [batch.result(tickets[i]).pages for i in range(len(copies) - 1)]
    # The cover is one page unless a case has very many worksheets open: it is laid out with
    # the copies placed after one page, and again in the rare case it takes more.
    for cover_pages in (1, 2, 3, 4):
        placed = _placed(earlier, len(copies), cover_pages, printing)
        starts = {}
        for owner, (start, _) in zip(owners, placed, strict=True):
            starts.setdefault(owner, start)
        cover = batch.result(batch.submit(cover_html(starts=starts)))
        if cover.pages <= cover_pages:
            break
    if not copies:
        return cover.pdf
    # Joined in order as they come: all but the last copy are made by now, so they are
    # joined while the last is still being rendered.
    joined = TaggedJoin(cover.pdf)
    for i, (_, after_blank) in enumerate(placed):
        if after_blank:
            joined.add(blank_sheet(settings))
        joined.add(batch.result(tickets[i]).pdf)
    return joined.finish()


def _placed(
    earlier: list[int], copies: int, cover_pages: int, printing: bool
) -> list[tuple[int, bool]]:
    """For each copy, the page it starts on and whether a blank page goes before it, from
    the page counts of the copies before the last (`earlier`).

    `printing` starts every copy on a right-hand (odd) page: printed on both sides, no sheet
    then carries two partners' pages, so what one writes never goes home with the other.
    """
    placed, at = [], cover_pages
    for i in range(copies):
        blank_before = printing and at % 2 == 1
        at += blank_before
        placed.append((at + 1, blank_before))
        if i < len(earlier):
            at += earlier[i]
    return placed


def blank_sheet(settings: PrintSettings) -> bytes:
    """The back of a sheet left empty (no client data, so it is kept once made)."""

    def make() -> bytes:
        html = render_template("pdf/blank_sheet.html", doc_title="", **print_context(settings))
        return render_counted(html, base_url=settings.static_root, timeout=settings.timeout).pdf

    return blank_cache.get_or_make(("blank sheet", settings), make)
