"""The outbox, the partners who turned reminders off, and each counselor's choices."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db_types import UTCDateTime, utcnow
from ..extensions import db


class Status(enum.StrEnum):
    PENDING = "pending"  # due at not_before
    HELD = "held"  # quiet hours: due again in the morning
    SENDING = "sending"  # claimed by a sender; if it stays so, the sender was stopped
    SENT = "sent"
    FAILED = "failed"  # refused for good, out of retries, or interrupted mid-send
    SKIPPED = "skipped"  # the person turned reminders off before it went
    LOGGED = "logged"  # no SMTP server configured: written to the log instead
    DIGEST = "digest"  # waits for the counselor's daily digest
    FOLDED = "folded"  # went out inside a digest


DUE = (Status.PENDING, Status.HELD)


class OutboxMessage(db.Model):
    """One email to send, added in the transaction of the event that calls for it.

    ``key`` is unique: the event (or the reminder's subject and day) names its message, so
    the same reminder is never queued twice, and a claimed message is never sent again.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(254))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    urgent: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default=Status.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReminderOptOut(db.Model):
    """A partner who turned reminders off (from the link in any reminder)."""

    __tablename__ = "reminder_opt_outs"

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), primary_key=True)
    turned_off_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class NotificationSettings(db.Model):
    """Which emails a counselor gets. No row: all of them, one by one."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    both_submitted: Mapped[bool] = mapped_column(default=True)
    flagged_answer: Mapped[bool] = mapped_column(default=True)  # safety flags come regardless
    checkin_drop: Mapped[bool] = mapped_column(default=True)
    daily_digest: Mapped[bool] = mapped_column(default=False)
