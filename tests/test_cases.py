"""Couple cases: create, list, view, edit, status, audit."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from practice.extensions import db
from practice.models import AuditEvent, Client, Couple


def case_form(**overrides) -> dict:
    form = {
        "partner1-full_name": "Ana Silva",
        "partner1-preferred_name": "",
        "partner1-pronouns": "she/her",
        "partner1-email": "Ana.Silva@Example.org",
        "partner1-phone": "+1 (555) 010-2020",
        "partner2-full_name": "Noor Haddad",
        "partner2-pronouns": "they/them",
        "display_name": "",
        "start_date": "2026-02-01",
        "presenting_concerns": "A hidden account was found.",
        "trust_damage": ["infidelity-or-deception", "communication-failures"],
        "goals": "Open budgeting together.",
        "safety_screening": "no-concerns",
    }
    form.update(overrides)
    return form


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_create_a_case_with_both_partners(app, signed_in, counselor):
    response = signed_in.post("/cases/new", data=case_form())
    assert response.status_code == 302
    page = signed_in.get(response.location)
    assert b"Ana &amp; Noor" in page.data
    assert b"Case \xe2\x80\x9cAna &amp; Noor\xe2\x80\x9d created." in page.data
    assert b"Infidelity or deception" in page.data
    with app.app_context():
        couple = db.session.scalar(select(Couple))
        assert couple.counselor_id == counselor.id
        assert [p.full_name for p in couple.partners] == ["Ana Silva", "Noor Haddad"]
        assert couple.partners[0].email == "ana.silva@example.org"
        actions = db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.couple_id == couple.id)
            .order_by(AuditEvent.id)
        ).all()
        assert actions == ["case-create", "case-view"]


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("partner1-full_name", "", b"Enter this partner&#39;s full name."),
        ("partner2-full_name", "x" * 121, b"Field cannot be longer than 120 characters."),
        ("partner1-email", "ana@", b"Enter an email address like name@example.org."),
        ("partner2-phone", "call me", b"Enter a phone number using digits"),
        ("partner1-pronouns", "<b>she</b>", b"Use letters, spaces and slashes only."),
        ("start_date", "2026-02-30", b"Enter the date counseling started"),
        ("start_date", "2999-01-01", b"can&#39;t be in the future"),
        ("goals", "g" * 5001, b"Field cannot be longer than 5000 characters."),
        ("safety_screening", "unknown", b"Not a valid choice"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(app, signed_in, field, value, message):
    response = signed_in.post("/cases/new", data=case_form(**{field: value}))
    assert response.status_code == 422
    assert message in response.data
    assert b"Nothing has been saved yet" in response.data
    assert b'aria-invalid="true"' in response.data
    # What the counselor typed is still in the form.
    assert b"Open budgeting together." in response.data or field == "goals"
    assert count(app, Couple) == 0 and count(app, Client) == 0


@pytest.fixture
def server_clock_in_utc(monkeypatch):
    """The process's local zone is UTC, as on most servers."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_start_date_follows_the_practice_calendar_not_the_servers(
    auth, counselor, server_clock_in_utc
):
    # 21:00 on Dec 1 in New York is already Dec 2 on the server.
    evening = datetime(2026, 12, 1, 21, 0, tzinfo=ZoneInfo("America/New_York"))
    with time_machine.travel(evening.astimezone(UTC), tick=False):
        auth.sign_in(counselor)
        signed_in = auth.client
        blank = signed_in.get("/cases/new").data.decode()
        tomorrow = signed_in.post("/cases/new", data=case_form(start_date="2026-12-02"))
        today = signed_in.post("/cases/new", data=case_form(start_date="2026-12-01"))
    assert 'value="2026-12-01"' in blank
    assert b"can&#39;t be in the future" in tomorrow.data
    assert today.status_code == 302


def test_other_cause_needs_a_description(app, signed_in):
    response = signed_in.post("/cases/new", data=case_form(trust_damage=["other"]))
    assert b"Describe the other cause" in response.data
    assert count(app, Couple) == 0


def test_extra_fields_like_counselor_id_are_ignored(app, signed_in, counselor, make_user):
    other = make_user()
    response = signed_in.post(
        "/cases/new", data=case_form(counselor_id=str(other.id), status="closed", version="99")
    )
    assert response.status_code == 302
    with app.app_context():
        couple = db.session.scalar(select(Couple))
        assert couple.counselor_id == counselor.id
        assert couple.status == "active"
        assert couple.version == 1


