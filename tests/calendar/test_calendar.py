"""Sessions in the counselor's own calendar (a private, revocable feed) and in each partner's
(.ics files): initials only, never a note, and at the right hour in any time zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from practice.extensions import db
from practice.models import AuditEvent, CalendarFeed, TherapySession

from ..conftest import PRACTICE_TIMEZONE, Auth
from ..notes.records import add_note, add_session

ZONE = ZoneInfo(PRACTICE_TIMEZONE)
FEED = re.compile(r"http://localhost(/calendar/feed/[\w-]+\.ics)")
NOTE = "Talked through the affair timeline"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(
        counselor, names=("Jordan Ellis", "Sam Whitaker"), concerns="Hidden debts, lies"
    )


def upcoming(days: int, hour: int) -> datetime:
    day = datetime.now(ZONE).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZONE).astimezone(UTC)


def feed_link(signed_in) -> str:
    page = signed_in.post("/calendar/settings")
    assert page.status_code == 200
    return FEED.search(page.text).group(1)


def events_of(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def test_the_feed_opens_in_a_calendar_parser_at_the_right_hours(
    app, signed_in, case, counselor, make_user, make_couple
):
    summer = datetime(2027, 7, 1, 15, 0, tzinfo=ZONE)  # EDT
    winter = datetime(2027, 1, 12, 9, 30, tzinfo=ZONE)  # EST
    for starts in (summer, winter):
        session_id = add_session(app, case, starts_at=starts.astimezone(UTC), status="scheduled")
        add_note(app, session_id, sections={"subjective": NOTE, "plan": NOTE})
    other = make_couple(make_user(), names=("Ana Lima", "Bo Park"))
    add_session(app, other, starts_at=summer.astimezone(UTC), status="scheduled")

    link = feed_link(signed_in)
    anonymous = app.test_client()  # a calendar app has no session cookie
    reply = anonymous.get(link)
    assert reply.status_code == 200
    assert reply.mimetype == "text/calendar"
    assert NOTE.encode() not in reply.data and b"Hidden debts" not in reply.data
    assert b"Jordan" not in reply.data and b"Ana" not in reply.data
    calendar = Calendar.from_ical(reply.data)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [PRACTICE_TIMEZONE]
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [str(e["summary"]) for e in events] == ["J.E. & S.W. \u00b7 Joint session"] * 2
    starts = [e.decoded("dtstart") for e in events]
    assert starts == [winter, summer]
    assert [s.tzinfo.key for s in starts] == [PRACTICE_TIMEZONE] * 2
    assert [s.astimezone(UTC).hour for s in starts] == [14, 19]  # 09:30 EST, 15:00 EDT
    assert events[0].decoded("dtend") - starts[0] == timedelta(minutes=50)


def test_only_a_hash_of_the_feed_token_is_kept(app, signed_in, case):
    token = feed_link(signed_in).rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 40
    with app.app_context():
        (feed,) = db.session.scalars(select(CalendarFeed)).all()
        assert feed.token_hash != token and token not in feed.token_hash
    assert "You have a calendar link" in signed_in.get("/calendar/settings").text
    assert token not in signed_in.get("/calendar/settings").text  # shown once only


def test_a_revoked_or_wrong_token_is_a_404_and_audited(app, signed_in, case):
    add_session(app, case, starts_at=upcoming(2, 10), status="scheduled")
    first = feed_link(signed_in)
    second = feed_link(signed_in)  # a new link: the first stops working
    anonymous = app.test_client()
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200
    signed_in.post("/calendar/settings/revoke")
    assert anonymous.get(second).status_code == 404
    assert anonymous.get("/calendar/feed/guessed-token.ics").status_code == 404
    with app.app_context():
        refused = db.session.scalars(
            select(AuditEvent).filter_by(action="calendar-feed", outcome="denied")
        ).all()
        assert len(refused) == 3
        assert all(second.split("/")[-1][:-4] not in (e.detail or "") for e in refused)


def test_each_session_downloads_as_an_ics_for_its_own_counselor(
    app, signed_in, case, make_user, make_couple, auth
):
    session_id = add_session(app, case, starts_at=upcoming(3, 11), status="scheduled")
    add_note(app, session_id, sections={"subjective": NOTE, "plan": ""})
    assert "calendar.ics" in signed_in.get(f"/sessions/{session_id}").text
    reply = signed_in.get(f"/sessions/{session_id}/calendar.ics")
    assert reply.status_code == 200
    assert (
        reply.headers["Content-Disposition"] == f'attachment; filename="session-{session_id}.ics"'
    )
    (event,) = events_of(reply.data)
    assert str(event["summary"]) == "J.E. & S.W. \u00b7 Joint session"
    assert NOTE.encode() not in reply.data

    stranger = Auth(app.test_client())
    stranger.sign_in(make_user())
    assert stranger.client.get(f"/sessions/{session_id}/calendar.ics").status_code == 404


def test_partners_download_their_own_sessions_from_the_portal(
    app, case, make_client_account, make_user, make_couple
):
    joint = add_session(app, case, starts_at=upcoming(4, 16), status="scheduled")
    with app.app_context():
        individual = TherapySession(
            couple_id=case.id,
            created_by_id=case.counselor_id,
            starts_at=upcoming(5, 9),
            minutes=50,
            kind="individual",
            attended_client_id=case.partners[1].id,  # Sam's, not Jordan's
            modality="video",
            status="scheduled",
        )
        db.session.add(individual)
        db.session.commit()
        individual_id = individual.id
    other = make_couple(make_user(), names=("Ana Lima", "Bo Park"))
    theirs = add_session(app, other, starts_at=upcoming(4, 16), status="scheduled")

    jordan = Auth(app.test_client())
    jordan.sign_in(make_client_account(case, 1))
    home = jordan.client.get("/portal/").text
    assert f"/portal/sessions/{joint}.ics" in home
    assert f"/portal/sessions/{individual_id}.ics" not in home
    reply = jordan.client.get(f"/portal/sessions/{joint}.ics")
    assert reply.status_code == 200
    (event,) = events_of(reply.data)
    assert str(event["summary"]) == "Appointment \u00b7 Harbor Light Counseling"
    assert event.decoded("dtstart") == upcoming(4, 16)
    assert event.decoded("dtstart").tzinfo.key == PRACTICE_TIMEZONE
    assert jordan.client.get(f"/portal/sessions/{individual_id}.ics").status_code == 404
    assert jordan.client.get(f"/portal/sessions/{theirs}.ics").status_code == 404


def test_trying_tokens_from_one_address_is_stopped(app, signed_in, case):
    link = feed_link(signed_in)
    stranger = app.test_client()
    answers = [stranger.get(f"/calendar/feed/guess-{n}.ics").status_code for n in range(31)]
    assert answers == [404] * 30 + [429]
    assert stranger.get(link).status_code == 429  # even the right token, for a while
