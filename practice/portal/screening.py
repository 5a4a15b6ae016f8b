"""A case counts as screened once each partner has answered the safety screen alone.

The counselor records a screening on the case form (an in-person screen, say); that record
stands. Until they do, the case says "Not yet screened" and joint work asks for a reason.
When the last partner submits the relationship safety screen, the case records it: "no
concerns" if neither screen raised a safety flag, "concerns noted: monitoring" if one did
(while any of those flags is unacknowledged, the case shows "concerns open" over either).
"""

from __future__ import annotations

from sqlalchemy import func, select

from ..assignments.models import AnswerFlag, Assignment, Response, ResponseStatus
from ..audit.record import audit
from ..audit.who import Who
from ..couples.models import Client, Couple
from ..extensions import db

NOT_SCREENED = "not-screened"
NO_CONCERNS = "no-concerns"
CONCERNS_NOTED = "concerns-monitoring"
ANSWERED = (ResponseStatus.SUBMITTED, ResponseStatus.REVIEWED)


def record_screen_if_complete(response: Response, *, who: Who) -> None:
    """Called as a partner submits: mark the case screened when every partner has been."""
    assignment = response.assignment
    if not assignment.worksheet.safety_screen:
        return
    couple = assignment.couple
    if couple.safety_screening != NOT_SCREENED:
        return  # the counselor's own record stands
    screens = (
        select(Response.id)
        .join(Assignment, Response.assignment_id == Assignment.id)
        .where(
            Assignment.couple_id == couple.id,
            Assignment.slug == assignment.slug,
            Assignment.cancelled_at.is_(None),
            Response.status.in_(ANSWERED),
        )
    )
    answered = db.session.scalar(
        select(func.count(func.distinct(Response.client_id))).where(Response.id.in_(screens))
    )
    partners = db.session.scalar(select(func.count(Client.id)).where(Client.couple_id == couple.id))
    if answered < partners:
        return
    flagged = db.session.scalar(
        select(func.count(AnswerFlag.id)).where(
            AnswerFlag.response_id.in_(screens), AnswerFlag.kind == "safety"
        )
    )
    record_screening(couple, CONCERNS_NOTED if flagged else NO_CONCERNS, who=who)


def record_screening(couple: Couple, screening: str, *, who: Who) -> None:
    couple.safety_screening = screening
    audit(
        "safety-screening-recorded",
        who=who,
        obj=couple,
        couple_id=couple.id,
        detail=f"{screening}: each partner answered the safety screen",
    )
