"""The audit trail is tamper-evident, readable by the admin, and never holds clinical text."""

from __future__ import annotations

import csv
import io
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from practice import create_app
from practice.audit.record import audit
from practice.audit.who import system
from practice.extensions import db
from practice.models import AuditEvent, Role

from .conftest import Auth, test_settings

# The actor of the rows these tests write without a request.
TESTS = system("tests")


@pytest.fixture
def trail(app, auth, counselor, make_couple) -> list[int]:
    """A few real events: a sign-in, case views, a failure; their ids, oldest first."""
    couple = make_couple(counselor)
    auth.sign_in(counselor, "wrong password!")
    auth.sign_in(counselor)
    for _ in range(3):
        auth.client.get(f"/cases/{couple.id}")
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.chain_seq)))


def tamper(app, sql: str, **values) -> None:
    """Change the table behind the app's back, as someone with database access could."""
    with app.app_context():
        db.session.execute(sa.text(sql), values)
        db.session.commit()


def verify(runner):
    return runner.invoke(args=["audit", "verify"])


def test_an_intact_trail_verifies_with_its_count(runner, trail):
    result = verify(runner)
    assert result.exit_code == 0, result.output
    assert f"Audit trail intact: {len(trail)} rows." in result.output


def test_a_changed_row_is_named(app, runner, trail):
    tamper(app, "UPDATE audit_events SET outcome = 'denied' WHERE id = :id", id=trail[1])
    result = verify(runner)
    assert result.exit_code == 1
    assert f"row {trail[1]} (position 2) was changed after it was written" in result.output


def test_a_removed_row_is_found_at_the_row_after_it(app, runner, trail):
    tamper(app, "DELETE FROM audit_events WHERE id = :id", id=trail[2])
    result = verify(runner)
    assert result.exit_code == 1
    assert f"row {trail[3]}: 1 row before it (position 3) was removed" in result.output


def test_rows_cut_off_the_end_are_found(app, runner, trail):
    tamper(app, "DELETE FROM audit_events WHERE id = :id", id=trail[-1])
    result = verify(runner)
    assert result.exit_code == 1 and "the last rows were removed" in result.output


def test_a_row_inserted_outside_the_app_is_found(app, runner, trail):
    tamper(
        app,
        "INSERT INTO audit_events (at, action, outcome) VALUES (CURRENT_TIMESTAMP, 'x', 'success')",
    )
    result = verify(runner)
    assert result.exit_code == 1 and "inserted outside the app" in result.output


def test_a_row_moved_out_of_order_is_found(app, runner, trail):
    # Swap two rows' places (through a free one: the place is unique).
    tamper(app, "UPDATE audit_events SET chain_seq = -1 WHERE id = :id", id=trail[1])
    tamper(app, "UPDATE audit_events SET chain_seq = 2 WHERE id = :id", id=trail[2])
    tamper(app, "UPDATE audit_events SET chain_seq = 3 WHERE id = :id", id=trail[1])
    result = verify(runner)
    assert result.exit_code == 1
    assert f"row {trail[2]}: it does not follow the row before it" in result.output


def test_writers_in_parallel_join_one_chain(app, runner, database_url):
    """Four apps (as four worker processes would), each with its own connections."""
    apps = [create_app(test_settings(database_url)) for _ in range(4)]
    failures = []

    def write(worker) -> None:
        try:
            for n in range(10):
                with worker.app_context():
                    audit("parallel-test", detail=f"write {n}", who=TESTS)
                    db.session.commit()
        except Exception as error:  # reported below, not lost in the thread
            failures.append(error)

    threads = [threading.Thread(target=write, args=(worker,)) for worker in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for worker in apps:
        with worker.app_context():
            db.engine.dispose()
    assert failures == []
    result = verify(runner)
    assert result.exit_code == 0, result.output
    assert "intact: 40 rows" in result.output


@pytest.fixture
def admin_in(app, make_user) -> Auth:
    browser = Auth(app.test_client())
    browser.sign_in(make_user(Role.ADMIN, email="ada@example.org"))
    return browser


def test_the_admin_filters_the_trail(app, trail, admin_in, counselor, make_couple):
    page = admin_in.client.get("/admin/audit?who=maya&action=case-view")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "3 events." in text and "maya@example.org" in text
    assert "sign-in" not in text.split("Audit events")[-1]
    couple_id = make_couple(counselor, names=("Quinn Hale", "Rowan Ames")).id
    none = admin_in.client.get(f"/admin/audit?case={couple_id}").get_data(as_text=True)
    assert "No audit events match these filters." in none
    bad = admin_in.client.get("/admin/audit?since=2026-05-02&until=2026-05-01")
    assert "The end date is before the start date." in bad.get_data(as_text=True)


def test_the_trail_is_paginated(app, admin_in):
    with app.app_context():
        for n in range(120):
            audit("bulk-test", detail=f"event {n}", who=TESTS)
        db.session.commit()
    first = admin_in.client.get("/admin/audit?action=bulk-test").get_data(as_text=True)
    assert "Page 1 of 3" in first and "event 119" in first and "event 0<" not in first
    last = admin_in.client.get("/admin/audit?action=bulk-test&page=3").get_data(as_text=True)
    assert "event 0<" in last


def test_the_csv_export_is_filtered_and_itself_audited(app, trail, admin_in):
    response = admin_in.client.get("/admin/audit.csv?action=case-view")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 3 and {row["action"] for row in rows} == {"case-view"}
    with app.app_context():
        export = db.session.scalar(select(AuditEvent).filter_by(action="audit-export"))
        assert export.actor_email == "ada@example.org" and "action=case-view" in export.detail


def test_a_formula_typed_at_sign_in_is_inert_in_the_export(app, auth, admin_in):
    auth.sign_in('=HYPERLINK("http://evil.example")@x.org', "wrong password!")
    text = admin_in.client.get("/admin/audit.csv?action=sign-in").get_data(as_text=True)
    (row,) = [r for r in csv.DictReader(io.StringIO(text)) if "hyperlink" in r["actor_email"]]
    assert row["actor_email"].startswith("'=")


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.CLIENT])
def test_only_admins_see_the_trail(auth, make_user, role):
    auth.sign_in(make_user(role))
    assert auth.client.get("/admin/audit").status_code in (403, 404)
    assert auth.client.get("/admin/audit.csv").status_code in (403, 404)
