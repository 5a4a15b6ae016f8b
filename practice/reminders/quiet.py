"""Quiet hours: the practice's night, when reminders wait for the morning."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo


def quiet_until(now: datetime, zone: ZoneInfo, hours: tuple[time, time] | None) -> datetime | None:
    """The UTC instant the quiet hours around ``now`` end, or None when it is not quiet.

    Worked out on the local calendar, so the morning is 08:00 on the wall clock on the night
    the clocks change too (the night is an hour shorter or longer, not the morning later).
    """
    if hours is None:
        return None
    start, end = hours
    local = now.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    if start <= end:  # quiet within one day, e.g. 12:00-13:00
        if not start <= clock < end:
            return None
        morning = local.date()
    elif clock >= start:
        morning = local.date() + timedelta(days=1)
    elif clock < end:
        morning = local.date()
    else:
        return None
    return datetime.combine(morning, end, tzinfo=zone).astimezone(UTC)
