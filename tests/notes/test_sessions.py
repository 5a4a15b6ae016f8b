"""Sessions: schedule, view, edit; times entered in the practice's zone, stored in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import AuditEvent, TherapySession

from .records import add_session


def session_form(**overrides) -> dict:
    form = {
        "day": "2026-03-10",
        "start_time": "14:30",
        "minutes": "50",
        "kind": "joint",
        "attended": "both",
        "modality": "video",
        "status": "scheduled",
    }
    form.update(overrides)
    return form


def all_sessions(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(select(TherapySession.__table__)).all()
        return sorted(map(tuple, rows))


def test_schedule_a_session_in_the_practice_time_zone(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    response = signed_in.post(f"/cases/{couple.id}/sessions/new", data=session_form())
    assert response.status_code == 302
    page = signed_in.get(response.location)
    assert b"Joint session \xc2\xb7 Video" in page.data
    assert b"Mar 10, 2026, 14:30" in page.data
    with app.app_context():
        therapy_session = db.session.scalar(select(TherapySession))
        # 14:30 in New York in March (EDT, UTC-4) is 18:30 UTC.
        assert therapy_session.starts_at == datetime(2026, 3, 10, 18, 30, tzinfo=UTC)
        assert therapy_session.minutes == 50 and therapy_session.attended_client_id is None
        actions = db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.couple_id == couple.id)
            .order_by(AuditEvent.id)
        ).all()
        assert actions == ["session-create", "session-view"]


def test_an_individual_session_names_the_partner(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    partner = couple.partners[1]
    refused = signed_in.post(
        f"/cases/{couple.id}/sessions/new", data=session_form(kind="individual")
    )
    assert b"An individual session is with one partner: choose who." in refused.data
    assert all_sessions(app) == []
    form = session_form(kind="individual", attended=str(partner.id))
    assert signed_in.post(f"/cases/{couple.id}/sessions/new", data=form).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(TherapySession)).attended_client_id == partner.id


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("start_time", "25:99", b"Enter the time as hours and minutes on a 24-hour clock"),
        ("start_time", "tomorrowish", b"Enter the time as hours and minutes on a 24-hour clock"),
        ("start_time", "", b"Enter the time as hours and minutes on a 24-hour clock"),
        ("day", "2026-02-30", b"Enter the date of the session"),
        ("minutes", "0", b"A session lasts from 1 to 480 minutes (8 hours)."),
        ("minutes", "481", b"A session lasts from 1 to 480 minutes (8 hours)."),
        ("minutes", "-5", b"A session lasts from 1 to 480 minutes (8 hours)."),
        ("minutes", "", b"Enter the length in minutes, for example 50."),
        ("kind", "group", b"Not a valid choice"),
    ],
)
def test_bad_input_is_explained_and_nothing_changes(
    app, signed_in, make_couple, counselor, field, value, message
):
    couple = make_couple(counselor)
    session_id = add_session(app, couple, status="scheduled")
    before = all_sessions(app)
    created = signed_in.post(
        f"/cases/{couple.id}/sessions/new", data=session_form(**{field: value})
    )
    edited = signed_in.post(
        f"/sessions/{session_id}/edit", data=session_form(version="1", **{field: value})
    )
    for response in (created, edited):
        assert response.status_code == 422
        assert message in response.data
        assert b"Nothing has been saved yet" in response.data
        assert b'aria-invalid="true"' in response.data
    assert all_sessions(app) == before


def test_edit_a_session_and_its_audit(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    session_id = add_session(app, couple, status="scheduled")
    page = signed_in.get(f"/sessions/{session_id}/edit")
    assert b'value="10:00"' in page.data  # 15:00 UTC shown as New York time (EST)
    form = session_form(day="2026-03-02", start_time="10:00", status="completed", version="1")
    response = signed_in.post(f"/sessions/{session_id}/edit", data=form)
    assert response.status_code == 302
    with app.app_context():
        therapy_session = db.session.get(TherapySession, session_id)
        assert therapy_session.status == "completed" and therapy_session.modality == "video"
        assert therapy_session.starts_at == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
        event = db.session.scalar(select(AuditEvent).filter_by(action="session-update"))
        assert event.detail == "modality,status" and event.object_id == session_id


def test_a_time_the_clocks_skip_is_explained_and_nothing_is_saved(
    app, signed_in, make_couple, counselor
):
    couple = make_couple(counselor)
    skipped = session_form(day="2026-03-08", start_time="02:30")
    response = signed_in.post(f"/cases/{couple.id}/sessions/new", data=skipped)
    assert response.status_code == 422
    assert "There is no 02:30 on March 8: the clocks go forward that night" in (
        response.get_data(as_text=True)
    )
    assert all_sessions(app) == []
    after = session_form(day="2026-03-08", start_time="03:30")
    assert signed_in.post(f"/cases/{couple.id}/sessions/new", data=after).status_code == 302


def test_editing_the_second_0130_of_a_fall_night_keeps_its_hour(
    app, signed_in, make_couple, counselor
):
    # On Nov 1 the clocks go back: 01:30 happens at 05:30 UTC (EDT) and again at 06:30 (EST).
    second = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    session_id = add_session(app, make_couple(counselor), starts_at=second, status="scheduled")
    page = signed_in.get(f"/sessions/{session_id}/edit")
    assert b'value="01:30"' in page.data
    form = session_form(day="2026-11-01", start_time="01:30", status="completed", version="1")
    assert signed_in.post(f"/sessions/{session_id}/edit", data=form).status_code == 302
    with app.app_context():
        assert db.session.get(TherapySession, session_id).starts_at == second
    # A quarter of an hour later that night is 15 minutes later, not 45 minutes earlier.
    later = session_form(day="2026-11-01", start_time="01:45", status="completed", version="2")
    assert signed_in.post(f"/sessions/{session_id}/edit", data=later).status_code == 302
    with app.app_context():
        assert db.session.get(TherapySession, session_id).starts_at == second + timedelta(
            minutes=15
        )


def test_a_stale_edit_is_refused_and_kept_on_screen(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    session_id = add_session(app, couple, status="scheduled")
    first = session_form(status="completed", version="1")
    assert signed_in.post(f"/sessions/{session_id}/edit", data=first).status_code == 302
    before = all_sessions(app)
    stale = session_form(status="cancelled", minutes="75", version="1")
    response = signed_in.post(f"/sessions/{session_id}/edit", data=stale)
    assert response.status_code == 409
    assert b"changed elsewhere" in response.data and b'value="75"' in response.data
    assert all_sessions(app) == before


def test_scheduling_does_not_make_an_open_case_form_stale(app, signed_in, make_couple, counselor):
    from practice.models import Couple

    couple = make_couple(counselor)
    signed_in.post(f"/cases/{couple.id}/sessions/new", data=session_form())
    with app.app_context():
        assert db.session.get(Couple, couple.id).version == 1
