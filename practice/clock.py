"""The practice's clock: its time zone, its today, and how its dates and times read.

Core: imports no domain. Times are stored in UTC and shown in the practice's zone.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def practice_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["PRACTICE_TIMEZONE"])


def practice_today() -> date:
    """Today's date where the practice is: due dates and overdue are judged by it."""
    return datetime.now(practice_zone()).date()


def local_time(value: datetime | None) -> datetime | None:
    return value.astimezone(practice_zone()) if value else None


def format_datetime(value: datetime | None) -> str:
    local = local_time(value)
    if local is None:
        return ""
    return f"{local:%b} {local.day}, {local.year}, {local:%H:%M}"


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_time(value)
    return f"{value:%b} {value.day}, {value.year}"


def format_time(value: datetime | None) -> str:
    local = local_time(value)
    return f"{local:%H:%M}" if local else ""


def saved_when(value: datetime | None) -> str:
    """'at 14:05' today, 'on Nov 28, 2026 at 14:05' any other day: a draft left for a week
    should not read as if it was saved this morning."""
    if value is None:
        return ""
    if local_time(value).date() == practice_today():
        return f"at {format_time(value)}"
    return f"on {format_date(value)} at {format_time(value)}"


def long_date(day: date) -> str:
    """'Thursday, March 12, 2026': a day someone plans around reads best with its weekday."""
    return f"{day:%A, %B} {day.day}, {day.year}"
