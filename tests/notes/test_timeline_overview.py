"""The case timeline, the sessions overview and the partials the lead includes elsewhere."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import render_template

from practice.db_types import utcnow
from practice.extensions import db
from practice.models import Assignment, Couple, Response, User
from practice.notes.schedule import sessions_overview
from practice.pages.case_timeline import timeline_for

from .records import add_checkin, add_note, add_session


def test_the_timeline_merges_everything_newest_first(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    signed = add_session(app, couple, starts_at=datetime(2026, 3, 2, 15, tzinfo=UTC))
    add_note(app, signed, signed=True)
    add_session(app, couple, starts_at=datetime(2026, 3, 9, 15, tzinfo=UTC))
    with app.app_context():
        assignment = Assignment(
            couple_id=couple.id,
            assigned_by_id=counselor.id,
            slug="x",
            worksheet_version=1,
            content_hash="0" * 64,
            definition={},
            title="Transparency agreement",
            recipients="each",
            due_date=date(2026, 3, 9),
            created_at=datetime(2026, 3, 2, 16, tzinfo=UTC),
        )
        assignment.responses.append(
            Response(client_id=couple.partners[0].id, reviewed_at=datetime(2026, 3, 5, tzinfo=UTC))
        )
        db.session.add(assignment)
        db.session.commit()
    checkin = add_checkin(app, couple.partners[1].id, 7, days_ago=0)
    with app.test_request_context():
        page = timeline_for(db.session.get(Couple, couple.id), 1)
        assert [(i.kind, i.title) for i in page.items] == [
            ("checkin", "Trust check-in: Riley"),
            ("session", "Joint session \u00b7 In person"),
            ("review", "Reviewed \u201cTransparency agreement\u201d"),
            ("assignment", "Assigned \u201cTransparency agreement\u201d"),
            ("session", "Joint session \u00b7 In person"),
        ]
        assert page.items[0].url == f"/check-ins/{checkin}"
        assert page.items[1].detail == "Completed \u00b7 50 min \u00b7 no note yet"
        assert page.items[4].detail.endswith("note signed")
        assert page.items[4].url == f"/sessions/{signed}"
        assert (page.page, page.pages, page.has_prev, page.has_next) == (1, 1, False, False)
    body = signed_in.get(f"/cases/{couple.id}/timeline").get_data(as_text=True)
    assert "Transparency agreement" in body and "Trust check-in: Riley" in body


def test_the_timeline_pages(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    for day in range(1, 18):
        add_session(app, couple, starts_at=datetime(2026, 3, day, 15, tzinfo=UTC))
    with app.test_request_context():
        stored = db.session.get(Couple, couple.id)
        first, second = timeline_for(stored, 1), timeline_for(stored, 2)
        assert len(first.items) == 15 and len(second.items) == 2
        assert (first.has_next, first.next_num, second.has_prev, second.prev_num) == (
            True,
            2,
            True,
            1,
        )
        assert timeline_for(stored, 99).page == 2  # past the end: the last page
    body = signed_in.get(f"/cases/{couple.id}/timeline?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in body and f"/cases/{couple.id}/timeline?page=1" in body


def test_sessions_overview(app, make_user, make_couple, counselor):
    couple = make_couple(counselor)
    now = utcnow()
    today = add_session(app, couple, starts_at=now, status="scheduled")
    soon = add_session(app, couple, starts_at=now + timedelta(days=3), status="scheduled")
    add_session(app, couple, starts_at=now + timedelta(days=3), status="cancelled")
    add_session(app, couple, starts_at=now + timedelta(days=12), status="scheduled")
    no_note = add_session(app, couple, starts_at=now - timedelta(days=7))
    draft = add_session(app, couple, starts_at=now - timedelta(days=14))
    add_note(app, draft)
    signed = add_session(app, couple, starts_at=now - timedelta(days=21))
    add_note(app, signed, signed=True)
    other = make_user(name="Other Counselor")
    add_session(app, make_couple(other, names=("Robin Vale", "Kai Ito")), starts_at=now)
    with app.app_context():
        overview = sessions_overview(db.session.get(User, counselor.id))
        assert [s.id for s in overview.today] == [today]
        assert [s.id for s in overview.upcoming] == [soon]
        assert [s.id for s in overview.unsigned] == [draft, no_note]


def test_the_partials_render_with_what_they_expect(app, make_couple, counselor):
    couple = make_couple(counselor)
    add_session(app, couple, starts_at=utcnow(), status="scheduled")
    add_checkin(app, couple.partners[0].id, 7)
    with app.test_request_context():
        from practice.checkins.chart import chart_data
        from practice.checkins.services import pending_checkins_for

        stored = db.session.get(Couple, couple.id)
        user = db.session.get(User, counselor.id)
        html = {
            "timeline": render_template(
                "pages/_timeline.html", timeline=timeline_for(stored, 1), couple=stored
            ),
            "dashboard": render_template(
                "pages/_sessions_today.html", sessions=sessions_overview(user)
            ),
            "actions": render_template("notes/_case_actions.html", couple=stored),
            "chart": render_template("checkins/_chart.html", chart=chart_data(stored)),
            "pending": render_template(
                "checkins/_portal_pending.html", pending=pending_checkins_for(stored.partners[0])
            ),
            "flags": render_template("checkins/_dashboard_flags.html", flags=[]),
        }
    assert "Trust check-in: Alex" in html["timeline"]
    assert "Today" in html["dashboard"] and "Alex &amp; Riley" in html["dashboard"]
    assert "Schedule a session" in html["actions"] and "Request check-ins" in html["actions"]
    assert "<svg" in html["chart"] and "<caption>" in html["chart"]
    assert html["pending"].strip() == "" and html["flags"].strip() == ""
