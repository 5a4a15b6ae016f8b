"""Delivering the outbox, at most once per message.

A message is claimed (status ``sending``, committed) before it is handed to the SMTP server,
and marked ``sent`` (committed) after. A sender stopped between the two leaves it ``sending``:
it may or may not have gone, so it is never sent again on its own; once it has stayed so
longer than any send takes, it is marked failed for an admin to see. One message is claimed
at a time, so a stopped sender leaves at most one message in doubt.

``deliver_due()`` is the single entry point: cron runs it through ``send-due``; the job queue
can call it as it is, inside an app context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from ..clock import practice_zone
from ..db_types import utcnow
from ..extensions import db
from ..mail import MailNotSent, send_mail
from .links import unsubscribe_url
from .models import DUE, OutboxMessage, ReminderOptOut, Status
from .quiet import quiet_until

# After a failure, wait this long before the next try; after the last, give up.
BACK_OFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
IN_DOUBT_AFTER = timedelta(minutes=15)
INTERRUPTED = "interrupted while sending: it may or may not have been delivered"


@dataclass
class Delivery:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    logged: int = 0
    held: int = 0
    outcomes: list[str] = field(default_factory=list)


def mark_interrupted(now: datetime) -> int:
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == Status.SENDING,
            OutboxMessage.claimed_at < now - IN_DOUBT_AFTER,
        )
        .values(status=Status.FAILED, last_error=INTERRUPTED)
    )
    return result.rowcount


def hold_for_quiet_hours(now: datetime) -> int:
    """At night, every due message but an urgent one waits for the morning."""
    morning = quiet_until(now, practice_zone(), current_app.config["QUIET_HOURS"])
    if morning is None:
        return 0
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status.in_(DUE),
            OutboxMessage.urgent.is_(False),
            OutboxMessage.not_before < morning,
        )
        .values(status=Status.HELD, not_before=morning)
    )
    return result.rowcount


def claim_next(now: datetime) -> OutboxMessage | None:
    """Claim one due message for this sender, committed before anything is sent.

    On PostgreSQL the candidate row is locked with SKIP LOCKED, so senders in other processes
    take other rows; SQLite lets one writer in at a time. Either way the UPDATE claims only a
    row still due, so two senders never both claim one.
    """
    while True:
        candidate = db.session.scalar(
            select(OutboxMessage.id)
            .where(OutboxMessage.status.in_(DUE), OutboxMessage.not_before <= now)
            .order_by(OutboxMessage.urgent.desc(), OutboxMessage.not_before, OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if candidate is None:
            db.session.commit()
            return None
        claimed = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == candidate, OutboxMessage.status.in_(DUE))
            .values(status=Status.SENDING, claimed_at=now, attempts=OutboxMessage.attempts + 1)
        ).rowcount
        db.session.commit()
        if claimed:
            return db.session.get(OutboxMessage, candidate)


def _headers(message: OutboxMessage) -> dict[str, str]:
    headers = {"Auto-Submitted": "auto-generated"}
    if message.urgent:
        headers |= {"Importance": "high", "X-Priority": "1"}
    if message.client_id is not None:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url(message.client_id)}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


def _turned_off(message: OutboxMessage) -> bool:
    return (
        message.client_id is not None
        and db.session.get(ReminderOptOut, message.client_id) is not None
    )


def deliver(message: OutboxMessage, now: datetime, report: Delivery) -> None:
    """Send one claimed message and record what happened (committed)."""
    if _turned_off(message):
        message.status = Status.SKIPPED
        report.skipped += 1
    else:
        try:
            handed_over = send_mail(
                message.to_address, message.subject, message.body, headers=_headers(message)
            )
        except MailNotSent as error:
            message.last_error = str(error)[:300]
            if error.permanent or message.attempts > len(BACK_OFF):
                message.status = Status.FAILED
                report.failed += 1
            else:
                message.status = Status.PENDING
                message.not_before = now + BACK_OFF[message.attempts - 1]
                report.retrying += 1
        else:
            message.status = Status.SENT if handed_over else Status.LOGGED
            message.sent_at = utcnow()
            message.last_error = ""
            if handed_over:
                report.sent += 1
            else:
                report.logged += 1
    db.session.commit()


def deliver_due(*, limit: int = 200) -> Delivery:
    """Send what is due now, one message at a time; commits as it goes."""
    now = utcnow()
    report = Delivery()
    mark_interrupted(now)
    report.held = hold_for_quiet_hours(now)
    db.session.commit()
    for _ in range(limit):
        message = claim_next(now)
        if message is None:
            break
        deliver(message, now, report)
    return report
