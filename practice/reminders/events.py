"""The events that call for a counselor notice, seen as they are flushed: whichever view or
script records a flag or a submission, its notice joins the same transaction."""

from __future__ import annotations

from datetime import timedelta

from flask import has_app_context
from sqlalchemy import case, event, func, inspect, select
from sqlalchemy.orm import Session

from ..assignments.models import AnswerFlag, Assignment, FlagKind, Response, ResponseStatus
from ..checkins.models import CheckInFlag
from ..db_types import utcnow
from .models import OutboxMessage
from .notices import notify_counselor

# How far back the sender looks for a pair of submissions whose notice no flush queued.
CATCH_UP_WINDOW = timedelta(days=2)
FINISHED = (ResponseStatus.SUBMITTED, ResponseStatus.REVIEWED)
# The homework that is finished when both partners have done it: each partner's own copy,
# or the one copy they fill in together.
ANSWERS_OF = {"each": 2, "together": 1}


def _just_submitted(response: Response) -> bool:
    added = inspect(response).attrs.status.history.added
    return ResponseStatus.SUBMITTED in added


def _both_submitted(session: Session, response: Response) -> None:
    assignment = response.assignment
    if len(assignment.responses) != ANSWERS_OF.get(assignment.recipients):
        return
    if not assignment.all_submitted:
        return
    stamp = int(response.submitted_at.timestamp()) if response.submitted_at else 0
    notify_counselor(
        session,
        couple_id=assignment.couple_id,
        kind="both-submitted",
        key=both_submitted_key(assignment.id, stamp),
    )


def both_submitted_key(assignment_id: int, stamp: int) -> str:
    return f"both-submitted:{assignment_id}:{stamp}"


def catch_up_both_submitted(session: Session) -> int:
    """Queue the notices that two submissions committed at the same moment left out.

    Each partner's flush sees only its own answer as submitted when both commit at once, so
    neither queues "both submitted". The sender's run finds such pairs among recent
    submissions and queues the notice under the key the flush would have used: a notice
    already queued (or sent) is never queued again.
    """
    latest = func.max(Response.submitted_at)
    finished = case((Response.status.in_(FINISHED), 1), else_=0)
    pairs = session.execute(
        select(Assignment.id, Assignment.couple_id, latest)
        .join(Response, Response.assignment_id == Assignment.id)
        .where(Assignment.recipients.in_(ANSWERS_OF), Assignment.cancelled_at.is_(None))
        .group_by(Assignment.id, Assignment.couple_id, Assignment.recipients)
        .having(
            func.count(Response.id)
            == case(*((Assignment.recipients == r, n) for r, n in ANSWERS_OF.items()))
        )
        .having(func.sum(finished) == func.count(Response.id))
        .having(latest >= utcnow() - CATCH_UP_WINDOW)
    ).all()
    keys = {
        both_submitted_key(assignment_id, int(submitted_at.timestamp())): couple_id
        for assignment_id, couple_id, submitted_at in pairs
    }
    # One query for the notices already queued (nearly all of them), not one per pair: the
    # sender runs this every minute.
    known = set(session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(keys))))
    return sum(
        notify_counselor(session, couple_id=couple_id, kind="both-submitted", key=key)
        for key, couple_id in keys.items()
        if key not in known
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
