"""Putting a message in the outbox. Functions add to the caller's unit of work; they never
commit: the message commits with the event that called for it, or not at all."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..db_types import utcnow
from ..extensions import db
from .models import OutboxMessage, Status


def enqueue(
    *,
    key: str,
    kind: str,
    to_address: str,
    subject: str,
    body: str,
    client_id: int | None = None,
    user_id: int | None = None,
    urgent: bool = False,
    status: Status = Status.PENDING,
    not_before: datetime | None = None,
    session: Session | None = None,
) -> bool:
    """Queue the message unless one with this key was queued before; True when queued.

    INSERT ... ON CONFLICT DO NOTHING rather than look-then-add: two senders scanning at
    once both try, the database lets one in, and neither transaction fails.
    """
    session = session or db.session
    dialect = session.get_bind().dialect.name
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(OutboxMessage.__table__)
    now = utcnow()
    statement = insert.values(
        key=key[:200],
        kind=kind,
        to_address=to_address,
        subject=subject,
        body=body,
        client_id=client_id,
        user_id=user_id,
        urgent=urgent,
        status=status,
        attempts=0,
        not_before=not_before or now,
        last_error="",
        created_at=now,
    ).on_conflict_do_nothing(index_elements=["key"])
    # RETURNING, not rowcount: what a driver reports as rowcount here varies.
    return session.execute(statement.returning(OutboxMessage.id)).first() is not None
