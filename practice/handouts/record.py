"""The case record on paper, for a records request: summary, sessions, signed notes, chart.

Only signed notes are part of the record. A draft can still change, so it is left out, and
the cover says how many were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..checkins.chart import ChartData, chart_data
from ..couples.models import Couple
from ..extensions import db
from ..notes.models import SessionNote, TherapySession
from .documents import PrintSettings, render_document


@dataclass(frozen=True)
class CaseRecord:
    couple: Couple
    sessions: list[TherapySession]  # oldest first
    signed: list[TherapySession]  # the sessions whose note is signed
    drafts_left_out: int
    chart: ChartData


def case_record(couple: Couple) -> CaseRecord:
    sessions = db.session.scalars(
        select(TherapySession)
        .where(TherapySession.couple_id == couple.id)
        .options(selectinload(TherapySession.note).selectinload(SessionNote.addenda))
        .order_by(TherapySession.starts_at, TherapySession.id)
    ).all()
    signed = [s for s in sessions if s.note_status == "signed"]
    drafts = sum(s.note_status == "draft" for s in sessions)
    return CaseRecord(couple, list(sessions), signed, drafts, chart_data(couple))


def record_pdf(couple: Couple, settings: PrintSettings, *, by: User, today: date) -> bytes:
    return render_document(
        "pdf/record.html",
        settings,
        record=case_record(couple),
        couple=couple,
        prepared_by=by,
        today=today,
        doc_title=f"Clinical record \u00b7 case {couple.id}",
    )
