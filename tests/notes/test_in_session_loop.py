"""The in-session loop (issue 13): today's note in one click in the counselor's own format,
signing a session that has not started asks first, and signing completes the session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from practice.db_types import utcnow
from practice.extensions import db
from practice.models import NotePreference, SessionNote, TherapySession

from ..conftest import PASSWORD
from .records import add_note, add_session, once_token


@pytest.fixture
def couple(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


def today_session(app, couple, *, hours_from_now: float, status: str = "scheduled") -> int:
    starts = utcnow() + timedelta(hours=hours_from_now)  # tests run at the practice's noon
    return add_session(app, couple, starts_at=starts, status=status)


def note_of(app, session_id) -> SessionNote | None:
    with app.app_context():
        note = db.session.scalar(select(SessionNote).filter_by(therapy_session_id=session_id))
        if note is not None:
            db.session.expunge(note)
        return note


def session_status(app, session_id) -> str:
    with app.app_context():
        return db.session.get(TherapySession, session_id).status


def test_write_the_note_opens_the_editor_in_the_counselors_default_format(
    app, signed_in, couple, counselor
):
    session_id = today_session(app, couple, hours_from_now=-1)
    settings = signed_in.post("/settings/notes", data={"format": "birp"})
    assert settings.status_code == 302
    assert "New notes now open in BIRP format." in signed_in.get("/settings/notes").text
    # No format sent: the one button on the dashboard and the case page (it was refused).
    written = signed_in.post(f"/sessions/{session_id}/note")
    assert written.status_code == 302
    assert written.headers["Location"].endswith(f"/sessions/{session_id}/note")
    assert note_of(app, session_id).format == "birp"
    editor = signed_in.get(written.headers["Location"]).text
    assert "Behavior" in editor and "Intervention" in editor and "Change format" in editor


def test_without_a_setting_notes_open_in_soap_and_a_bad_setting_is_refused(
    app, signed_in, couple, counselor
):
    session_id = today_session(app, couple, hours_from_now=-1)
    refused = signed_in.post("/settings/notes", data={"format": "poem"})
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.get(NotePreference, counselor.id) is None
    page = signed_in.get(f"/sessions/{session_id}/note").text
    assert "Write the note" in page and "Start the note" not in page
    assert "<strong>SOAP</strong> format, your default" in page
    signed_in.post(f"/sessions/{session_id}/note")
    assert note_of(app, session_id).format == "soap"


def test_todays_session_has_write_the_note_on_the_dashboard_and_the_case_page(
    app, signed_in, couple
):
    session_id = today_session(app, couple, hours_from_now=1)
    start = f'action="/sessions/{session_id}/note"'
    for url in ("/dashboard", f"/cases/{couple.id}"):
        page = signed_in.get(url).text
        assert start in page and "Write the note" in page, url
    signed_in.post(f"/sessions/{session_id}/note")
    for url in ("/dashboard", f"/cases/{couple.id}"):
        page = signed_in.get(url).text
        assert "Continue the note" in page and start not in page, url


def sign(client, session_id, **extra):
    url = f"/sessions/{session_id}/note/sign"
    data = {"password": PASSWORD, "version": "1", "once": once_token(client, url), **extra}
    return client.post(url, data=data)


def test_signing_a_session_that_has_not_started_asks_first(app, signed_in, couple):
    session_id = today_session(app, couple, hours_from_now=3)
    add_note(app, session_id)
    review = signed_in.get(f"/sessions/{session_id}/note/sign").text
    assert "This session has not started yet." in review
    refused = sign(signed_in, session_id)
    assert refused.status_code == 422
    assert "Tick the box to sign the note anyway" in refused.text
    assert note_of(app, session_id).signed_at is None
    assert session_status(app, session_id) == "scheduled"
    confirmed = sign(signed_in, session_id, early="y")
    assert confirmed.status_code == 302
    assert note_of(app, session_id).signed_at is not None
    assert session_status(app, session_id) == "completed"


def test_signing_marks_a_scheduled_session_completed(app, signed_in, couple):
    session_id = today_session(app, couple, hours_from_now=-1)
    add_note(app, session_id)
    assert "has not started yet" not in signed_in.get(f"/sessions/{session_id}/note/sign").text
    assert sign(signed_in, session_id).status_code == 302
    assert session_status(app, session_id) == "completed"
    # It now counts as done: it is not left among the sessions still to happen.
    assert "Every completed session has a signed note." in signed_in.get("/dashboard").text


def test_a_cancelled_session_stays_cancelled_when_its_note_is_signed(app, signed_in, couple):
    session_id = today_session(app, couple, hours_from_now=-1, status="cancelled")
    add_note(app, session_id)
    assert sign(signed_in, session_id).status_code == 302
    assert session_status(app, session_id) == "cancelled"


def test_a_signed_note_puts_the_packet_and_the_next_worksheet_one_click_away(
    app, signed_in, couple, make_assignment
):
    session_id = today_session(app, couple, hours_from_now=-1)
    add_note(app, session_id, signed=True)
    page = signed_in.get(f"/sessions/{session_id}/note").text
    assert "Homework packet PDF" not in page  # nothing open to print yet
    assert "Assign the next worksheet" in page
    make_assignment(couple, "preparing-for-counseling")
    page = signed_in.get(f"/sessions/{session_id}/note").text
    assert f'href="/handouts/cases/{couple.id}/packet.pdf"' in page
    assert f'href="/handouts/cases/{couple.id}/packet.pdf?printing=1"' in page
    assert f'action="/assignments/new?couple_id={couple.id}"' in page
