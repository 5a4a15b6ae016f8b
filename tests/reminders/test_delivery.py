"""The outbox is delivered through a real SMTP server: once, with retries, failures shown."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
import time_machine

from practice.db_types import utcnow
from practice.reminders.sender import deliver_due

from ..conftest import Auth
from .conftest import outbox, queue, run_in_app, send_due


def test_a_queued_message_arrives_once_however_often_the_sender_runs(app, inbox):
    queue(app, 3)
    assert "sent 3" in send_due(app)
    send_due(app)
    send_due(app)
    assert sorted(m["Subject"] for m in inbox.messages) == [
        "A reminder 0",
        "A reminder 1",
        "A reminder 2",
    ]
    assert {m.status for m in outbox(app)} == {"sent"}


def test_the_same_key_is_queued_once(app, inbox):
    queue(app, 1)
    queue(app, 1)  # the same event seen again: nothing new
    send_due(app)
    assert len(inbox.messages) == 1


def test_sender_and_reply_to_come_from_the_practice_settings(app, inbox):
    app.config.update(
        MAIL_FROM="Harbor Light <reminders@harbor.example>", MAIL_REPLY_TO="desk@harbor.example"
    )
    queue(app)
    send_due(app)
    (message,) = inbox.messages
    assert message["From"] == "Harbor Light <reminders@harbor.example>"
    assert message["Reply-To"] == "desk@harbor.example"


def test_an_unreachable_server_is_retried_with_back_off_until_it_comes_back(
    app, smtp_server, inbox
):
    smtp_server.stop()
    queue(app)
    assert "retrying 1" in send_due(app)
    (message,) = outbox(app)
    assert message.status == "pending" and message.attempts == 1
    assert message.last_error
    first_wait = message.not_before - utcnow()
    assert timedelta(seconds=30) < first_wait <= timedelta(minutes=1)
    send_due(app)  # too early for the next try: nothing happens
    assert outbox(app)[0].attempts == 1

    with time_machine.travel(utcnow() + timedelta(minutes=2), tick=True):
        send_due(app)  # still down: the wait grows
        (message,) = outbox(app)
        assert message.attempts == 2
        assert message.not_before - utcnow() > timedelta(minutes=4)

    smtp_server.start()
    with time_machine.travel(utcnow() + timedelta(minutes=10), tick=True):
        assert "sent 1" in send_due(app)
    assert len(inbox.messages) == 1
    assert outbox(app)[0].status == "sent"


def test_a_message_the_server_refuses_fails_at_once_and_the_admin_sees_it(app, inbox, make_user):
    inbox.refuse = "550 5.1.1 no such mailbox"
    queue(app, to="gone@example.org")
    assert "failed 1" in send_due(app)
    (message,) = outbox(app)
    assert message.status == "failed" and message.attempts == 1
    assert "no such mailbox" in message.last_error

    admin = Auth(app.test_client())
    admin.sign_in(make_user("admin"))
    page = admin.client.get("/admin/outbox")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "failed" in text and "no such mailbox" in text
    assert "g\u2026@example.org" in text and "gone@example.org" not in text
    assert "Hello, message" not in text  # never a body

    inbox.refuse = None
    admin.client.post(f"/admin/outbox/{message.id}/send-again")
    send_due(app)
    assert [m["To"] for m in inbox.messages] == ["gone@example.org"]


def test_the_outbox_page_is_for_admins_only(app, signed_in):
    assert signed_in.get("/admin/outbox").status_code == 404


def test_a_temporary_refusal_is_retried(app, inbox):
    inbox.refuse = "451 4.3.0 try again later"
    queue(app)
    assert "retrying 1" in send_due(app)
    inbox.refuse = None
    with time_machine.travel(utcnow() + timedelta(minutes=2), tick=True):
        send_due(app)
    assert len(inbox.messages) == 1


def test_after_the_last_try_the_message_fails(app, smtp_server):
    app.config["QUIET_HOURS"] = None  # the tries run on into the night
    smtp_server.stop()
    queue(app)
    for hours in range(0, 12, 3):
        with time_machine.travel(utcnow() + timedelta(hours=hours), tick=True):
            send_due(app)
    with time_machine.travel(utcnow() + timedelta(hours=13), tick=True):
        send_due(app)
    (message,) = outbox(app)
    assert message.status == "failed" and message.attempts == 5


def test_a_sender_stopped_mid_batch_never_sends_a_message_twice(app, inbox, monkeypatch):
    """Killed after the server took message 2 but before it was marked sent: message 2 is
    not sent again (it may already be in the inbox); the rest go once; the admin sees 2."""
    queue(app, 4)
    handed = []
    original = smtplib.SMTP.send_message

    def send_then_die(self, message, *args, **kwargs):
        result = original(self, message, *args, **kwargs)
        handed.append(message["Subject"])
        if len(handed) == 2:
            raise KeyboardInterrupt  # the worker is stopped right here
        return result

    monkeypatch.setattr(smtplib.SMTP, "send_message", send_then_die)
    with pytest.raises(KeyboardInterrupt):
        run_in_app(app)
    monkeypatch.undo()
    assert [m.status for m in outbox(app)] == ["sent", "sending", "pending", "pending"]

    send_due(app)
    send_due(app)
    subjects = [m["Subject"] for m in inbox.messages]
    assert sorted(subjects) == ["A reminder 0", "A reminder 1", "A reminder 2", "A reminder 3"]

    with time_machine.travel(utcnow() + timedelta(minutes=20), tick=True):
        send_due(app)
    statuses = [m.status for m in outbox(app)]
    assert statuses == ["sent", "failed", "sent", "sent"]
    assert "may or may not have been delivered" in outbox(app)[1].last_error
    assert len(inbox.messages) == 4


def test_two_senders_never_claim_the_same_message(app, inbox):
    queue(app, 6)
    with app.app_context():
        first = deliver_due(limit=3)
    with app.app_context():
        second = deliver_due(limit=10)
    assert (first.sent, second.sent) == (3, 3)
    assert len(inbox.messages) == 6


def test_without_an_smtp_server_messages_are_logged_not_lost_silently(app, caplog):
    import logging

    caplog.set_level(logging.INFO)
    queue(app)
    assert "logged 1" in send_due(app)
    assert outbox(app)[0].status == "logged"
    assert "Hello, message" not in caplog.text


def test_the_long_running_sender_sends_on_each_round(app, inbox):
    """`send-due --every N` (what `make run` starts beside the app) keeps sending."""
    queue(app, 2)
    result = app.test_cli_runner().invoke(args=["send-due", "--every", "1", "--runs", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].endswith(
        "sent 2, retrying 0, failed 0, skipped 0, held 0, logged 0"
    )
    assert len(result.output.splitlines()) == 2
    assert len(inbox.messages) == 2


def test_the_long_running_sender_survives_a_failed_round(app, inbox, monkeypatch):
    """A database outage in one round is logged; the next round still sends."""
    from practice.reminders import cli

    real = cli.run_once
    rounds = iter([RuntimeError("database went away"), None])

    def flaky(**kwargs):
        fault = next(rounds)
        if fault:
            raise fault
        return real(**kwargs)

    monkeypatch.setattr(cli, "run_once", flaky)
    queue(app, 1)
    result = app.test_cli_runner().invoke(args=["send-due", "--every", "1", "--runs", "2"])
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1


def test_a_refused_message_leaves_no_address_in_the_log(app, inbox, caplog):
    import logging

    caplog.set_level(logging.INFO)
    inbox.refuse = "550 5.1.1 <jordan@example.org>: no such user"
    queue(app, 1, to="jordan@example.org")
    assert "failed 1" in send_due(app)
    ours = "\n".join(  # not the test SMTP server's own log ("mail.log")
        r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")
    )
    assert "email to recipient-" in ours
    assert "jordan@example.org" not in ours
    (message,) = outbox(app)
    assert "no such user" in message.last_error  # the admin page still says why
