"""Finding audit events for the admin's audit page and its CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select

from ..db_types import escape_like
from ..extensions import db
from .models import AuditEvent

PER_PAGE = 50
CSV_COLUMNS = (
    "id",
    "at",
    "actor_id",
    "actor_email",
    "action",
    "object_type",
    "object_id",
    "couple_id",
    "outcome",
    "ip_address",
    "detail",
    "chain_seq",
    "row_hash",
)
# A spreadsheet runs a cell that starts with one of these as a formula; an address typed at
# sign-in ("=HYPERLINK(...)") lands in this export.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AuditFilter:
    who: str = ""  # part of the actor's email
    couple_id: int | None = None
    action: str = ""
    since: date | None = None  # days in the practice's zone, both ends included
    until: date | None = None

    def describe(self) -> str:
        """For the export's own audit row: which filters, never what they matched."""
        parts = [f"{name}={value}" for name, value in vars(self).items() if value]
        return ", ".join(parts) or "all events"


def _start_of(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone)


def filtered(chosen: AuditFilter, zone: ZoneInfo) -> Select:
    statement = select(AuditEvent)
    if chosen.who:
        pattern = f"%{escape_like(chosen.who.lower())}%"
        statement = statement.where(AuditEvent.actor_email.ilike(pattern, escape="\\"))
    if chosen.couple_id is not None:
        statement = statement.where(AuditEvent.couple_id == chosen.couple_id)
    if chosen.action:
        statement = statement.where(AuditEvent.action == chosen.action)
    if chosen.since:
        statement = statement.where(AuditEvent.at >= _start_of(chosen.since, zone))
    if chosen.until:
        statement = statement.where(AuditEvent.at < _start_of(chosen.until + timedelta(1), zone))
    return statement.order_by(AuditEvent.id.desc())


def known_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by("action")))


def page_of(chosen: AuditFilter, zone: ZoneInfo, page: int):
    return db.paginate(filtered(chosen, zone), page=page, per_page=PER_PAGE, error_out=False)


def _cell(value) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_lines(chosen: AuditFilter, zone: ZoneInfo) -> Iterator[str]:
    """The matching events as CSV, a line at a time: an export may hold many rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield line(CSV_COLUMNS)
    rows = db.session.scalars(filtered(chosen, zone).execution_options(yield_per=500))
    with rows:  # closed even when the download is abandoned half way
        for event in rows:
            yield line([_cell(getattr(event, column)) for column in CSV_COLUMNS])
