"""Walk the audit chain and name the first row that is not as it was written."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .chain import GENESIS, HEAD_ID, row_digest
from .models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class Verdict:
    rows: int  # rows checked before the first fault (all of them when intact)
    fault: str | None = None  # what is wrong, naming the row

    @property
    def intact(self) -> bool:
        return self.fault is None


def verify_chain(session: Session) -> Verdict:
    unplaced = session.scalar(
        select(AuditEvent.id).where(AuditEvent.chain_seq.is_(None)).order_by(AuditEvent.id)
    )
    if unplaced is not None:
        return Verdict(
            0, f"row {unplaced} has no place in the chain: it was inserted outside the app"
        )
    expected_seq, expected_prev, checked = 1, GENESIS, 0
    rows = session.scalars(
        select(AuditEvent).order_by(AuditEvent.chain_seq).execution_options(yield_per=500)
    )
    with rows:  # a server-side cursor on PostgreSQL: closed even when we stop early
        for row in rows:
            if row.chain_seq != expected_seq or row.prev_hash != expected_prev:
                return Verdict(checked, f"row {row.id}: {_break(row, expected_seq)}")
            if row_digest(row, row.prev_hash) != row.row_hash:
                where = f"row {row.id} (position {row.chain_seq})"
                return Verdict(checked, f"{where} was changed after it was written")
            expected_seq, expected_prev, checked = expected_seq + 1, row.row_hash, checked + 1
    head = session.get(AuditChainHead, HEAD_ID)
    last_seq = head.last_seq if head else 0
    if last_seq != checked or (head is not None and head.last_hash != expected_prev):
        return Verdict(
            checked,
            f"the chain's head expects {last_seq} rows, found {checked}: the last rows were "
            "removed",
        )
    return Verdict(checked)


def _break(row: AuditEvent, expected_seq: int) -> str:
    """Why a row does not follow the one before it."""
    if row.chain_seq > expected_seq:
        gap = row.chain_seq - expected_seq
        where = (
            f"position {expected_seq}"
            if gap == 1
            else f"positions {expected_seq} to {row.chain_seq - 1}"
        )
        return (
            f"{gap} row{'s' * (gap > 1)} before it ({where}) {'were' if gap > 1 else 'was'} removed"
        )
    return "it does not follow the row before it: a row was inserted out of order"
