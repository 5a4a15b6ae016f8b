"""Audit rows and the request's unit of work (issue 11).

A page that only reads writes its audit row in a transaction of its own: the request's
session commits nothing. A change and its audit row commit together, once, or not at all.
Rows written outside a request name the job that wrote them.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from flask_sqlalchemy.session import Session as RequestSession
from sqlalchemy import event, func, select

from practice.extensions import db
from practice.models import AuditEvent, Couple, Role

from .homework.records import owned_homework
from .notes.records import give_portal_account, owned_records


@contextmanager
def request_session_work():
    """What the request's own session (Flask-SQLAlchemy's) commits and flushes meanwhile.

    Rows written apart use a plain SQLAlchemy session, which these listeners don't see.
    """
    seen = {"commits": 0, "flushes": 0}

    def committed(session):
        seen["commits"] += 1

    def flushed(session, context):
        seen["flushes"] += 1

    event.listen(RequestSession, "after_commit", committed)
    event.listen(RequestSession, "after_flush", flushed)
    try:
        yield seen
    finally:
        event.remove(RequestSession, "after_commit", committed)
        event.remove(RequestSession, "after_flush", flushed)


def rows(app, action: str, **where) -> list[AuditEvent]:
    with app.app_context():
        statement = select(AuditEvent).where(AuditEvent.action == action).filter_by(**where)
        found = list(db.session.scalars(statement.order_by(AuditEvent.id)))
        db.session.expunge_all()
        return found


def row_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEvent.id)))


@pytest.fixture
def world(app, counselor, make_couple, make_user):
    """One case with a signed note, a check-in, homework, and a partner with an account."""
    couple = make_couple(counselor)
    ids = owned_records(app, counselor, couple) | owned_homework(app, couple)
    partner = give_portal_account(app, make_user, couple, 1)
    return {"couple_id": couple.id, "partner": partner, **ids}


COUNSELOR_PAGES = [
    ("/dashboard", "dashboard-view"),
    ("/dashboard/review", "dashboard-view"),
    ("/cases/", "case-list"),
    ("/cases/{couple_id}", "case-view"),
    ("/cases/{couple_id}/edit", "case-view"),
    ("/cases/{couple_id}/timeline", "timeline-view"),
    ("/sessions/", "sessions-list"),
    ("/sessions/{session_id}", "session-view"),
    ("/sessions/{session_id}/note", "note-view"),
    ("/sessions/{session_id}/note/sign", "note-view"),
    ("/sessions/{session_id}/calendar.ics", "session-ics"),
    ("/cases/{couple_id}/sessions/new", "session-form-view"),
    ("/cases/{couple_id}/check-ins", "checkin-view"),
    ("/check-ins/{checkin_id}", "checkin-view"),
    ("/cases/{couple_id}/check-ins/new", "checkin-form-view"),
    ("/assignments/{assignment_id}", "assignment-view"),
    ("/notes/search?q=calm", "notes-search"),
    ("/handouts/assignments/{assignment_id}.pdf", "pdf-assignment"),
]

PORTAL_PAGES = [
    ("/portal/", "portal-home"),
    ("/portal/responses/{response_id}", "response-view"),
    ("/portal/check-ins/", "checkin-list"),
]


def _read_commits_nothing(app, browser, url: str, action: str, actor_id: int) -> None:
    before = row_count(app)
    with request_session_work() as work:
        page = browser.get(url)
    assert page.status_code == 200, (url, page.status_code)
    assert work == {"commits": 0, "flushes": 0}, url
    assert row_count(app) == before + 1, url  # its own row, and nothing else
    (row,) = rows(app, action, actor_id=actor_id)[-1:]
    assert row.outcome == "success" and row.ip_address == "127.0.0.1"
    assert row.row_hash is not None  # chained as it committed


@pytest.mark.parametrize(("path", "action"), COUNSELOR_PAGES)
def test_a_counselor_reading_page_audits_apart_and_commits_nothing(
    app, signed_in, counselor, world, path, action
):
    _read_commits_nothing(app, signed_in, path.format(**world), action, counselor.id)


@pytest.mark.parametrize(("path", "action"), PORTAL_PAGES)
def test_a_portal_reading_page_audits_apart_and_commits_nothing(app, auth, world, path, action):
    partner = world["partner"]
    auth.sign_in(partner)
    _read_commits_nothing(app, auth.client, path.format(**world), action, partner.id)


def test_a_change_commits_once_with_its_audit_row(app, signed_in, counselor, world):
    """The other side of the listener above: a write is seen, once."""
    with request_session_work() as work:
        done = signed_in.post(f"/cases/{world['couple_id']}/status", data={"status": "paused"})
    assert done.status_code == 302
    assert work["commits"] == 1
    (row,) = rows(app, "case-status", couple_id=world["couple_id"])
    assert row.actor_id == counselor.id and row.detail == "active->paused"


class _CommitFails(RuntimeError):
    pass


def test_a_change_that_fails_to_commit_leaves_no_audit_row(app, signed_in, world):
    """The audit row rides in the change's transaction: when it fails, neither is kept."""

    def fail(session):
        raise _CommitFails("the database refused the change")

    event.listen(RequestSession, "before_commit", fail)
    try:
        failed = signed_in.post(f"/cases/{world['couple_id']}/status", data={"status": "closed"})
    finally:
        event.remove(RequestSession, "before_commit", fail)
    assert failed.status_code == 500  # the plain error page
    assert rows(app, "case-status") == []
    assert rows(app, "portal-deactivate") == []  # closing the portal went with it
    with app.app_context():
        assert db.session.get(Couple, world["couple_id"]).status == "active"


