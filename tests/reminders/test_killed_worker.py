"""A real `flask send-due` process killed mid-batch (SIGKILL, no clean-up) never causes a
message to be sent twice: the one in flight is left for an admin to judge, the rest go once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine

from practice.db_types import utcnow
from practice.extensions import db
from practice.reminders.outbox import enqueue

from .conftest import Inbox, outbox, send_due, started_server

ROOT = Path(__file__).resolve().parents[2]


class HangingInbox(Inbox):
    """Takes message N in, then never answers: the sender waits for the 250 it won't get."""

    def __init__(self, hang_on: int):
        super().__init__()
        self.hang_on = hang_on
        self.hanging = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        if len(self.envelopes) == self.hang_on:
            self.hanging.set()
            await asyncio.sleep(120)
        return "250 OK"


def test_a_worker_killed_mid_batch_sends_nothing_twice(app, database_url):
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)  # due whatever the real clock says
    with app.app_context():
        for n in range(5):
            enqueue(
                key=f"kill:{n}",
                kind="worksheet-due",
                to_address=f"partner{n}@example.org",
                subject=f"A reminder {n}",
                body="Hello.",
                not_before=long_ago,
            )
        db.session.commit()
    inbox = HangingInbox(hang_on=3)
    server = started_server(inbox)
    try:
        env = dict(
            os.environ,
            TRUSTWORK_ENV="development",
            SECRET_KEY="a key set by the test",
            DATABASE_URL=database_url,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(server.port),
            SMTP_STARTTLS="0",
            QUIET_HOURS="off",  # the child keeps the real clock
        )
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "practice", "send-due"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert inbox.hanging.wait(timeout=120), "the worker never reached message 3"
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
        assert [m.status for m in outbox(app)] == ["sent", "sent", "sending", "pending", "pending"]
        claimed_at = outbox(app)[2].claimed_at  # on the child's (real) clock

        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_STARTTLS=False)
        inbox.hang_on = 0
        send_due(app)
        send_due(app)
        later = max(utcnow(), claimed_at) + timedelta(minutes=20)
        with time_machine.travel(later, tick=True):
            send_due(app)
    finally:
        server.stop()
    received = sorted(m["Subject"] for m in inbox.messages)
    assert received == [f"A reminder {n}" for n in range(5)]  # each once, none twice
    in_doubt = outbox(app)[2]
    assert in_doubt.status == "failed"
    assert "may or may not have been delivered" in in_doubt.last_error
