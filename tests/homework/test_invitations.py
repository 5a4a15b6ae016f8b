"""Portal invitations: single-use links, 7 days, hashed; email through a real SMTP server."""

from __future__ import annotations

import logging
import re
import socket
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from sqlalchemy import select

from practice.db_types import utcnow
from practice.extensions import db
from practice.models import Client, Invitation, User

from ..conftest import Auth

LINK = re.compile(r"http://localhost/portal/welcome/[\w-]+")
NEW_PASSWORD = "a garden after the rain"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    # aiosmtpd can't be given port 0, so a free port is picked first; another test may take
    # it in between, and then another is tried.
    for attempt in range(5):
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        try:
            controller.start()
            break
        except OSError:
            controller.loop.close()  # the failed start leaves its event loop open
            if attempt == 4:
                raise
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_STARTTLS=False)
    yield inbox
    controller.stop()


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


def invite(signed_in, client_id):
    return signed_in.post(f"/partners/{client_id}/invite")


def link_in(page) -> str:
    return LINK.search(page.get_data(as_text=True)).group(0).replace("http://localhost", "")


def test_invitation_email_arrives_and_the_link_makes_an_account(app, signed_in, case, smtp):
    partner = case.partners[0]
    page = invite(signed_in, partner.id)
    assert page.status_code == 200
    assert "We emailed the link to jordan.ellis@example.org" in page.get_data(as_text=True)
    (message,) = smtp.messages
    assert message.rcpt_tos == ["jordan.ellis@example.org"]
    body = message.content.decode()
    link = LINK.search(body).group(0).replace("http://localhost", "")
    assert link == link_in(page)
    with app.app_context():
        stored = db.session.scalar(select(Invitation))
        assert link.rsplit("/", 1)[1] not in stored.token_hash  # only the hash is kept
        assert stored.expires_at - utcnow() > timedelta(days=6, hours=23)

    browser = app.test_client()
    welcome = browser.get(link)
    assert "Welcome, Jordan" in welcome.get_data(as_text=True)
    done = browser.post(link, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.location == "/portal/"
    assert "Hello, Jordan" in browser.get("/portal/").get_data(as_text=True)
    # The same link never works twice.
    again = app.test_client().get(link)
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    assert Auth(app.test_client()).sign_in("jordan.ellis@example.org", NEW_PASSWORD).location == (
        "/portal/"
    )


def test_without_smtp_the_counselor_gets_the_link_to_pass_on(app, signed_in, case, caplog):
    caplog.set_level(logging.INFO)
    page = invite(signed_in, case.partners[1].id)
    text = page.get_data(as_text=True)
    assert "Email is not set up for this practice" in text
    assert link_in(page)
    assert "email not sent (no SMTP_HOST)" in caplog.text
    # That a person is a client of the practice is private: the log names no address.
    assert "sam.whitaker@example.org" not in caplog.text


def test_expired_and_revoked_links_explain_themselves(app, signed_in, case):
    first = link_in(invite(signed_in, case.partners[0].id))
    second = link_in(invite(signed_in, case.partners[0].id))  # resending revokes the first
    assert "valid any more" in app.test_client().get(first).get_data(as_text=True)
    with app.app_context():
        for invitation in db.session.scalars(select(Invitation)):
            invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    expired = app.test_client().post(
        second, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert expired.status_code == 410 and "has expired" in expired.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).filter_by(role="client")) is None


def test_revoke_stops_the_link(app, signed_in, case):
    link = link_in(invite(signed_in, case.partners[0].id))
    signed_in.post(f"/partners/{case.partners[0].id}/revoke")
    assert app.test_client().get(link).status_code == 410


def test_an_email_is_required_to_invite(app, signed_in, case):
    with app.app_context():
        db.session.get(Client, case.partners[1].id).email = ""
        db.session.commit()
    page = invite(signed_in, case.partners[1].id)
    assert page.status_code == 302
    followed = signed_in.get(page.location).get_data(as_text=True)
    assert "Add an email address for this partner" in followed


def test_weak_passwords_are_refused_on_the_welcome_page(app, signed_in, case):
    link = link_in(invite(signed_in, case.partners[0].id))
    page = app.test_client().post(link, data={"new_password": "short", "confirm": "short"})
    assert "at least 10 characters" in page.get_data(as_text=True)
    mismatch = app.test_client().post(
        link, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"}
    )
    assert "don&#39;t match" in mismatch.get_data(as_text=True)


def test_unknown_tokens_get_a_clear_page(client):
    page = client.get("/portal/welcome/made-up-token")
    assert page.status_code == 410
    assert "Ask your counselor for a new one" in page.get_data(as_text=True)


def test_the_case_page_gives_the_links_last_day_in_the_practices_time(auth, counselor, case):
    # Sent at 21:00 in New York, a 7-day link dies at 21:00 a week later: already the
    # next day in UTC, which the case page used to show.
    evening = datetime(2026, 3, 10, 21, 0, tzinfo=ZoneInfo("America/New_York"))
    with time_machine.travel(evening, tick=False):
        auth.sign_in(counselor)
        invite(auth.client, case.partners[0].id)
        page = auth.client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Link valid until Mar 17, 2026, 21:00" in page
