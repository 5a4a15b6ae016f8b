"""The counselor hears when both partners submitted, when a flagged answer arrives (at once,
urgent; a safety flag always) and when a check-in drops: as they chose, or in a digest."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine

from practice.audit.who import system
from practice.checkins.services import record_checkin
from practice.extensions import db
from practice.models import Client, User

from ..conftest import PRACTICE_TIMEZONE, Auth
from ..homework.helpers import complete_answers, post_data, submit_through_the_portal, worksheet
from ..notes.records import add_checkin, scores
from .conftest import outbox, send_due

# The actor of the rows these tests write without a request.
TESTS = system("tests")

ZONE = ZoneInfo(PRACTICE_TIMEZONE)
MAYA = "maya@example.org"
SHAREABLE = "naming-the-trust-problem"
SCREEN = "relationship-safety-screen"


def partner_browser(app, account):
    browser = Auth(app.test_client())
    browser.sign_in(account)
    return browser.client


def submit(app, browser, response_id, slug, **answers):
    ws = worksheet(app, slug)
    given = complete_answers(app, slug, 1) | answers
    reply = browser.post(
        f"/portal/responses/{response_id}", data=post_data(ws, given, version=1, action="submit")
    )
    assert reply.status_code == 302


def choose(signed_in, **choices):
    data = {name: "y" for name, on in choices.items() if on}
    return signed_in.post("/reminders/settings", data=data)


def test_both_partners_submitting_tells_the_counselor_once(
    app, inbox, case, partners, make_assignment
):
    assignment = make_assignment(case, SHAREABLE)
    submit_through_the_portal(app, assignment, partners)
    send_due(app)
    send_due(app)
    (message,) = inbox.to(MAYA)
    assert message["Subject"] == "Both partners finished a worksheet"
    text = message.get_content()
    assert f"http://127.0.0.1:5000/cases/{case.id}" in text
    assert "Jordan" not in text and "Sam" not in text and assignment.title not in text


def test_a_worksheet_done_together_tells_the_counselor_when_it_is_submitted(
    app, inbox, case, partners, make_assignment
):
    together = "counseling-goals-together"
    assignment = make_assignment(case, together, who="together")
    (response,) = assignment.responses
    submit(app, partner_browser(app, partners[1]), response.id, together)
    send_due(app)
    send_due(app)
    (message,) = inbox.to(MAYA)
    assert message["Subject"] == "Both partners finished a worksheet"


def test_one_partner_submitting_tells_nobody(app, inbox, case, partners, make_assignment):
    assignment = make_assignment(case, SHAREABLE)
    submit(app, partner_browser(app, partners[0]), assignment.responses[0].id, SHAREABLE)
    send_due(app)
    assert inbox.to(MAYA) == []


def test_a_safety_answer_reaches_the_counselor_at_once_even_at_night_and_turned_off(
    app, inbox, signed_in, case, partners, make_assignment
):
    choose(signed_in, both_submitted=True, flagged_answer=False, checkin_drop=True)
    screen = make_assignment(case, SCREEN)
    late = datetime.combine(datetime.now(ZONE).date(), time(23, 30), tzinfo=ZONE)
    with time_machine.travel(late.astimezone(UTC), tick=True):
        submit(app, partner_browser(app, partners[0]), screen.responses[0].id, SCREEN, afraid="yes")
        send_due(app)
    (message,) = inbox.to(MAYA)
    assert message["Subject"] == "Urgent: a safety answer needs your attention"
    assert message["Importance"] == "high" and message["X-Priority"] == "1"
    text = message.get_content()
    assert f"/cases/{case.id}" in text
    assert "afraid" not in text.lower() and "Jordan" not in text


def test_a_clinical_flag_is_urgent_and_follows_the_counselors_choice(
    app, inbox, signed_in, case, partners, make_assignment
):
    wellbeing = "caring-for-your-wellbeing"
    first = make_assignment(case, wellbeing, position=1)
    jordan = partner_browser(app, partners[0])
    submit(app, jordan, first.responses[0].id, wellbeing, low_two_weeks="yes")
    send_due(app)
    (message,) = inbox.to(MAYA)
    assert message["Subject"] == "Urgent: a flagged answer needs your attention"

    choose(signed_in, both_submitted=True, flagged_answer=False, checkin_drop=True)
    second = make_assignment(case, wellbeing, position=1)
    submit(app, jordan, second.responses[0].id, wellbeing, low_two_weeks="yes")
    send_due(app)
    assert len(inbox.to(MAYA)) == 1


def test_a_checkin_drop_tells_the_counselor(app, inbox, case, partners):
    jordan = case.partners[0]
    add_checkin(app, jordan.id, 8, days_ago=7)
    add_checkin(app, jordan.id, 3)
    send_due(app)
    (message,) = inbox.to(MAYA)
    assert message["Subject"] == "A check-in needs a look"
    assert "3" not in message.get_content().split("http")[0]  # no scores


def test_a_notice_exists_only_if_its_event_was_kept(app, case):
    """Queued in the event's own transaction: an event rolled back leaves no notice."""
    with app.app_context():
        jordan = db.session.get(Client, case.partners[0].id)
        counselor = db.session.get(User, case.counselor_id)
        record_checkin(jordan, scores(9), entered_by_user=counselor, who=TESTS)
        db.session.commit()
        record_checkin(jordan, scores(1), entered_by_user=counselor, who=TESTS)
        db.session.flush()
        assert len(outbox(app)) == 0  # another connection sees nothing uncommitted
        db.session.rollback()
    assert outbox(app) == []


