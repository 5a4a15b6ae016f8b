"""Hostile and mistaken input gets a clear answer, never a 500, and changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import Couple, TherapySession
from practice.notes.lock import SignedNoteLocked

from .notes.records import add_note, add_session
from .test_cases import case_form

HUGE = 2**63  # past every database integer


@pytest.mark.parametrize(
    "url",
    [
        f"/cases/{HUGE}",
        f"/cases/{2**31}/edit",
        f"/sessions/{HUGE}",
        f"/assignments/{HUGE}",
        f"/assignments/new?couple_id={HUGE}",
        f"/cases/?page={HUGE}",
        f"/notes/search?q=calm&page={HUGE}",
    ],
)
def test_numbers_too_big_for_the_database_are_not_errors(signed_in, url):
    response = signed_in.get(url)
    assert response.status_code in (200, 404), url
    assert b"Something went wrong on our side" not in response.data


def test_a_client_asking_for_a_huge_response_id_gets_404(
    app, counselor, make_couple, make_client_account, auth
):
    user = make_client_account(make_couple(counselor), 1)
    auth.sign_in(user)
    assert auth.client.get(f"/portal/responses/{HUGE}").status_code == 404


@pytest.mark.parametrize("url", ["/cases/?q=a%00b", "/notes/search?q=%00", "/cases/%00"])
def test_nul_in_a_url_is_a_bad_request(signed_in, url):
    assert signed_in.get(url).status_code in (400, 404)


def test_nul_in_typed_text_is_dropped_not_a_crash(app, signed_in):
    response = signed_in.post(
        "/cases/new", data=case_form(goals="Rebuild\x00 openness", presenting_concerns="a\x00b")
    )
    assert response.status_code == 302
    with app.app_context():
        couple = db.session.scalar(select(Couple))
        assert couple.goals == "Rebuild openness" and couple.presenting_concerns == "ab"


def test_nul_in_the_sign_in_email_is_just_a_failed_sign_in(auth, counselor):
    assert auth.sign_in(counselor.email + "\x00").status_code in (200, 302)


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_impossible_years_are_refused_with_a_message(app, signed_in, value):
    response = signed_in.post("/cases/new", data=case_form(start_date=value))
    assert b"Enter a date between 1900 and 2100." in response.data
    with app.app_context():
        assert db.session.scalar(select(Couple)) is None


def test_a_session_far_in_the_future_is_refused_not_a_crash(app, signed_in, counselor, make_couple):
    couple = make_couple(counselor)
    response = signed_in.post(
        f"/cases/{couple.id}/sessions/new",
        data={
            "day": "9999-12-31",
            "start_time": "23:00",
            "minutes": "50",
            "kind": "joint",
            "attended": "both",
            "modality": "in_person",
            "status": "scheduled",
        },
    )
    assert response.status_code == 422
    assert b"Enter a date between 1900 and 2100." in response.data


@pytest.fixture
def signed_session(app, counselor, make_couple):
    session_id = add_session(app, make_couple(counselor))
    add_note(app, session_id, signed=True)
    return session_id


def test_a_signed_notes_session_cannot_be_edited_by_the_form(app, signed_in, signed_session):
    page = signed_in.get(f"/sessions/{signed_session}/edit", follow_redirects=True)
    assert b"details can&#39;t be changed" in page.data
    signed_in.post(
        f"/sessions/{signed_session}/edit",
        data={
            "day": "2026-03-09",
            "start_time": "09:00",
            "minutes": "200",
            "kind": "joint",
            "attended": "both",
            "modality": "video",
            "status": "no_show",
            "version": "1",
        },
    )
    with app.app_context():
        session = db.session.get(TherapySession, signed_session)
        assert (session.minutes, session.modality, session.status) == (50, "in_person", "completed")


def test_a_signed_notes_session_is_locked_in_the_model(app, signed_session):
    with app.app_context():
        session = db.session.get(TherapySession, signed_session)
        session.minutes = 200
        with pytest.raises(SignedNoteLocked):
            db.session.flush()
        db.session.rollback()


def test_a_signed_out_post_without_kept_text_returns_to_the_page_it_came_from(
    app, counselor, make_couple
):
    couple = make_couple(counselor)
    response = app.test_client().post(
        f"/cases/{couple.id}/status",
        data={"status": "closed"},
        headers={"Referer": f"http://localhost/cases/{couple.id}"},
    )
    assert response.status_code == 302
    assert response.location == f"/auth/sign-in?next=/cases/{couple.id}"


def test_a_case_edit_survives_the_session_ending(app, counselor, make_couple):
    couple = make_couple(counselor)
    form = case_form(
        **{"partner1-full_name": "Alex Morgan", "partner2-full_name": "Riley Chen"},
        goals="Written while the session ran out.",
        version="1",
    )
    page = app.test_client().post(
        f"/cases/{couple.id}/edit", data=form, headers={"Origin": "http://localhost"}
    )
    assert page.status_code == 401
    assert b"Written while the session ran out." in page.data
