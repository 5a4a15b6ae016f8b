"""A real SMTP server (aiosmtpd) that can refuse, go away and come back; the outbox as a
test reads it; cases whose partners have portal accounts."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from practice.extensions import db
from practice.reminders.models import OutboxMessage
from practice.reminders.outbox import enqueue
from practice.reminders.worker import run_once


class Inbox:
    """Accepts mail, or answers each recipient with ``refuse`` (e.g. "550 ...")."""

    def __init__(self):
        self.envelopes = []
        self.refuse: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"

    @property
    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    def __init__(self, inbox: Inbox | None = None):
        self.inbox = inbox or Inbox()
        self.port = free_port()
        self.controller = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        try:
            self.controller.start()
        except OSError:
            self.controller.loop.close()
            raise

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def started_server(inbox: Inbox | None = None) -> SmtpServer:
    for attempt in range(5):  # the free port may be taken in between by another process
        server = SmtpServer(inbox)
        try:
            server.start()
            return server
        except OSError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


@pytest.fixture
def smtp_server(app):
    server = started_server()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_STARTTLS=False)
    yield server
    server.stop()


@pytest.fixture
def inbox(smtp_server) -> Inbox:
    return smtp_server.inbox


def queue(app, count: int = 1, *, prefix: str = "test", to: str = "jordan@example.org"):
    with app.app_context():
        for n in range(count):
            enqueue(
                key=f"{prefix}:{n}",
                kind="worksheet-due",
                to_address=to,
                subject=f"A reminder {n}",
                body=f"Hello, message {n}.",
            )
        db.session.commit()


def send_due(app):
    """What cron runs: `flask --app practice send-due`."""
    result = app.test_cli_runner().invoke(args=["send-due"])
    assert result.exit_code == 0, result.output
    return result.output


def outbox(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
    return list(rows)


def run_in_app(app, **kwargs):
    with app.app_context():
        return run_once(**kwargs)


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


@pytest.fixture
def partners(case, make_client_account):
    """Both partners with portal accounts: (jordan, sam)."""
    return make_client_account(case, 1), make_client_account(case, 2)
