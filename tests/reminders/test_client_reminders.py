"""Partners are reminded of homework, check-ins and sessions: once each, with no clinical
text, a link to the portal and a one-click way to stop."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import select

from practice.db_types import utcnow
from practice.extensions import db
from practice.models import AuditEvent, Client, Couple

from ..conftest import PRACTICE_TIMEZONE
from ..homework.helpers import complete_answers, post_data, worksheet
from ..notes.records import add_checkin, add_request, add_session
from .conftest import outbox, send_due

ZONE = ZoneInfo(PRACTICE_TIMEZONE)
JORDAN = "jordan.ellis@example.org"
SAM = "sam.whitaker@example.org"
UNSUBSCRIBE = re.compile(r"http://127\.0\.0\.1:5000(/reminders/off/[\w.-]+)")


def body(message) -> str:
    return message.get_content()


def test_a_worksheet_due_in_two_days_is_reminded_once_to_each_partner(
    app, inbox, case, partners, make_assignment
):
    assignment = make_assignment(case, "emotional-intimacy-builder", due_in_days=2)
    make_assignment(case, due_in_days=5)  # not yet
    send_due(app)
    send_due(app)
    assert sorted(m["To"] for m in inbox.messages) == [JORDAN, SAM]
    (message,) = inbox.to(JORDAN)
    text = body(message)
    assert message["Subject"] == "A reminder from Harbor Light Counseling"
    assert text.startswith("Hello Jordan,")
    due = assignment.due_date
    assert f"A worksheet is due on {due:%A, %B} {due.day}, {due.year}." in text
    assert "http://127.0.0.1:5000/portal/" in text
    assert UNSUBSCRIBE.search(text)
    assert assignment.title not in text  # no title unless the practice allows it
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_partner_who_submitted_is_not_reminded(app, inbox, case, partners, make_assignment, auth):
    assignment = make_assignment(case, due_in_days=2)
    auth.sign_in(partners[0])
    ws = worksheet(app, assignment.slug)
    answers = complete_answers(app, assignment.slug, 1)
    auth.client.post(
        f"/portal/responses/{assignment.responses[0].id}",
        data=post_data(ws, answers, version=1, action="submit"),
    )
    send_due(app)
    assert [m["To"] for m in inbox.messages] == [SAM]


def test_overdue_homework_is_reminded_once_more(app, inbox, case, partners, make_assignment):
    make_assignment(case, due_in_days=1)
    send_due(app)  # due soon
    assert len(inbox.to(JORDAN)) == 1
    with time_machine.travel(utcnow() + timedelta(days=2), tick=True):
        send_due(app)
        send_due(app)
    (_, overdue) = inbox.to(JORDAN)
    assert "was due on" in body(overdue)
    with time_machine.travel(utcnow() + timedelta(days=3), tick=True):
        send_due(app)
    assert len(inbox.to(JORDAN)) == 2


def test_titles_show_only_when_the_practice_allows_and_never_a_private_sheets(
    app, inbox, case, partners, make_assignment
):
    app.config["REMINDERS_SHOW_TITLES"] = True
    shared = make_assignment(case, "emotional-intimacy-builder", due_in_days=2)
    private = make_assignment(case, "caring-for-your-wellbeing", position=1, due_in_days=2)
    discreet = make_assignment(case, "crisis-plan-for-hard-moments", position=1, due_in_days=2)
    send_due(app)
    texts = " ".join(body(m) for m in inbox.to(JORDAN))
    assert f"\u201c{shared.title}\u201d" in texts
    assert private.title not in texts and discreet.title not in texts
    assert texts.count("A worksheet is due") == 2


def test_a_checkin_unanswered_after_a_day_is_reminded_once(app, inbox, case, partners):
    add_request(app, case, every_days=7)
    send_due(app)
    assert inbox.messages == []  # opened today: not yet
    with time_machine.travel(utcnow() + timedelta(hours=25), tick=True):
        send_due(app)
        send_due(app)
    assert sorted(m["To"] for m in inbox.messages) == [JORDAN, SAM]
    assert "short check-in" in body(inbox.to(JORDAN)[0])


def test_a_partner_who_answered_the_checkin_is_not_reminded(app, inbox, case, partners):
    add_request(app, case, every_days=7)
    jordan_client = case.partners[0]
    add_checkin(app, jordan_client.id, 7, by_user_id=partners[0].id)
    with time_machine.travel(utcnow() + timedelta(hours=25), tick=True):
        send_due(app)
    assert [m["To"] for m in inbox.messages] == [SAM]


def test_a_session_tomorrow_is_reminded_with_its_time_and_modality_only(app, inbox, case, partners):
    tomorrow = datetime.now(ZONE).date() + timedelta(days=1)
    starts = datetime.combine(tomorrow, time(15, 30), tzinfo=ZONE).astimezone(UTC)
    add_session(app, case, starts_at=starts, status="scheduled")
    add_session(app, case, starts_at=starts + timedelta(days=3), status="scheduled")
    send_due(app)
    send_due(app)
    (message,) = inbox.to(JORDAN)
    assert "You have a session tomorrow at 15:30 (in person)." in body(message)
    assert len(inbox.to(SAM)) == 1


def test_only_partners_with_an_account_in_an_open_case_are_reminded(
    app, inbox, counselor, make_couple, make_client_account, make_assignment
):
    one_account = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    make_client_account(one_account, 1)
    make_assignment(one_account, due_in_days=2)
    paused = make_couple(counselor, names=("Ana Lima", "Bo Park"), status="paused")
    make_client_account(paused, 1)
    make_assignment(paused, due_in_days=2)
    send_due(app)
    assert [m["To"] for m in inbox.messages] == [JORDAN]


def test_names_beyond_ascii_arrive_intact(app, inbox, case, partners, make_assignment):
    with app.app_context():
        db.session.get(Client, case.partners[0].id).preferred_name = "Zo\u00eb-\u00c5sa \u674e"
        db.session.commit()
    make_assignment(case, due_in_days=2)
    send_due(app)
    assert body(inbox.to(JORDAN)[0]).startswith("Hello Zo\u00eb-\u00c5sa \u674e,")


def test_one_click_turns_reminders_off_for_that_partner_only(
    app, inbox, case, partners, make_assignment
):
    make_assignment(case, due_in_days=2)
    send_due(app)
    link = UNSUBSCRIBE.search(body(inbox.to(JORDAN)[0])).group(1)
    browser = app.test_client()  # not signed in: the link is enough
    page = browser.get(link)
    assert page.status_code == 200 and "Turn off reminders?" in page.text
    with app.app_context():  # opening the link (or a scanner opening it) changes nothing
        assert db.session.scalar(select(AuditEvent).filter_by(action="reminders-off")) is None

    app.config["WTF_CSRF_ENABLED"] = True  # a mail client's one-click POST has no token
    done = browser.post(link, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Reminders are off" in done.text

    inbox.envelopes.clear()
    make_assignment(case, due_in_days=1)
    with time_machine.travel(utcnow() + timedelta(days=3), tick=True):
        send_due(app)
    assert {m["To"] for m in inbox.messages} == {SAM}
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).filter_by(action="reminders-off"))


def test_a_reminder_queued_before_turning_off_is_not_sent(
    app, inbox, smtp_server, case, partners, make_assignment
):
    smtp_server.stop()  # queued, not yet delivered
    make_assignment(case, due_in_days=2)
    send_due(app)
    jordan_reminder = next(m for m in outbox(app) if m.to_address == JORDAN)
    link = UNSUBSCRIBE.search(jordan_reminder.body).group(1)
    app.test_client().post(link)
    smtp_server.start()
    with time_machine.travel(utcnow() + timedelta(minutes=5), tick=True):
        send_due(app)
    assert [m["To"] for m in inbox.messages] == [SAM]
    assert next(m for m in outbox(app) if m.to_address == JORDAN).status == "skipped"


def test_reminders_can_be_turned_back_on(app, inbox, case, partners, make_assignment):
    make_assignment(case, due_in_days=2)
    send_due(app)
    link = UNSUBSCRIBE.search(body(inbox.to(JORDAN)[0])).group(1)
    browser = app.test_client()
    browser.post(link)
    back_on = browser.post(link.replace("/off/", "/on/"))
    assert "Reminders are on" in back_on.text


def test_a_forged_unsubscribe_link_is_a_404(app, case, partners):
    assert app.test_client().get("/reminders/off/eyJjbGllbnQiOjF9.forged").status_code == 404
    assert app.test_client().post("/reminders/off/nonsense").status_code == 404
    with app.app_context():
        assert db.session.get(Couple, case.id) is not None