def test_edit_a_case_records_which_fields_changed(app, signed_in, counselor, make_couple):
    couple = make_couple(counselor)
    form = signed_in.get(f"/cases/{couple.id}/edit")
    assert b"Alex Morgan" in form.data
    response = signed_in.post(
        f"/cases/{couple.id}/edit",
        data=case_form(
            **{"partner1-full_name": "Alex Morgan", "partner2-full_name": "Riley Chen"},
            display_name="Morgan & Chen",
            goals="Weekly check-ins.",
            version="1",
        ),
    )
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Couple, couple.id)
        assert saved.goals == "Weekly check-ins." and saved.display_name == "Morgan & Chen"
        assert saved.version == 2
        event = db.session.scalar(select(AuditEvent).filter_by(action="case-update"))
        assert "goals" in event.detail and "display_name" in event.detail
        # The audit trail names fields, never their clinical content.
        assert "Weekly" not in event.detail


def test_a_stale_edit_is_refused_and_its_text_kept(app, signed_in, counselor, make_couple):
    couple = make_couple(counselor)
    first = case_form(
        **{"partner1-full_name": "Alex Morgan", "partner2-full_name": "Riley Chen"},
        goals="From the first tab.",
        version="1",
    )
    second = dict(first, goals="From the second tab, written at length.")
    assert signed_in.post(f"/cases/{couple.id}/edit", data=first).status_code == 302
    response = signed_in.post(f"/cases/{couple.id}/edit", data=second)
    assert response.status_code == 409
    assert b"changed elsewhere after you opened this form" in response.data
    assert b"From the second tab, written at length." in response.data
    with app.app_context():
        assert db.session.get(Couple, couple.id).goals == "From the first tab."


def test_pause_close_and_reopen(app, signed_in, counselor, make_couple):
    couple = make_couple(counselor)
    for status, message in [
        ("paused", b"The case is paused."),
        ("closed", b"The case is closed."),
        ("active", b"The case is active again."),
    ]:
        response = signed_in.post(
            f"/cases/{couple.id}/status", data={"status": status}, follow_redirects=True
        )
        assert message in response.data
        with app.app_context():
            assert db.session.get(Couple, couple.id).status == status
    assert count(app, Couple) == 1  # never deleted


def test_status_rejects_unknown_values(app, signed_in, counselor, make_couple):
    couple = make_couple(counselor)
    response = signed_in.post(
        f"/cases/{couple.id}/status", data={"status": "deleted"}, follow_redirects=True
    )
    assert b"Choose a status" in response.data
    with app.app_context():
        assert db.session.get(Couple, couple.id).status == "active"


def test_case_list_searches_either_partner_and_filters_by_status(signed_in, counselor, make_couple):
    make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    make_couple(counselor, names=("Aisha Bello", "Grace Lindqvist"), status="paused")
    make_couple(counselor, names=("Kenji Watanabe", "Marcus Oyelaran"), status="closed")

    assert b"Jordan &amp; Sam" in signed_in.get("/cases/?q=whitaker").data
    assert b"Aisha" not in signed_in.get("/cases/?q=whitaker").data
    assert b"Aisha &amp; Grace" in signed_in.get("/cases/?q=GRACE").data
    paused = signed_in.get("/cases/?status=paused").data
    assert b"Aisha &amp; Grace" in paused and b"Kenji" not in paused
    assert b"No cases match" in signed_in.get("/cases/?q=nobody").data
    # LIKE wildcards typed into search are literal text, not patterns.
    assert b"No cases match" in signed_in.get("/cases/?q=%25").data


def test_case_list_is_paginated_most_recent_first(app, signed_in, counselor, make_couple):
    app.config["CASES_PER_PAGE"] = 2
    for name in ("Ann One", "Bea Two", "Cy Three"):
        make_couple(counselor, names=(name, "Pat Partner"))
    first = signed_in.get("/cases/").data
    assert b"Page 1 of 2" in first
    assert first.index(b"Cy &amp;") < first.index(b"Bea &amp;")
    assert b"Ann &amp;" in signed_in.get("/cases/?page=2").data


def test_dashboard_shows_active_cases_and_recent_activity(signed_in, counselor, make_couple):
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    make_couple(counselor, names=("Closed Case", "Old Partner"), status="closed")
    signed_in.post(f"/cases/{couple.id}/status", data={"status": "paused"})
    signed_in.post(f"/cases/{couple.id}/status", data={"status": "active"})
    page = signed_in.get("/dashboard").data
    assert b"1 active case" in page
    assert b"Jordan &amp; Sam" in page
    assert b"Changed the case status" in page


def test_hostile_text_comes_back_inert(signed_in, app):
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(1)>{{ "INJ" ~ "ECTED" }}'
    response = signed_in.post(
        "/cases/new",
        data=case_form(presenting_concerns=hostile, goals="javascript:alert(1)"),
        follow_redirects=True,
    )
    html = response.data.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # A word, not arithmetic: "49" could be in any CSRF token or time on the page.
    assert "{{ &#34;INJ&#34; ~ &#34;ECTED&#34; }}" in html and "INJECTED" not in html
