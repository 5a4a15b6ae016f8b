"""Autosave at its edges in a real browser: two tabs, a save in flight, a sign-out mid-typing.

The pages here are looked at (axe, phone layout) by the journeys; these tests are about
what happens to the words."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ..conftest import PASSWORD
from .conftest import sign_in

SLUG = "preparing-for-counseling"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


@pytest.fixture
def jordan(open_window, live_server, case, make_client_account, make_assignment):
    """Jordan signed in, and a fresh worksheet's URL; the window is not on it yet."""
    user = make_client_account(case, 1)
    response_id = make_assignment(case, SLUG).responses[0].id
    page = open_window(watched=False)
    sign_in(page, live_server, user.email, PASSWORD)
    return user, page, f"{live_server}/portal/responses/{response_id}"


def test_two_tabs_follow_each_other_instead_of_conflicting(jordan):
    _, first, url = jordan
    second = first.context.new_page()
    first.goto(url)
    second.goto(url)
    first.locator("#answer-why_now").fill("Written in the first tab.")
    expect(first.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    # The other tab, with nothing unsaved of its own, shows the newest words without a reload.
    expect(second.locator("#answer-why_now")).to_have_value("Written in the first tab.")
    second.locator("#answer-why_now").fill("Written in the first tab, then the second.")
    expect(second.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    expect(first.locator("#answer-why_now")).to_have_value(
        "Written in the first tab, then the second."
    )
    expect(second.locator("[data-conflict]")).to_be_hidden()
    expect(first.locator("[data-conflict]")).to_be_hidden()


def answer_slowly(route) -> None:
    reply = route.fetch()
    route.request.frame.page.wait_for_timeout(400)
    route.fulfill(response=reply)


def test_pressing_save_while_a_save_is_in_flight_is_not_a_conflict(jordan):
    _, page, worksheet_url = jordan
    # The server has the autosave and answers slowly: the save is truly in flight.
    page.route("**/autosave", answer_slowly)
    page.goto(worksheet_url)
    page.locator("#answer-why_now").fill("Typed, then saved at once.")
    page.locator("#answer-why_now").blur()  # starts an autosave, slowed down above
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile(r"Saved at \d\d:\d\d\."))).to_be_visible()
    expect(page.get_by_text("newer version")).to_have_count(0)
    expect(page.locator("#answer-why_now")).to_have_value("Typed, then saved at once.")


def test_signed_out_while_typing_loses_nothing(jordan, live_server):
    user, page, worksheet_url = jordan
    page.goto(worksheet_url)
    # Another tab signs out (as the 30-minute idle timeout would).
    other = page.context.new_page()
    other.goto(f"{live_server}/portal/")
    other.get_by_text("Jordan Ellis", exact=True).click()
    other.get_by_role("button", name="Sign out").click()

    words = "Words typed after the session ended."
    page.locator("#answer-why_now").fill(words)
    expect(page.locator("[data-signed-out]")).to_be_visible()
    expect(page.locator("#answer-why_now")).to_have_value(words)

    # Signing in again in the other tab, then coming back, saves what was kept.
    sign_in(other, live_server, user.email, PASSWORD)
    expect(other.get_by_role("heading", name="Hello, Jordan")).to_be_visible()
    page.bring_to_front()
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(page.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    page.reload()
    expect(page.locator("#answer-why_now")).to_have_value(words)
