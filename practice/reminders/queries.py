"""What an admin sees of the outbox: messages that failed, wait, or retry. Never a body."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from ..db_types import utcnow
from ..extensions import db
from .models import OutboxMessage, Status


def masked(address: str) -> str:
    """'j…@example.org': enough to tell messages apart, not a client list for the admin."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}\u2026@{domain}"


def messages_to_look_at(limit: int = 200) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(
                or_(
                    OutboxMessage.status.in_([Status.FAILED, Status.HELD, Status.SENDING]),
                    (OutboxMessage.status == Status.PENDING) & (OutboxMessage.attempts > 0),
                )
            )
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .limit(limit)
        )
    )


def outbox_counts() -> dict[str, int]:
    rows = db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    return {status: count for status, count in rows}


def send_again(message: OutboxMessage) -> bool:
    """An admin sends a failed message again (knowing an interrupted one may have gone)."""
    if message.status != Status.FAILED:
        return False
    message.status = Status.PENDING
    message.attempts = 0
    message.not_before = utcnow()
    db.session.flush()
    return True
