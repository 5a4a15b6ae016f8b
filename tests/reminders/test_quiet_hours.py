"""Nothing but an urgent notice goes out in the practice's night: it waits for 08:00 on the
practice's wall clock, on the nights the clocks change too."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from practice.reminders.quiet import quiet_until

from ..conftest import PRACTICE_TIMEZONE, Auth
from .conftest import outbox, queue, send_due

ZONE = ZoneInfo(PRACTICE_TIMEZONE)
NIGHT = (time(21), time(8))


def at(moment: datetime):
    return time_machine.travel(moment.astimezone(UTC), tick=False)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=ZONE)


def test_a_reminder_queued_at_night_waits_for_the_morning(app, inbox, make_user):
    evening = datetime.combine(datetime.now(ZONE).date(), time(22, 15), tzinfo=ZONE)
    with at(evening):
        queue(app)
        assert "held 1" in send_due(app)
    assert inbox.messages == []
    admin = Auth(app.test_client())
    admin.sign_in(make_user("admin"))
    page = admin.client.get("/admin/outbox").text
    assert "held" in page and "08:00" in page

    morning = evening.date() + timedelta(days=1)
    with at(datetime.combine(morning, time(7, 59), tzinfo=ZONE)):
        send_due(app)
    assert inbox.messages == []
    with at(datetime.combine(morning, time(8, 0, 30), tzinfo=ZONE)):
        send_due(app)
    assert len(inbox.messages) == 1
    assert outbox(app)[0].status == "sent"


@pytest.mark.parametrize(
    ("evening", "too_early", "in_time"),
    [
        # Spring forward (March 14, 2027, 02:00 -> 03:00): the night is an hour shorter.
        (local(2027, 3, 13, 22, 0), local(2027, 3, 14, 7, 55), local(2027, 3, 14, 8, 1)),
        # Fall back (November 7, 2027, 02:00 -> 01:00): the night is an hour longer.
        (local(2027, 11, 6, 22, 0), local(2027, 11, 7, 7, 55), local(2027, 11, 7, 8, 1)),
    ],
)
def test_across_a_clock_change_the_morning_is_8_on_the_wall_clock(
    app, inbox, evening, too_early, in_time
):
    with at(evening):
        queue(app)
        send_due(app)
    (held,) = outbox(app)
    assert held.status == "held"
    assert held.not_before.astimezone(ZONE).time() == time(8)
    with at(too_early):
        send_due(app)
    assert inbox.messages == []
    with at(in_time):
        send_due(app)
    assert len(inbox.messages) == 1


def test_quiet_hours_can_be_turned_off(app, inbox):
    app.config["QUIET_HOURS"] = None
    with at(local(2027, 1, 5, 3, 0)):
        queue(app)
        send_due(app)
    assert len(inbox.messages) == 1


@pytest.mark.parametrize(
    ("now", "until"),
    [
        (local(2027, 1, 5, 20, 59), None),
        (local(2027, 1, 5, 21, 0), local(2027, 1, 6, 8, 0)),
        (local(2027, 1, 6, 0, 30), local(2027, 1, 6, 8, 0)),
        (local(2027, 1, 6, 8, 0), None),
        (local(2027, 3, 14, 1, 30), local(2027, 3, 14, 8, 0)),  # EST now, EDT in the morning
    ],
)
def test_when_the_quiet_ends(now, until):
    assert quiet_until(now, ZONE, NIGHT) == (until.astimezone(UTC) if until else None)
