"""The audit trail: who did what to which record, when, from where; never clinical text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db_types import UTCDateTime, utcnow
from ..extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The actor's email; in a sign-in attempt the account named, which may not exist (kept as
    # typed, lower-cased); for work outside a request, "system:" and the job (audit/who.py).
    actor_email: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None]
    couple_id: Mapped[int | None] = mapped_column(index=True)
    outcome: Mapped[str] = mapped_column(String(20), default="success")
    ip_address: Mapped[str | None] = mapped_column(String(45))
    # Names of changed fields and similar facts; never the values of clinical fields.
    detail: Mapped[str | None] = mapped_column(String(500))
    # The tamper-evident chain (chain.py): the row's place, set as its transaction commits,
    # the hash of the row before it, and a hash over this row's content and that one.
    chain_seq: Mapped[int | None] = mapped_column(unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))

    # A case's history and the dashboard's recent activity: by couple, newest first.
    __table_args__ = (Index("ix_audit_events_couple_id_at", "couple_id", "at"),)


class AuditChainHead(db.Model):
    """One row: the chain's last place and hash.

    Writers lock it while they add to the chain, so rows from several app processes join one
    line, and ``audit verify`` compares the last row with it to see rows cut off the end.
    """

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
