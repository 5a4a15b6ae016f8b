"""Requests no page of ours sends, found by fuzzing every route: each gets a clear answer,
never a 500, and text that arrives damaged is kept readable rather than breaking pages."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import CheckInFlag, Couple, Invitation, Role, SessionNote, TherapySession

from .homework.helpers import autosave_body, worksheet
from .notes.records import add_checkin, add_note, add_session
from .test_cases import case_form

ERROR_PAGE = "Something went wrong on our side"
DEEP_JSON = b"[" * 100_000 + b"]" * 100_000
BROKEN_HOST = "http://["  # an unclosed IPv6 address: urlsplit raises on it


def test_a_json_body_to_a_form_is_read_as_an_empty_form(app, signed_in, counselor, make_couple):
    couple = make_couple(counselor)
    response = signed_in.post(f"/cases/{couple.id}/sessions/new", json={"start_time": 5})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and ERROR_PAGE not in page
    assert "Enter the time as hours and minutes" in page
    with app.app_context():
        assert db.session.scalar(select(TherapySession)) is None


@pytest.mark.parametrize("body", [{"json": [1, 2]}, {"json": {"email": 5, "password": "x"}}])
def test_a_json_sign_in_is_refused_with_the_forms_messages(client, counselor, body):
    response = client.post("/auth/sign-in", **body)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and ERROR_PAGE not in page
    assert "Enter your email." in page and "Enter your password." in page


def test_a_file_where_text_belongs_is_not_read_as_text(app, signed_in):
    upload = {"partner1-full_name": (io.BytesIO(b"x"), "name.txt")}
    response = signed_in.post("/cases/new", data=upload, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Enter this partner&#39;s full name." in page
    with app.app_context():
        assert db.session.scalar(select(Couple)) is None


def test_json_nested_too_deep_is_a_bad_request(app, signed_in, counselor, make_couple):
    session_id = add_session(app, make_couple(counselor))
    add_note(app, session_id)
    response = signed_in.post(
        f"/sessions/{session_id}/note/draft", data=DEEP_JSON, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json == {"error": "expected a JSON object"}


def test_half_an_emoji_in_a_note_is_kept_readable_and_breaks_no_page(
    app, signed_in, counselor, make_couple
):
    session_id = add_session(app, make_couple(counselor))
    add_note(app, session_id)
    saved = signed_in.post(
        f"/sessions/{session_id}/note/draft",
        json={"version": 1, "fields": [["plan", "calm talk \ud83d then tea"]]},
    )
    assert saved.status_code == 200
    with app.app_context():
        note = db.session.scalar(select(SessionNote))
        assert note.sections["plan"] == "calm talk \ufffd then tea"
    assert "calm talk \ufffd then tea" in signed_in.get(f"/sessions/{session_id}/note").text
    assert signed_in.get("/notes/search?q=calm").status_code == 200


def test_half_an_emoji_in_an_answer_keeps_the_worksheet_and_its_pdf_working(
    app, counselor, make_couple, make_client_account, make_assignment, auth
):
    couple = make_couple(counselor)
    response_id = make_assignment(couple).responses[0].id
    auth.sign_in(make_client_account(couple, 1))
    ws = worksheet(app, "preparing-for-counseling")
    body = autosave_body(ws, {"why_now": "we try \ud800 again"}, version=1)
    saved = auth.client.post(f"/portal/responses/{response_id}/autosave", json=body)
    assert saved.status_code == 200
    page = auth.client.get(f"/portal/responses/{response_id}")
    assert page.status_code == 200 and "we try \ufffd again" in page.text
    assert auth.client.get(f"/portal/responses/{response_id}.pdf").status_code == 200


def test_an_unparseable_next_address_signs_in_to_the_dashboard(client, counselor):
    response = client.post(
        "/auth/sign-in?next=//%5B",
        data={"email": counselor.email, "password": "correct horse battery"},
    )
    assert response.status_code == 302 and response.location == "/dashboard"


@pytest.mark.parametrize("header", ["Origin", "Referer"])
def test_a_signed_out_post_from_an_unparseable_address_goes_to_sign_in(
    app, client, counselor, make_couple, header
):
    couple = make_couple(counselor)
    for url, form in (
        (f"/cases/{couple.id}/edit", {"goals": "x"}),
        (f"/cases/{couple.id}/status", {"status": "paused"}),
    ):
        response = client.post(url, data=form, headers={header: BROKEN_HOST})
        # Not offered back as "your unsaved changes": it may not have come from our page.
        assert response.status_code == 302, url
        assert response.location.startswith("/auth/sign-in"), url


def test_acknowledging_a_flag_with_an_unparseable_next_returns_to_sessions(
    app, signed_in, counselor, make_couple
):
    first = make_couple(counselor).partners[0].id
    add_checkin(app, first, 9, days_ago=7)
    add_checkin(app, first, 2)
    with app.app_context():
        flag_id = db.session.scalar(select(CheckInFlag.id))
    response = signed_in.post(f"/check-in-flags/{flag_id}/acknowledge", data={"next": "//["})
    assert response.status_code == 302 and response.location == "/sessions/"
    with app.app_context():
        assert db.session.get(CheckInFlag, flag_id).acknowledged_at is not None


def test_an_invitation_whose_address_was_taken_since_says_so(
    app, signed_in, counselor, make_couple, make_user
):
    partner = make_couple(counselor).partners[0]
    link = signed_in.post(f"/partners/{partner.id}/invite").text
    token = link.split("/portal/welcome/", 1)[1].split('"', 1)[0].split("<", 1)[0]
    make_user(Role.COUNSELOR, email=partner.email.upper(), name="New Colleague")
    welcome = app.test_client()
    for response in (
        welcome.get(f"/portal/welcome/{token}"),
        welcome.post(
            f"/portal/welcome/{token}",
            data={"new_password": "a garden after the rain", "confirm": "a garden after the rain"},
        ),
    ):
        assert response.status_code == 410
        assert "its email address now belongs to another account" in response.text
    with app.app_context():
        assert db.session.scalar(select(Invitation.used_at)) is None


def test_two_long_names_make_a_case_name_that_fits(app, signed_in):
    long_names = {
        "partner1-full_name": "W" * 120,
        "partner1-preferred_name": "P" * 60,
        "partner2-full_name": "Q" * 120,
        "partner2-preferred_name": "R" * 60,
    }
    response = signed_in.post("/cases/new", data=case_form(display_name="", **long_names))
    assert response.status_code == 302
    with app.app_context():
        name = db.session.scalar(select(Couple.display_name))
    assert len(name) <= 120 and name.startswith("P" * 60 + " & R") and name.endswith("\u2026")
