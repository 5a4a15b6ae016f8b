"""A case's story in one list: sessions, homework given and reviewed, check-ins.

Gathered per kind and merged in Python: one couple has at most a few hundred events, and
four plain queries read more clearly than a UNION across unlike tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..assignments.models import Assignment, Response
from ..checkins.services import checkins_of
from ..clock import format_date
from ..couples.models import Couple
from ..extensions import db
from ..notes.models import STATUS_LABELS, TherapySession

NOTE_LABELS = {"signed": "note signed", "draft": "note in draft", "none": "no note yet"}


@dataclass(frozen=True)
class TimelineItem:
    kind: str  # session | assignment | review | checkin
    when: datetime
    title: str
    url: str | None
    detail: str


@dataclass(frozen=True)
class Page:
    """One page of items; shaped like Flask-SQLAlchemy's Pagination for the `pager` macro."""

    items: list[TimelineItem]
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None


def _sessions(couple: Couple) -> list[TimelineItem]:
    sessions = db.session.scalars(
        select(TherapySession)
        .where(TherapySession.couple_id == couple.id)
        .options(selectinload(TherapySession.note))  # each row shows its note's status
    ).all()
    return [
        TimelineItem(
            "session",
            s.starts_at,
            s.title,
            url_for("notes.session_view", session_id=s.id),
            f"{STATUS_LABELS[s.status]} · {s.minutes} min · {NOTE_LABELS[s.note_status]}",
        )
        for s in sessions
    ]


def _homework(couple: Couple) -> list[TimelineItem]:
    items = []
    for assignment in db.session.scalars(
        select(Assignment)
        .where(Assignment.couple_id == couple.id)
        .options(selectinload(Assignment.responses).joinedload(Response.client))
    ).all():
        detail = (
            "Cancelled" if assignment.is_cancelled else f"Due {format_date(assignment.due_date)}"
        )
        items.append(
            TimelineItem(
                "assignment",
                assignment.created_at,
                f"Assigned \u201c{assignment.title}\u201d",
                url_for("assignments.detail", assignment_id=assignment.id),
                detail,
            )
        )
        for response in assignment.responses:
            if response.reviewed_at is not None:
                who = response.client.display_name if response.client else "Both partners"
                items.append(
                    TimelineItem(
                        "review",
                        response.reviewed_at,
                        f"Reviewed \u201c{assignment.title}\u201d",
                        url_for("assignments.detail", assignment_id=assignment.id),
                        f"{who}'s answers",
                    )
                )
    return items


def _checkins(couple: Couple) -> list[TimelineItem]:
    return [
        TimelineItem(
            "checkin",
            c.answered_at,
            f"Trust check-in: {c.client.display_name}",
            url_for("checkins.checkin_view", checkin_id=c.id),
            f"Mean {c.mean:g} of 10"
            + (" · entered in session" if c.entered_by == "counselor" else ""),
        )
        for c in checkins_of(couple)
    ]


def timeline_for(couple: Couple, page: int = 1, per_page: int = 15) -> Page:
    items = _sessions(couple) + _homework(couple) + _checkins(couple)
    items.sort(key=lambda item: item.when, reverse=True)
    pages = max(1, math.ceil(len(items) / per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    return Page(items=items[start : start + per_page], page=page, pages=pages, total=len(items))
