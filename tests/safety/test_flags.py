"""Safety flags reach the counselor first, and nothing of them reaches the other partner."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import AnswerFlag, AuditEvent

from ..conftest import Auth
from ..homework.helpers import complete_answers, post_data, worksheet

SCREEN = "relationship-safety-screen"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


def partner(app, case, make_client_account, position):
    browser = Auth(app.test_client())
    browser.sign_in(make_client_account(case, position))
    return browser.client


def submit_screen(app, browser, response_id, **answers):
    ws = worksheet(app, SCREEN)
    given = complete_answers(app, SCREEN, 1) | answers
    reply = browser.post(
        f"/portal/responses/{response_id}", data=post_data(ws, given, version=1, action="submit")
    )
    assert reply.status_code == 302


def test_concerning_answers_raise_safety_flags_that_sort_first(
    app, signed_in, case, make_assignment, make_client_account
):
    clinical = make_assignment(case, "caring-for-your-wellbeing")
    jordan = partner(app, case, make_client_account, 1)
    ws = worksheet(app, "caring-for-your-wellbeing")
    low = complete_answers(app, "caring-for-your-wellbeing", 1) | {"low_two_weeks": "yes"}
    jordan.post(
        f"/portal/responses/{clinical.responses[0].id}",
        data=post_data(ws, low, version=1, action="submit"),
    )
    screen = make_assignment(case, SCREEN)
    submit_screen(
        app,
        jordan,
        screen.responses[0].id,
        afraid="yes",
        control=[
            "Checks my phone or messages without asking",
            "Controls the money or takes my money",
        ],
    )
    with app.app_context():
        flags = db.session.scalars(select(AnswerFlag).order_by(AnswerFlag.id)).all()
        kinds = [(f.prompt_id, f.kind) for f in flags]
    assert ("afraid", "safety") in kinds
    assert [k for k in kinds if k[0] == "control"] == [("control", "safety")] * 2
    assert any(kind == "clinical" for _, kind in kinds)
    dashboard = signed_in.get("/dashboard").get_data(as_text=True)
    listed = dashboard[dashboard.index("Flagged answers") :]
    first_clinical = min(listed.index(f.message) for f in flags if f.kind == "clinical")
    last_safety = max(listed.index(f.message) for f in flags if f.kind == "safety")
    assert last_safety < first_clinical
    assert 'class="badge badge--safety">Safety<' in listed


def test_a_safety_flag_is_acknowledged_with_what_was_done(
    app, signed_in, case, make_assignment, make_client_account
):
    screen = make_assignment(case, SCREEN)
    submit_screen(
        app, partner(app, case, make_client_account, 1), screen.responses[0].id, neck="yes"
    )
    with app.app_context():
        flag = db.session.scalar(select(AnswerFlag).where(AnswerFlag.prompt_id == "neck"))
    signed_in.post(f"/flags/{flag.id}/acknowledge", data={"note": ""})
    with app.app_context():
        assert db.session.get(AnswerFlag, flag.id).acknowledged_at is None
    signed_in.post(
        f"/flags/{flag.id}/acknowledge", data={"note": "Called them alone; safety plan made."}
    )
    with app.app_context():
        done = db.session.get(AnswerFlag, flag.id)
        assert done.acknowledged_at is not None
        assert done.acknowledged_note == "Called them alone; safety plan made."
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "flag-acknowledge"))
        assert event.object_id == flag.id and "safety plan made" in event.detail


def test_the_other_partner_sees_nothing_of_a_private_screen(
    app, case, make_assignment, make_client_account
):
    screen = make_assignment(case, SCREEN)
    jordan = partner(app, case, make_client_account, 1)
    sam = partner(app, case, make_client_account, 2)
    secret = "Sam reads my messages every night."
    submit_screen(app, jordan, screen.responses[0].id, afraid="yes", anything_else=secret)
    home = sam.get("/portal/").get_data(as_text=True)
    assert secret not in home
    assert sam.get(f"/portal/responses/{screen.responses[0].id}").status_code == 404
    own = sam.get(f"/portal/responses/{screen.responses[1].id}").get_data(as_text=True)
    assert secret not in own
