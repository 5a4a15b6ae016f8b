"""Each audit row carries a hash over its content and the previous row's hash.

Changing a row breaks its own hash; removing or inserting one breaks the link from the row
after it; cutting rows off the end no longer matches the chain's head. The hashes are written
as the transaction that added the rows commits, under a lock on the head row
(``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite lets one writer in at a time and this
transaction already holds the write lock for its audit rows), so the rows of concurrent
requests, from any number of app processes, join one line in commit order.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC

from sqlalchemy import event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
HEAD_ID = 1
_PENDING = "audit_rows_to_chain"


def row_digest(row: AuditEvent, prev_hash: str) -> str:
    """SHA-256 over the row's every field, in a fixed order, and the hash before it."""
    content = [
        row.chain_seq,
        prev_hash,
        row.id,
        row.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if row.at else None,
        row.actor_id,
        row.actor_email,
        row.action,
        row.object_type,
        row.object_id,
        row.couple_id,
        row.outcome,
        row.ip_address,
        row.detail,
    ]
    canonical = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def locked_head(session: Session) -> AuditChainHead:
    """The head row, created on first use, locked until this transaction ends."""
    dialect = session.get_bind().dialect.name
    statement = select(AuditChainHead).where(AuditChainHead.id == HEAD_ID)
    head = session.scalar(statement.with_for_update().execution_options(populate_existing=True))
    if head is not None:
        return head
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(AuditChainHead)
        .values(id=HEAD_ID, last_seq=0, last_hash=GENESIS)
        .on_conflict_do_nothing()  # another process made it first: use theirs
    )
    return session.scalar(statement.with_for_update().execution_options(populate_existing=True))


def chain(session: Session, rows: list[AuditEvent]) -> None:
    """Give each new row its place and hashes, after the head's last."""
    head = locked_head(session)
    for row in sorted(rows, key=lambda r: r.id):
        row.chain_seq = head.last_seq + 1
        row.prev_hash = head.last_hash
        row.row_hash = row_digest(row, head.last_hash)
        head.last_seq, head.last_hash = row.chain_seq, row.row_hash


@event.listens_for(Session, "before_flush")
def _remember_new_rows(session: Session, flush_context, instances) -> None:
    new = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if new:
        session.info.setdefault(_PENDING, []).extend(new)


@event.listens_for(Session, "before_commit")
def _chain_before_commit(session: Session) -> None:
    if not session.info.get(_PENDING) and not any(
        isinstance(obj, AuditEvent) for obj in session.new
    ):
        return
    session.flush()  # ids first: they are part of each row's hash
    pending = session.info.pop(_PENDING, [])
    # Rows rolled back since they were added are gone; rows chained already keep their place.
    rows = [r for r in pending if inspect(r).persistent and r.row_hash is None]
    if rows:
        chain(session, rows)
        session.flush()


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_rows(session: Session) -> None:
    session.info.pop(_PENDING, None)
