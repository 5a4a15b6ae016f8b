"""One contract for a refused submission: 422 with the form and what was typed, nothing saved;
409 when a newer version was saved first. The same for a form post and an autosave."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from practice.extensions import db
from practice.models import CheckIn, Couple, SessionNote, TherapySession, User

from .notes.records import add_note, add_session
from .test_cases import case_form

KEPT = "Words the counselor typed before the mistake"


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _changes(app) -> dict:
    models = (Couple, TherapySession, SessionNote, CheckIn, User)
    return {model.__name__: _count(app, model) for model in models}


@pytest.fixture
def couple(make_couple, counselor):
    return make_couple(counselor)


def _forms(couple, session_id):
    """(what, url, data) for each counselor form, filled in with one mistake each."""
    return [
        ("new case", "/cases/new", case_form(start_date="9999-12-31", goals=KEPT)),
        (
            "case edit",
            f"/cases/{couple.id}/edit",
            case_form(start_date="not a date", goals=KEPT),
        ),
        (
            "new session",
            f"/cases/{couple.id}/sessions/new",
            {"day": "2026-03-02", "start_time": "25:99", "minutes": "50", "kind": "joint"},
        ),
        (
            "check-in",
            f"/cases/{couple.id}/check-ins/new",
            {"partner": str(couple.partners[0].id), "entered_on": "2026-03-02"},
        ),
        (
            "note draft without JavaScript",
            f"/sessions/{session_id}/note/draft",
            {"version": "1", "subjective": KEPT + "x" * 30_000},
        ),
        ("password change", "/auth/password", {"current_password": "", "new_password": "x"}),
    ]


@pytest.mark.parametrize("index", range(6))
def test_a_refused_form_answers_422_keeps_the_text_and_saves_nothing(app, signed_in, couple, index):
    session_id = add_session(app, couple)
    add_note(app, session_id)
    what, url, data = _forms(couple, session_id)[index]
    before = _changes(app)
    response = signed_in.post(url, data=data)
    assert response.status_code == 422, what
    if KEPT in str(data):
        assert KEPT.encode() in response.data, what
    assert _changes(app) == before, what


def test_a_wrong_password_at_sign_in_is_a_refused_form(auth, counselor):
    response = auth.sign_in(counselor, "not the password")
    assert response.status_code == 422
    assert counselor.email.encode() in response.data  # the address stays in the field


def test_a_stale_form_answers_409(app, signed_in, couple):
    first = signed_in.get(f"/cases/{couple.id}/edit")
    assert first.status_code == 200
    # Another tab saves first ...
    saved = signed_in.post(f"/cases/{couple.id}/edit", data=case_form(goals="First", version="1"))
    assert saved.status_code == 302
    # ... and this tab, opened at version 1, is refused with its words kept.
    stale = signed_in.post(f"/cases/{couple.id}/edit", data=case_form(goals=KEPT, version="1"))
    assert stale.status_code == 409
    assert KEPT.encode() in stale.data


def test_an_autosave_answers_by_the_same_contract(app, signed_in, couple):
    session_id = add_session(app, couple)
    add_note(app, session_id)
    url = f"/sessions/{session_id}/note/draft"
    too_long = signed_in.post(url, json={"version": 1, "fields": [["subjective", "x" * 100_000]]})
    assert too_long.status_code == 422 and "subjective" in too_long.get_json()["errors"]
    saved = signed_in.post(url, json={"version": 1, "fields": [["subjective", "Calm week."]]})
    assert saved.status_code == 200
    stale = signed_in.post(url, json={"version": 1, "fields": [["subjective", KEPT]]})
    assert stale.status_code == 409 and stale.get_json()["conflict"] is True
    with app.app_context():
        note = db.session.scalar(select(SessionNote))
        assert note.sections["subjective"] == "Calm week."
