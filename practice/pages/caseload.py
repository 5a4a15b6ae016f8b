"""The dashboard's caseload: case counts, the active cases and what happened recently."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..audit.models import AuditEvent
from ..auth.models import User
from ..couples.models import CaseStatus, Couple
from ..extensions import db

ACTIVITY_LABELS = {
    "case-create": "Opened the case",
    "case-update": "Updated the case",
    "case-status": "Changed the case status",
    "assignment-create": "Assigned a worksheet",
    "response-submit": "A partner submitted a worksheet",
    "response-review": "Reviewed a worksheet",
    "session-create": "Scheduled a session",
    "note-sign": "Signed a session note",
    "checkin-enter": "Recorded a trust check-in",
}


@dataclass
class Caseload:
    counts: dict[str, int]
    active_cases: list[Couple]
    recent: list[tuple[AuditEvent, Couple]]


def caseload_for(counselor: User, *, limit: int = 8) -> Caseload:
    counts = dict(
        db.session.execute(
            select(Couple.status, func.count())
            .where(Couple.counselor_id == counselor.id)
            .group_by(Couple.status)
        ).all()
    )
    active = db.session.scalars(
        select(Couple)
        .where(Couple.counselor_id == counselor.id, Couple.status == CaseStatus.ACTIVE)
        .order_by(Couple.last_activity_at.desc())
        .limit(limit)
    ).all()
    recent = db.session.execute(
        select(AuditEvent, Couple)
        .join(Couple, Couple.id == AuditEvent.couple_id)
        .where(
            Couple.counselor_id == counselor.id,
            AuditEvent.action.in_(ACTIVITY_LABELS),
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    ).all()
    return Caseload(
        counts={status: counts.get(status, 0) for status in CaseStatus},
        active_cases=list(active),
        recent=[(event, couple) for event, couple in recent],
    )
