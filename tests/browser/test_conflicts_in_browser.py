"""Words saved in two places at once: the person chooses, field by field, and nothing is lost.

Also the counselor's editors: the session note and the review's feedback boxes keep the
same promises as the worksheet."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from practice.db_types import utcnow
from practice.extensions import db
from practice.models import Response, ResponseStatus, SessionNote

from ..conftest import PASSWORD
from ..notes.records import add_note, add_session
from .conftest import PHONE, sign_in, submit_sign_in
from .looking import accessibility_faults
from .test_sign_in_journeys import leave_idle

SLUG = "preparing-for-counseling"
WHY_NOW = "What made you decide to try counseling now?"
FIRST_TOPIC = "If you could only talk about one thing in the next session, what would it be?"
KNOW = "What do you want your counselor to know about you"
HOPE_1 = "Entry 1"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


def kept_copies(page) -> list[str]:
    return page.evaluate(
        "[...Object.keys(sessionStorage), ...Object.keys(localStorage)]"
        ".filter((key) => key.startsWith('trustwork-'))"
    )


def look_at(page, locator, name: str) -> None:
    """The resolver as a person sees it, when screenshots are asked for (SCREENSHOT_DIR)."""
    if folder := os.environ.get("SCREENSHOT_DIR"):
        locator.scroll_into_view_if_needed()
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(folder) / f"{name}-{page.viewport_size['width']}.png")


def test_a_conflict_between_two_devices_is_settled_field_by_field_by_keyboard_on_a_phone(
    app, open_window, pages, live_server, case, make_client_account, make_assignment
):
    user = make_client_account(case, 1)
    response_id = make_assignment(case, SLUG).responses[0].id
    url = f"{live_server}/portal/responses/{response_id}"
    laptop = open_window()
    sign_in(laptop, live_server, user.email, PASSWORD, pages)
    pages.check(laptop)
    laptop.goto(url)
    pages.check(laptop)
    phone = open_window(PHONE)
    sign_in(phone, live_server, user.email, PASSWORD, pages)
    pages.check(phone)
    phone.goto(url)
    pages.check(phone)

    # The laptop saves first; the phone, opened before, wrote over the same answers.
    laptop.get_by_label(WHY_NOW).fill("Laptop: we stopped talking.")
    laptop.get_by_label(FIRST_TOPIC).fill("Money")
    laptop.get_by_label(KNOW).fill("Laptop: my father left when I was nine.")
    expect(laptop.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    phone.bring_to_front()  # the phone in hand: its page has the keyboard focus
    phone.get_by_label(WHY_NOW).fill("Phone: the trust is gone.")
    phone.get_by_label(FIRST_TOPIC).fill("Time together")
    phone.get_by_label(KNOW).fill("Phone: I work nights.")
    phone.get_by_label(HOPE_1).fill("Calmer evenings")  # only the phone wrote this one

    resolver = phone.locator("[data-conflict]")
    expect(resolver).to_be_visible()
    expect(phone.locator("[data-save-status]")).to_have_text(re.compile("Choose what to keep"))
    # Still typing: the focus stays in the field (no key is lost), and the status bar holds
    # the way to the choices.
    expect(phone.get_by_label(HOPE_1)).to_be_focused()
    jump = phone.get_by_role("button", name="Choose what to keep")
    jump.focus()
    phone.keyboard.press("Enter")
    expect(resolver).to_be_focused()
    why = resolver.get_by_role("group", name=WHY_NOW)
    expect(why).to_contain_text("Phone: the trust is gone.")
    expect(why).to_contain_text("Laptop: we stopped talking.")
    expect(resolver.get_by_role("group")).to_have_count(3)  # not the entry only one side wrote
    pages.check(phone)  # axe, and on a 390 px phone: no sideways scroll, 44 px targets
    look_at(phone, why, "conflict-resolver")

    # By keyboard alone: the first choice of each field is one Tab from the last.
    phone.keyboard.press("Tab")
    expect(why.get_by_role("button", name="Keep mine")).to_be_focused()
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    expect(why.get_by_role("button", name="Keep both")).to_be_focused()
    phone.keyboard.press("Enter")
    topic = resolver.get_by_role("group", name=FIRST_TOPIC)
    expect(topic.get_by_role("button", name="Keep mine")).to_be_focused()
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")  # use the saved one
    know = resolver.get_by_role("group", name=re.compile(KNOW))
    expect(know.get_by_role("button", name="Keep mine")).to_be_focused()
    phone.keyboard.press("Enter")

    expect(resolver).to_be_hidden()
    expect(phone.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    expect(phone.get_by_label(WHY_NOW)).to_have_value(
        "Laptop: we stopped talking.\n\nPhone: the trust is gone."
    )
    assert kept_copies(phone) == []
    pages.check(phone)
    with app.app_context():
        answers = db.session.get(Response, response_id).answers
    assert answers["why_now"] == "Laptop: we stopped talking.\n\nPhone: the trust is gone."
    assert answers["first_topic"] == "Money"
    assert answers["counselor_should_know"] == "Phone: I work nights."
    assert [entry for entry in answers["hope_for"] if entry] == ["Calmer evenings"]

    # Autosave runs again on the newest version: no second conflict.
    phone.get_by_label(HOPE_1).fill("Calmer evenings, and laughing again")
    expect(phone.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    expect(resolver).to_be_hidden()


def test_the_note_editor_settles_a_conflict_between_two_windows(
    app, open_window, live_server, counselor, case
):
    session_id = add_session(app, case)
    add_note(app, session_id, sections={"subjective": "Both arrived on time.", "plan": ""})
    url = f"{live_server}/sessions/{session_id}/note"
    windows = []
    for _ in range(2):
        window = open_window(watched=False)
        sign_in(window, live_server, counselor.email, PASSWORD)
        window.goto(url)
        windows.append(window)
    desk, tablet = windows
    subjective = re.compile("^Subjective")
    desk.get_by_role("textbox", name=subjective).fill("Both arrived on time. Sam spoke first.")
    tablet.get_by_role("textbox", name=subjective).fill("Both arrived on time. Jordan cried.")
    expect(desk.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))

    resolver = tablet.locator("[data-conflict]")
    expect(resolver).to_be_visible()
    assert accessibility_faults(tablet) == []
    look_at(tablet, resolver, "conflict-resolver-note")
    resolver.get_by_role("button", name="Keep both").click()
    expect(tablet.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    both = "Both arrived on time. Sam spoke first.\n\nBoth arrived on time. Jordan cried."
    with app.app_context():
        assert db.session.scalar(select(SessionNote)).sections["subjective"] == both


def test_feedback_saves_as_it_is_typed_and_comes_back_after_signing_in_again(
    app, open_window, live_server, counselor, case, make_client_account, make_assignment
):
    make_client_account(case, 1)
    assignment = make_assignment(case, SLUG)
    response_id = assignment.responses[0].id
    with app.app_context():
        response = db.session.get(Response, response_id)
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = utcnow()
        db.session.commit()
    page = open_window(watched=False)
    sign_in(page, live_server, counselor.email, PASSWORD)
    page.goto(f"{live_server}/assignments/{assignment.id}")
    feedback = page.get_by_role("textbox", name=re.compile("Feedback for this partner")).first
    feedback.fill("Thank you for writing so openly.")
    form = page.locator("form", has=feedback)
    expect(form.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))

    leave_idle(app, counselor, minutes=45)
    words = "Thank you for writing so openly. Let's start with the second answer."
    feedback.fill(words)
    expect(form.locator("[data-signed-out]")).to_be_visible()
    with page.context.expect_page() as opened:
        form.get_by_role("link", name="Sign in again in a new tab").click()
    again = opened.value
    submit_sign_in(again, counselor.email, PASSWORD)
    again_feedback = again.get_by_role("textbox", name=re.compile("Feedback for this partner"))
    expect(again_feedback.first).to_have_value(words)
    expect(again.locator("[data-save-status]").first).to_have_text(re.compile("Saved at"))
    with app.app_context():
        response = db.session.get(Response, response_id)
        assert response.feedback == words
        assert response.status == ResponseStatus.SUBMITTED  # typing never marks it reviewed
    page.bring_to_front()
    expect(form.locator("[data-signed-out]")).to_be_hidden()
