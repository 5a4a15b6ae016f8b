"""A case counts as screened once each partner has answered the safety screen alone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import AuditEvent, Couple

from .test_flags import SCREEN, partner, submit_screen


@pytest.fixture
def unscreened(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"), screening="not-screened")


def screening(app, case) -> tuple[str, str]:
    with app.app_context():
        couple = db.session.get(Couple, case.id)
        return couple.safety_screening, couple.safety_status


def both_answer(app, case, make_assignment, make_client_account, **jordans_answers):
    screen = make_assignment(case, SCREEN)
    jordan = partner(app, case, make_client_account, 1)
    sam = partner(app, case, make_client_account, 2)
    submit_screen(app, jordan, screen.responses[0].id, **jordans_answers)
    after_one = screening(app, case)
    submit_screen(app, sam, screen.responses[1].id)
    return after_one


def test_the_case_is_screened_when_the_second_partner_submits(
    app, signed_in, unscreened, make_assignment, make_client_account
):
    after_one = both_answer(app, unscreened, make_assignment, make_client_account)

    assert after_one == ("not-screened", "not-screened")  # one partner alone is not a screen
    assert screening(app, unscreened) == ("no-concerns", "no-concerns")
    page = signed_in.get(f"/cases/{unscreened.id}").get_data(as_text=True)
    assert "Screened: no concerns" in page
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="safety-screening-recorded"))
        assert event.couple_id == unscreened.id and "no-concerns" in event.detail


def test_a_concerning_screen_records_concerns_and_shows_them_open(
    app, signed_in, unscreened, make_assignment, make_client_account
):
    both_answer(app, unscreened, make_assignment, make_client_account, afraid="yes")

    assert screening(app, unscreened) == ("concerns-monitoring", "concerns-open")
    page = signed_in.get(f"/cases/{unscreened.id}").get_data(as_text=True)
    assert "Safety concerns open" in page


def test_the_counselors_own_screening_stands(
    app, counselor, make_couple, make_assignment, make_client_account
):
    case = make_couple(counselor, screening="not-suitable-for-joint")
    both_answer(app, case, make_assignment, make_client_account)

    assert screening(app, case) == ("not-suitable-for-joint", "not-suitable-for-joint")
