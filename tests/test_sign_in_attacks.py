"""Sign-in attacks from issue 14: a limit that can't be side-stepped, guessable passwords
refused, and log lines that can't be forged."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import AuditEvent

from .conftest import PASSWORD


@pytest.mark.parametrize(
    "spelling",
    ["{email}\x00", "\x00{email}", "{email}\x00\x00\x00", "{email}\u200b", " {EMAIL}\t"],
)
def test_an_invisible_character_does_not_start_a_fresh_count(auth, counselor, spelling):
    for _ in range(10):
        assert auth.sign_in(counselor, "wrong password!").status_code == 422
    variant = spelling.format(email=counselor.email, EMAIL=counselor.email.upper())
    # The same account, however it is spelled, is still locked: even the right password waits.
    assert auth.sign_in(variant, "wrong password!").status_code == 429
    assert auth.sign_in(variant, PASSWORD).status_code == 429


def test_a_refused_sign_in_is_logged_and_audited(app, auth, counselor, caplog):
    caplog.set_level(logging.WARNING)
    for _ in range(10):
        auth.sign_in(counselor, "wrong password!")
    assert auth.sign_in(counselor, "wrong password!").status_code == 429
    refused = [r.getMessage() for r in caplog.records if "too many attempts" in r.getMessage()]
    assert len(refused) == 1
    assert f"account={counselor.email}" in refused[0] and "address=127.0.0.1" in refused[0]
    with app.app_context():
        row = db.session.scalar(select(AuditEvent).filter_by(outcome="limited"))
        assert (row.action, row.actor_id, row.ip_address) == ("sign-in", counselor.id, "127.0.0.1")


def test_a_newline_in_the_email_cannot_forge_a_log_line(auth, caplog):
    caplog.set_level(logging.WARNING)
    for breaker in ("\n", "\r\n", "\u2028", "\x85"):
        auth.sign_in(f"nobody@example.org{breaker}2026-12-02 sign-in ok: account=a@b.c", "x")
    lines = [r.getMessage() for r in caplog.records if "sign-in failed" in r.getMessage()]
    assert len(lines) == 4
    for line in lines:
        assert not any(ch in line for ch in "\n\r\u2028\x85"), line
    assert "nobody@example.org\\u20282026-12-02" in lines[2]


@pytest.mark.parametrize(
    "new, why",
    [
        ("aaaaaaaaaa", "easy to guess"),
        ("Password1!", "easy to guess"),
        ("Summer2024!", "easy to guess"),
        ("Harbor Light Counseling", "easy to guess"),  # the practice's name
        ("maya@example.org", "easy to guess"),  # the account's own email
        ("MayaOkafor2026", "easy to guess"),  # the account's own name
        ("Trustwork2026!", "easy to guess"),  # our own name
        (PASSWORD, "That is your current password"),
    ],
)
def test_guessable_new_passwords_are_refused(signed_in, counselor, new, why):
    response = signed_in.post(
        "/auth/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm": new},
    )
    assert response.status_code == 422
    assert why in response.get_data(as_text=True)


def test_an_admin_cannot_give_a_counselor_their_own_name_as_password(app, make_user):
    from .conftest import Auth

    admin = make_user("admin")
    browser = Auth(app.test_client())
    browser.sign_in(admin)
    page = browser.client.post(
        "/admin/users/new",
        data={
            "name": "Jordan Quill",
            "email": "jordan.quill@example.org",
            "role": "counselor",
            "new_password": "JordanQuill123",
            "confirm": "JordanQuill123",
        },
    )
    assert page.status_code == 422 and "easy to guess" in page.get_data(as_text=True)