def test_the_settings_form_keeps_each_choice(
    app, inbox, signed_in, case, partners, make_assignment
):
    page = signed_in.get("/reminders/settings")
    assert page.status_code == 200 and "A safety flag is always sent" in page.text
    saved = choose(signed_in, both_submitted=False, flagged_answer=True, checkin_drop=False)
    assert saved.status_code == 302
    page = signed_in.get("/reminders/settings").text
    assert 'id="flagged_answer" name="flagged_answer" type="checkbox" value="y"' in page
    assignment = make_assignment(case, SHAREABLE)
    submit_through_the_portal(app, assignment, partners)
    add_checkin(app, case.partners[0].id, 8, days_ago=7)
    add_checkin(app, case.partners[0].id, 2)
    send_due(app)
    assert inbox.to(MAYA) == []


def test_the_settings_are_the_counselors_own(app, auth, make_user):
    auth.sign_in(make_user("admin"))
    assert auth.client.get("/reminders/settings").status_code == 404


def test_a_daily_digest_gathers_notices_and_flags_still_come_at_once(
    app, inbox, signed_in, case, partners, make_assignment
):
    choose(
        signed_in, both_submitted=True, flagged_answer=True, checkin_drop=True, daily_digest=True
    )
    assignment = make_assignment(case, SHAREABLE)
    submit_through_the_portal(app, assignment, partners)
    add_checkin(app, case.partners[0].id, 8, days_ago=7)
    add_checkin(app, case.partners[0].id, 2)
    screen = make_assignment(case, SCREEN)
    submit(app, partner_browser(app, partners[1]), screen.responses[1].id, SCREEN, afraid="yes")
    send_due(app)
    (urgent,) = inbox.to(MAYA)  # the flag, not the rest
    assert urgent["Subject"].startswith("Urgent")

    tomorrow = datetime.now(ZONE).date() + timedelta(days=1)
    morning = datetime.combine(tomorrow, time(8, 5), tzinfo=ZONE).astimezone(UTC)
    with time_machine.travel(morning, tick=True):
        send_due(app)
        send_due(app)
    _, digest = inbox.to(MAYA)
    assert digest["Subject"] == "Your daily summary"
    text = digest.get_content()
    assert "- 1 worksheet(s) finished by both partners" in text
    assert "- 1 check-in(s) that need a look" in text
    assert "http://127.0.0.1:5000/dashboard" in text
    assert {m.status for m in outbox(app) if m.kind in ("both-submitted", "checkin-drop")} == {
        "folded"
    }


def test_two_submissions_committed_at_once_still_tell_the_counselor_once(
    app, inbox, case, make_assignment
):
    """Two partners pressing Submit at the same moment: each transaction sees only its own
    answer as submitted, so no flush queues the notice. The sender's run catches it up."""
    from sqlalchemy import update

    from practice.assignments.models import Response
    from practice.db_types import utcnow

    assignment = make_assignment(case, SHAREABLE)
    with app.app_context():
        # A bulk UPDATE, as two racing transactions leave it: no flush saw both submitted.
        db.session.execute(
            update(Response)
            .where(Response.assignment_id == assignment.id)
            .values(status="submitted", submitted_at=utcnow())
        )
        db.session.commit()
    assert [m.kind for m in outbox(app)] == []
    send_due(app)
    send_due(app)
    (message,) = inbox.to(MAYA)
    assert message["Subject"] == "Both partners finished a worksheet"
    assert [m.kind for m in outbox(app)] == ["both-submitted"]
