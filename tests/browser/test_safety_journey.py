"""Safety first, in a real browser (issue 12): a frightened partner's answers reach the
counselor first and the other partner never."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from practice.db_types import utcnow
from practice.extensions import db
from practice.models import AnswerFlag

from ..conftest import PASSWORD
from .conftest import DESKTOP, PHONE, sign_in

SCREEN = "relationship-safety-screen"
TITLE = "Relationship Safety Screen"
LISTED_AS = "Wellbeing worksheet"  # on the portal's list, nothing of safety shows
SECRET = "They read my messages every night."


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"), screening="not-screened")


def question(page, label: str):
    return page.get_by_role("group", name=re.compile("^" + re.escape(label)))


def test_a_safety_screen_reaches_the_counselor_first_and_the_other_partner_never(
    app, open_window, pages, live_server, case, counselor, make_assignment, make_client_account
):
    screen = make_assignment(case, SCREEN)
    jordan, sam = make_client_account(case, 1), make_client_account(case, 2)

    # Jordan answers the screen alone, on a phone, with concerning answers.
    phone = open_window(PHONE)
    sign_in(phone, live_server, jordan.email, PASSWORD, pages)
    pages.check(phone)
    expect(phone.get_by_role("link", name=TITLE)).to_have_count(0)
    phone.get_by_role("link", name=LISTED_AS).click()
    expect(phone.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(phone).to_have_title(re.compile("^Wellbeing worksheet"))
    expect(phone.get_by_text("988 Suicide & Crisis Lifeline: 988")).to_be_visible()
    pages.check(phone)
    question(phone, "Are you ever afraid of your partner?").get_by_role("radio", name="Yes").check()
    question(phone, "In the past year, has your partner").get_by_role("radio", name="No").check()
    question(phone, "Has your partner ever put their hands").get_by_role("radio", name="No").check()
    question(phone, "Is there a gun").get_by_role("radio", name="No", exact=True).check()
    control = question(phone, "Does your partner do any of these?")
    control.get_by_role("checkbox", name="Checks my phone or messages without asking").check()
    control.get_by_role("checkbox", name="Controls the money or takes my money").check()
    question(phone, "If the two of you ever lived apart").get_by_role(
        "radio", name="We have never lived apart"
    ).check()
    question(phone, "Do you feel free to speak openly").get_by_role("radio", name="No").check()
    phone.get_by_label(re.compile("^Is there anything else about your safety")).fill(SECRET)
    phone.get_by_role("button", name="Submit to my counselor").click()
    expect(phone.get_by_text("Your answers were submitted")).to_be_visible()
    pages.check(phone)

    # A clinical flag raised later still sorts after the safety flags.
    with app.app_context():
        db.session.add(
            AnswerFlag(
                response_id=screen.responses[0].id,
                couple_id=case.id,
                prompt_id="anything_else",
                message="A later clinical note to look at.",
                kind="clinical",
                raised_at=utcnow() + timedelta(minutes=5),
            )
        )
        db.session.commit()
        raised = db.session.scalars(select(AnswerFlag.kind)).all()
    assert raised.count("safety") == 4  # afraid, two kinds of control, not free to speak

    # The counselor's dashboard shows the safety flags first, marked as such.
    desk = open_window(DESKTOP)
    sign_in(desk, live_server, counselor.email, PASSWORD, pages)
    expect(desk.get_by_role("heading", name="Flagged answers")).to_be_visible()
    pages.check(desk)
    flags = desk.locator("#flags-heading + .flag-list > li")
    expect(flags).to_have_count(5)
    expect(flags.first.get_by_text("Safety", exact=True)).to_be_visible()
    expect(flags.last).to_contain_text("A later clinical note to look at.")
    expect(flags.last.get_by_text("Safety", exact=True)).to_have_count(0)

    # The case shows its open concerns, and a joint sheet asks for a reason.
    desk.goto(f"{live_server}/cases/{case.id}")
    expect(desk.get_by_text("Safety concerns open")).to_be_visible()
    pages.check(desk)
    desk.goto(f"{live_server}/assignments/new?couple_id={case.id}&slug=transparency-agreement")
    expect(desk.get_by_text("A safety flag on this case is still open.").first).to_be_visible()
    expect(desk.get_by_text("When not to use", exact=True)).to_be_visible()
    pages.check(desk)
    desk.get_by_role("button", name="Assign").click()
    expect(
        desk.get_by_text("Say why joint work is right for this couple now").first
    ).to_be_visible()
    pages.check(desk)
    desk.get_by_label("Why joint work is right for this couple now").fill(
        "Jordan asked for it; we agreed ground rules alone first."
    )
    desk.get_by_role("button", name="Assign").click()
    expect(desk.get_by_text("assigned.")).to_be_visible()
    pages.check(desk)

    # Acknowledging a safety flag asks what was done.
    desk.goto(f"{live_server}/dashboard")
    first = desk.locator("#flags-heading + .flag-list > li").first
    first.get_by_label("What you did").fill("Called Jordan alone; made a safety plan.")
    first.get_by_role("button", name="Acknowledge").click()
    expect(desk.get_by_text("Flag acknowledged.")).to_be_visible()
    pages.check(desk)

    # Sam's portal shows nothing of it.
    other = open_window(PHONE)
    sign_in(other, live_server, sam.email, PASSWORD, pages)
    pages.check(other)
    for seen in (other.content(),):
        assert SECRET not in seen and "afraid of their partner" not in seen
    other.get_by_role("link", name=LISTED_AS).click()
    expect(other.get_by_role("heading", name=TITLE)).to_be_visible()
    pages.check(other)
    assert SECRET not in other.content()
    expect(other.get_by_role("radio", name="Yes").first).not_to_be_checked()
    assert other.goto(f"{live_server}/portal/responses/{screen.responses[0].id}").status == 404
    pages.check(other)
