"""A private worksheet is never shared; joint work on an unscreened case asks for a reason."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from practice.assignments.services import PrivateWorksheet, assign
from practice.audit.who import system
from practice.extensions import db
from practice.library.loader import get_library
from practice.models import AnswerFlag, Assignment, AuditEvent, Couple

# The actor of the rows these tests write without a request.
TESTS = system("tests")

PRIVATE = "relationship-safety-screen"
TOGETHER = "transparency-agreement"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


@pytest.fixture
def unscreened(counselor, make_couple):
    return make_couple(counselor, names=("Casey Lee", "Robin Park"), screening="not-screened")


def form(**overrides) -> dict:
    today = datetime.now(ZoneInfo("America/New_York")).date()
    data = {
        "worksheet": PRIVATE,
        "for_whom": "each",
        "due_date": (today + timedelta(days=7)).isoformat(),
        "instructions": "",
    }
    data.update(overrides)
    return data


def assignments(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Assignment))


def test_the_assign_form_offers_no_sharing_for_a_private_worksheet(signed_in, case):
    page = signed_in.get(f"/assignments/new?couple_id={case.id}&slug={PRIVATE}")
    html = page.get_data(as_text=True)
    assert 'name="share"' not in html
    assert "reach only you, never the other partner" in html
    shareable = signed_in.get(f"/assignments/new?couple_id={case.id}&slug=naming-the-trust-problem")
    assert 'name="share"' in shareable.get_data(as_text=True)


def test_a_replayed_post_cannot_share_a_private_worksheet(app, signed_in, case):
    response = signed_in.post(f"/assignments/new?couple_id={case.id}", data=form(share="y"))
    assert response.status_code == 422
    assert "This worksheet is private" in response.get_data(as_text=True)
    assert assignments(app) == 0


def test_the_service_refuses_to_share_a_private_worksheet(app, case):
    with app.app_context():
        couple = db.session.get(Couple, case.id)
        with pytest.raises(PrivateWorksheet):
            assign(
                couple,
                get_library().get(PRIVATE),
                by=couple.counselor,
                recipients="each",
                for_client=None,
                due_date=datetime.now(ZoneInfo("UTC")).date(),
                instructions="",
                share=True,
                who=TESTS,
            )
    assert assignments(app) == 0


def test_the_database_refuses_a_private_assignment_that_shares(app, case, make_assignment):
    assignment = make_assignment(case, PRIVATE)
    assert assignment.private and not assignment.share_when_both_submitted
    with app.app_context():
        live = db.session.get(Assignment, assignment.id)
        live.share_when_both_submitted = True
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_the_assign_form_shows_when_not_to_use(signed_in, case):
    html = signed_in.get(f"/assignments/new?couple_id={case.id}&slug={TOGETHER}").get_data(
        as_text=True
    )
    assert "When not to use" in html
    assert "not as joint homework where there is violence" in html


def test_joint_work_on_an_unscreened_case_asks_for_a_reason(app, signed_in, unscreened):
    url = f"/assignments/new?couple_id={unscreened.id}"
    page = signed_in.get(f"{url}&slug={TOGETHER}").get_data(as_text=True)
    assert "has not been screened for safety yet" in page
    refused = signed_in.post(url, data=form(worksheet=TOGETHER, for_whom="together"))
    assert refused.status_code == 422
    assert "Say why joint work is right for this couple now" in refused.get_data(as_text=True)
    assert assignments(app) == 0
    # Sharing answers is joint work too.
    shared = signed_in.post(url, data=form(worksheet="naming-the-trust-problem", share="y"))
    assert shared.status_code == 422 and assignments(app) == 0
    done = signed_in.post(
        url,
        data=form(
            worksheet=TOGETHER,
            for_whom="together",
            reason="Screened both alone in session on Monday.",
        ),
    )
    assert done.status_code == 302
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "joint-work-confirm")
        )
        assert event.couple_id == unscreened.id
        assert event.detail == (
            f"{TOGETHER}: not-screened: Screened both alone in session on Monday."
        )


def test_private_work_on_an_unscreened_case_needs_no_reason(app, signed_in, unscreened):
    response = signed_in.post(f"/assignments/new?couple_id={unscreened.id}", data=form())
    assert response.status_code == 302
    assert assignments(app) == 1


def test_an_open_safety_flag_makes_joint_work_ask_again(app, signed_in, case, make_assignment):
    screen = make_assignment(case, PRIVATE)
    with app.app_context():
        db.session.add(
            AnswerFlag(
                response_id=screen.responses[0].id,
                couple_id=case.id,
                prompt_id="afraid",
                message="Partner reports being afraid of their partner.",
                kind="safety",
            )
        )
        db.session.commit()
    response = signed_in.post(
        f"/assignments/new?couple_id={case.id}", data=form(worksheet=TOGETHER, for_whom="together")
    )
    assert response.status_code == 422
    assert "A safety flag on this case is still open." in response.get_data(as_text=True)
    assert "Safety concerns open" in signed_in.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Safety concerns open" in signed_in.get("/cases/").get_data(as_text=True)
