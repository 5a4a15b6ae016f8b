"""Sign-in, sign-out and sessions (SECURITY.md 1-7)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from practice.auth.models import UserSession
from practice.db_types import utcnow
from practice.extensions import db
from practice.models import AuditEvent, User

from .conftest import PASSWORD, csrf_token_in


def test_sign_in_lands_on_the_dashboard(auth, counselor):
    response = auth.sign_in(counselor)
    assert response.status_code == 302
    assert response.location == "/dashboard"
    page = auth.client.get("/dashboard")
    assert b"Good to see you, Maya" in page.data


def test_wrong_password_is_refused_with_a_clear_message(auth, counselor):
    response = auth.sign_in(counselor, "not the password")
    assert response.status_code == 422
    assert b"don&#39;t match an active account" in response.data
    assert auth.client.get("/dashboard").status_code == 302


def test_email_is_case_insensitive(auth, counselor):
    assert auth.sign_in(counselor.email.upper()).status_code == 302


def test_deactivated_account_cannot_sign_in(auth, make_user):
    user = make_user(active=False)
    response = auth.sign_in(user)
    assert response.status_code == 422
    assert b"don&#39;t match an active account" in response.data


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/cases/", "/cases/"),
        ("https://evil.example/", "/dashboard"),
        ("//evil.example/", "/dashboard"),
        ("/\\evil.example", "/dashboard"),
        ("javascript:alert(1)", "/dashboard"),
        ("\t//evil.example", "/dashboard"),
    ],
)
def test_next_never_leaves_the_site(auth, counselor, target, expected):
    response = auth.client.post(
        "/auth/sign-in",
        query_string={"next": target},
        data={"email": counselor.email, "password": PASSWORD},
    )
    assert response.location == expected


def test_protected_page_sends_to_sign_in_and_back(auth, counselor):
    response = auth.client.get("/cases/")
    assert response.status_code == 302
    assert response.location.startswith("/auth/sign-in?next=")
    response = auth.client.post(
        response.location, data={"email": counselor.email, "password": PASSWORD}
    )
    assert response.location == "/cases/"


def test_cookie_from_before_sign_in_is_not_signed_in_afterwards(app, counselor):
    app.config["WTF_CSRF_ENABLED"] = True  # the CSRF token gives the visitor a cookie early
    browser = app.test_client()
    token = csrf_token_in(browser.get("/auth/sign-in"))
    before = browser.get_cookie("trustwork_session")
    response = browser.post(
        "/auth/sign-in",
        data={"email": counselor.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    after = browser.get_cookie("trustwork_session")
    assert before is not None and after is not None
    assert before.value != after.value

    attacker = app.test_client()
    attacker.set_cookie("trustwork_session", before.value)
    assert attacker.get("/dashboard").status_code == 302


def test_sign_out_makes_the_old_cookie_worthless(app, auth, counselor):
    auth.sign_in(counselor)
    captured = auth.client.get_cookie("trustwork_session").value
    auth.sign_out()

    replay = app.test_client()
    replay.set_cookie("trustwork_session", captured)
    response = replay.get("/dashboard")
    assert response.status_code == 302
    assert "/auth/sign-in" in response.location


def test_sign_out_is_post_only(signed_in):
    assert signed_in.get("/auth/sign-out").status_code == 405
    assert signed_in.get("/dashboard").status_code == 200


def test_password_change_signs_out_other_devices(app, make_user, counselor):
    from .conftest import Auth

    laptop, phone = Auth(app.test_client()), Auth(app.test_client())
    laptop.sign_in(counselor)
    phone.sign_in(counselor)
    response = laptop.client.post(
        "/auth/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a quiet harbour at dawn",
            "confirm": "a quiet harbour at dawn",
        },
    )
    assert response.status_code == 302
    assert laptop.client.get("/dashboard").status_code == 200
    assert phone.client.get("/dashboard").status_code == 302
    assert Auth(app.test_client()).sign_in(counselor, "a quiet harbour at dawn").status_code == 302


@pytest.mark.parametrize(
    "new, message",
    [
        ("short", b"at least 10 characters"),
        ("password123", b"most common"),
    ],
)
def test_weak_new_password_is_refused(signed_in, new, message):
    response = signed_in.post(
        "/auth/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm": new},
    )
    assert response.status_code == 422
    assert message in response.data


def test_long_unicode_pasted_password_is_accepted(app, signed_in, counselor):
    from .conftest import Auth

    new = "Ünïcødé pässwörd — 信頼を取り戻す 🌱 " * 4
    response = signed_in.post(
        "/auth/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm": new},
    )
    assert response.status_code == 302
    assert Auth(app.test_client()).sign_in(counselor, new).status_code == 302
    with app.app_context():
        stored = db.session.get(User, counselor.id).password_hash
    assert stored.startswith("$argon2id$")


def _age_sessions(app, user, **delta):
    with app.app_context():
        for row in db.session.scalars(select(UserSession).filter_by(user_id=user.id)):
            if "idle" in delta:
                row.last_seen_at = utcnow() - delta["idle"]
            if "age" in delta:
                row.created_at = utcnow() - delta["age"]
                row.last_seen_at = utcnow()
        db.session.commit()


def test_thirty_minutes_idle_ends_the_session_and_says_why(app, signed_in, counselor):
    _age_sessions(app, counselor, idle=timedelta(minutes=29))
    assert signed_in.get("/dashboard").status_code == 200
    # The last-seen time is written at most once a minute, so it may be up to a minute older
    # than the last page this person opened: 30½ minutes by it is not yet 30 minutes idle.
    _age_sessions(app, counselor, idle=timedelta(minutes=30, seconds=30))
    assert signed_in.get("/dashboard").status_code == 200
    _age_sessions(app, counselor, idle=timedelta(minutes=32))
    ended = signed_in.get("/cases/?q=ellis")
    assert ended.status_code == 302
    assert ended.headers["Location"] == "/auth/sign-in?next=/cases/?q%3Dellis"
    page = signed_in.get(ended.headers["Location"]).get_data(as_text=True)
    assert "signed out after 30 minutes without activity" in page
    # Signing in again goes straight back to the page that was asked for.
    back = signed_in.post(
        ended.headers["Location"], data={"email": counselor.email, "password": PASSWORD}
    )
    assert back.headers["Location"] == "/cases/?q=ellis"


def test_twelve_hours_ends_the_session_however_active(app, signed_in, counselor):
    _age_sessions(app, counselor, age=timedelta(hours=12, minutes=1))
    ended = signed_in.get("/dashboard")
    assert ended.status_code == 302
    page = signed_in.get(ended.headers["Location"]).get_data(as_text=True)
    assert "signed out after 12 hours signed in" in page


def test_a_stranger_is_only_asked_to_sign_in(client):
    page = client.get("/dashboard", follow_redirects=True).get_data(as_text=True)
    assert "Please sign in to continue." in page
    assert "without activity" not in page


def test_eleventh_failure_in_a_minute_is_refused_and_each_is_logged(app, auth, counselor, caplog):
    caplog.set_level(logging.WARNING)
    for _ in range(10):
        assert auth.sign_in(counselor, "wrong password!").status_code == 422
    refused = auth.sign_in(counselor, "wrong password!")
    assert refused.status_code == 429
    assert b"Too many attempts" in refused.data
    # Even the right password waits out the minute: that is what stops guessing.
    assert auth.sign_in(counselor).status_code == 429
    failures = [r for r in caplog.records if "sign-in failed" in r.getMessage()]
    assert len(failures) == 10
    assert f"account={counselor.email}" in failures[0].getMessage()
    assert "address=127.0.0.1" in failures[0].getMessage()
    with app.app_context():
        rows = db.session.scalars(
            select(AuditEvent).filter_by(action="sign-in", outcome="failure")
        ).all()
    assert len(rows) == 10


def test_failures_on_one_account_do_not_lock_out_another(auth, counselor, make_user):
    other = make_user()
    for _ in range(11):
        auth.sign_in(counselor, "wrong password!")
    assert auth.sign_in(other).status_code == 302


def test_successful_sign_ins_do_not_count_towards_the_limit(app, counselor):
    from .conftest import Auth

    for _ in range(12):
        session = Auth(app.test_client())
        assert session.sign_in(counselor).status_code == 302
