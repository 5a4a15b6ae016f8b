"""No message, to a partner or the counselor, carries clinical text: not an answer, a note,
a concern, a flag's message, a private worksheet's title, nor the other partner's name."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import select

from practice.db_types import utcnow
from practice.extensions import db
from practice.models import AnswerFlag

from ..conftest import PRACTICE_TIMEZONE, Auth
from ..homework.helpers import complete_answers, post_data, worksheet
from ..notes.records import add_checkin, add_note, add_request, add_session
from .conftest import outbox, send_due

ZONE = ZoneInfo(PRACTICE_TIMEZONE)
ANSWER = "I found the hidden account statements in March"
NOTE = "Discussed the affair disclosure and sleeping apart"


def answer_everything(app, slug, position, **overrides):
    answers = complete_answers(app, slug, position) | overrides
    for prompt in worksheet(app, slug).all_prompts():
        if prompt.kind in ("short_text", "long_text"):
            answers[prompt.id] = ANSWER
    return answers


def submit(app, account, response_id, slug, answers):
    browser = Auth(app.test_client())
    browser.sign_in(account)
    ws = worksheet(app, slug)
    reply = browser.client.post(
        f"/portal/responses/{response_id}",
        data=post_data(ws, answers, version=1, action="submit"),
    )
    assert reply.status_code == 302


def test_no_message_body_or_subject_contains_clinical_text(
    app, inbox, signed_in, counselor, make_couple, make_client_account, make_assignment
):
    app.config["REMINDERS_SHOW_TITLES"] = True  # even then, never a private sheet's title
    case = make_couple(
        counselor,
        names=("Jordan Ellis", "Sam Whitaker"),
        concerns="Gambling debt hidden for two years",
    )
    jordan, sam = make_client_account(case, 1), make_client_account(case, 2)
    # Every kind of message: both submitted, flags, a drop, homework due and overdue, a
    # check-in left open, a session tomorrow; the counselor's digest too.
    both = make_assignment(case, "naming-the-trust-problem")
    for position, (account, response) in enumerate(
        zip((jordan, sam), both.responses, strict=True), 1
    ):
        answers = answer_everything(app, both.slug, position)
        submit(app, account, response.id, both.slug, answers)
    screen = make_assignment(case, "relationship-safety-screen")
    submit(
        app,
        jordan,
        screen.responses[0].id,
        screen.slug,
        answer_everything(app, screen.slug, 1, afraid="yes"),
    )
    private_due = make_assignment(case, "caring-for-your-wellbeing", position=1, due_in_days=2)
    make_assignment(case, "hard-conversation-preparation", position=2, due_in_days=-1)
    add_checkin(app, case.partners[0].id, 9, days_ago=7)
    add_checkin(app, case.partners[0].id, 2)
    add_request(app, case, every_days=7, days_ago=3)
    tomorrow = datetime.now(ZONE).date() + timedelta(days=1)
    session_id = add_session(
        app,
        case,
        starts_at=datetime.combine(tomorrow, time(10), tzinfo=ZONE).astimezone(UTC),
        status="scheduled",
    )
    add_note(app, session_id, sections={"subjective": NOTE, "plan": NOTE})
    send_due(app)
    signed_in.post("/reminders/settings", data={"daily_digest": "y", "checkin_drop": "y"})
    add_checkin(app, case.partners[1].id, 9, days_ago=7)
    add_checkin(app, case.partners[1].id, 2)
    with time_machine.travel(utcnow() + timedelta(days=1), tick=True):
        send_due(app)

    with app.app_context():
        flag_messages = db.session.scalars(select(AnswerFlag.message)).all()
    assert flag_messages
    kinds = {m.kind for m in outbox(app) if m.status == "sent"}
    assert kinds >= {
        "both-submitted",
        "flagged-answer",
        "checkin-drop",
        "worksheet-due",
        "worksheet-overdue",
        "checkin-open",
        "session-tomorrow",
        "digest",
    }
    never_anywhere = [
        ANSWER,
        NOTE,
        "Gambling",
        "Rebuild openness",  # the case's goals
        private_due.title,
        "safety screen",
        *flag_messages,
    ]
    for message in inbox.messages:
        text = message["Subject"] + "\n" + message.get_content()
        for clinical in never_anywhere:
            assert clinical not in text, (message["To"], clinical)
        if message["To"] == "maya@example.org":
            assert "Jordan" not in text and "Sam" not in text and "Ellis" not in text
        elif message["To"] == "jordan.ellis@example.org":
            assert "Sam" not in text and "Whitaker" not in text
        else:
            assert "Jordan" not in text and "Ellis" not in text
