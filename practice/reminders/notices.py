"""Counselor notices: queued in the flush that records the event, so a notice exists exactly
when its event committed. A safety flag always reaches the counselor, at once, whatever
they chose; the rest follow their settings and may wait for the daily digest."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.models import User
from ..couples.models import Couple
from .links import external_url
from .messages import COUNSELOR_NOTICES, counselor_email
from .models import NotificationSettings, Status
from .outbox import enqueue

URGENT_KINDS = frozenset({"flagged-answer"})
SETTING_OF_KIND = {
    "both-submitted": "both_submitted",
    "flagged-answer": "flagged_answer",
    "checkin-drop": "checkin_drop",
}


def settings_of(session: Session, user_id: int) -> NotificationSettings:
    found = session.scalar(
        select(NotificationSettings).where(NotificationSettings.user_id == user_id)
    )
    return found or NotificationSettings(
        user_id=user_id,
        both_submitted=True,
        flagged_answer=True,
        checkin_drop=True,
        daily_digest=False,
    )


def notify_counselor(
    session: Session, *, couple_id: int, kind: str, key: str, safety: bool = False
) -> bool:
    couple = session.get(Couple, couple_id)
    counselor = session.get(User, couple.counselor_id) if couple else None
    if counselor is None or not counselor.active:
        return False
    choices = settings_of(session, counselor.id)
    if not safety and not getattr(choices, SETTING_OF_KIND[kind]):
        return False
    subject, line = COUNSELOR_NOTICES[kind]
    if safety:
        subject = "Urgent: a safety answer needs your attention"
    email = counselor_email(
        name=counselor.name,
        subject=subject,
        line=line,
        link=external_url("pages.case", couple_id=couple_id),
        settings=external_url("reminders.settings"),
    )
    urgent = kind in URGENT_KINDS
    status = Status.DIGEST if choices.daily_digest and not urgent else Status.PENDING
    return enqueue(
        key=key,
        kind=kind,
        to_address=counselor.email,
        subject=email.subject,
        body=email.body,
        user_id=counselor.id,
        urgent=urgent,
        status=status,
        session=session,
    )