def test_a_refused_form_keeps_no_half_audit_row(app, signed_in, make_assignment, world):
    """Sharing a worksheet on an unscreened case needs a reason: refused, nothing is kept."""
    with app.app_context():
        db.session.get(Couple, world["couple_id"]).safety_screening = "not-screened"
        db.session.commit()
        couple = db.session.get(Couple, world["couple_id"])
        db.session.expunge_all()
    assignment = make_assignment(couple, "preparing-for-counseling")
    before = row_count(app)
    with request_session_work() as work:
        refused = signed_in.post(
            f"/assignments/{assignment.id}/sharing", data={"share": "on", "reason": ""}
        )
    assert refused.status_code == 422
    assert work["commits"] == 0
    assert row_count(app) == before
    assert rows(app, "assignment-sharing-on") == []


def test_a_refused_look_is_audited_apart_and_the_request_commits_nothing(
    app, auth, make_user, world
):
    other = make_user(Role.COUNSELOR)
    auth.sign_in(other)
    with request_session_work() as work:
        assert auth.client.get(f"/cases/{world['couple_id']}").status_code == 404
    assert work["commits"] == 0
    (row,) = rows(app, "access-refused", actor_id=other.id)
    assert (row.object_type, row.object_id, row.outcome) == ("Couple", world["couple_id"], "denied")


def test_rows_written_by_commands_name_the_command(app, runner):
    created = runner.invoke(
        args=["create-user", "--role", "admin", "--email", "boss@example.org", "--name", "Boss"],
        input="the first admin password\nthe first admin password\n",
    )
    assert created.exit_code == 0, created.output
    (row,) = rows(app, "account-create")
    assert (row.actor_id, row.actor_email, row.ip_address) == (None, "system:create-user", None)


def test_rows_written_by_the_demo_loader_name_it(app, runner):
    loaded = runner.invoke(args=["demo", "--password", "a demo password"])
    assert loaded.exit_code == 0, loaded.output
    written = rows(app, "assignment-create") + rows(app, "checkin-enter")
    assert written
    assert {(r.actor_id, r.actor_email, r.ip_address) for r in written} == {
        (None, "system:demo", None)
    }


def test_the_reminder_sender_writes_no_row_in_anyones_name(app, runner, world):
    with app.app_context():
        last = db.session.scalar(select(func.max(AuditEvent.id)))
    sent = runner.invoke(args=["send-due"])
    assert sent.exit_code == 0, sent.output
    with app.app_context():
        new = db.session.scalars(select(AuditEvent).where(AuditEvent.id > last)).all()
        assert all(r.actor_id is None for r in new)
