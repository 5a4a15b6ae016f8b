"""The events that call for a counselor notice, seen as they are flushed: whichever view or
script records a flag or a submission, its notice joins the same transaction."""

from __future__ import annotations

from flask import has_app_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..assignments.models import AnswerFlag, FlagKind, Response, ResponseStatus
from ..checkins.models import CheckInFlag
from .notices import notify_counselor


def _just_submitted(response: Response) -> bool:
    added = inspect(response).attrs.status.history.added
    return ResponseStatus.SUBMITTED in added


def _both_submitted(session: Session, response: Response) -> None:
    assignment = response.assignment
    if assignment.recipients != "each" or len(assignment.responses) != 2:
        return
    if not assignment.all_submitted:
        return
    stamp = int(response.submitted_at.timestamp()) if response.submitted_at else 0
    notify_counselor(
        session,
        couple_id=assignment.couple_id,
        kind="both-submitted",
        key=f"both-submitted:{assignment.id}:{stamp}",
    )


@event.listens_for(Session, "after_flush")
def queue_counselor_notices(session: Session, flush_context) -> None:
    if not has_app_context():
        return
    for obj in list(session.new):
        if isinstance(obj, AnswerFlag):
            notify_counselor(
                session,
                couple_id=obj.couple_id,
                kind="flagged-answer",
                key=f"flagged-answer:{obj.id}",
                safety=obj.kind == FlagKind.SAFETY,
            )
        elif isinstance(obj, CheckInFlag):
            # A drop and a low item from one check-in: one notice.
            notify_counselor(
                session,
                couple_id=obj.couple_id,
                kind="checkin-drop",
                key=f"checkin-drop:{obj.checkin_id}",
            )
    for obj in list(session.dirty):
        if isinstance(obj, Response) and _just_submitted(obj):
            _both_submitted(session, obj)
