"""The four ways words were lost in issue 13, each as a person would meet it in a browser.

Each of these failed on the code before the fix (see the commit that added them)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from practice.extensions import db
from practice.models import Response

from ..conftest import PASSWORD
from .conftest import sign_in, submit_sign_in
from .test_sign_in_journeys import leave_idle

SLUG = "preparing-for-counseling"
TITLE = "Getting Ready for Couples Counseling"
WHY_NOW = "#answer-why_now"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


@pytest.fixture
def jordan(open_window, live_server, case, make_client_account, make_assignment):
    """Jordan signed in, the worksheet's response id and URL; the window is not on it yet."""
    user = make_client_account(case, 1)
    response_id = make_assignment(case, SLUG).responses[0].id
    page = open_window(watched=False)
    sign_in(page, live_server, user.email, PASSWORD)
    return user, page, response_id, f"{live_server}/portal/responses/{response_id}"


def stored_answer(app, response_id: int, prompt: str = "why_now"):
    with app.app_context():
        return db.session.get(Response, response_id).answers.get(prompt)


def kept_copies(page) -> list[str]:
    """The words this browser still holds back for a later save."""
    return page.evaluate(
        "[...Object.keys(sessionStorage), ...Object.keys(localStorage)]"
        ".filter((key) => key.startsWith('trustwork-'))"
    )


def test_after_reloading_the_newest_version_the_stale_tab_saves_again(app, jordan):
    _, first, response_id, url = jordan
    second = first.context.new_page()
    first.goto(url)
    second.goto(url)
    # Both tabs have words not saved yet; the first one's save lands first (the second's is
    # held back, however slow the machine is between the two keystrokes).
    held = []

    def hold_the_first_save(route) -> None:
        if not held:
            held.append(route.request.url)
            route.request.frame.page.wait_for_timeout(6000)
        route.continue_()

    second.route("**/autosave", hold_the_first_save)
    second.locator(WHY_NOW).fill("Written in the second tab, now stale.")
    first.locator(WHY_NOW).fill("Written in the first tab.")
    expect(first.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    # the held save takes 6 s before it can even meet the conflict
    expect(second.locator("[data-conflict]")).to_be_visible(timeout=30_000)

    second.unroute("**/autosave")
    second.get_by_role("link", name="reload the newest version").click()
    expect(second.locator(WHY_NOW)).to_have_value("Written in the first tab.")
    expect(second.locator("[data-conflict]")).to_be_hidden()
    words = "Written in the first tab. Then more, from the second tab."
    second.locator(WHY_NOW).fill(words)
    expect(second.locator("[data-conflict]")).to_be_hidden()
    # "Saved at" may already show the reloaded version's time: wait for the words instead.
    for _ in range(150):
        if stored_answer(app, response_id) == words:
            break
        second.wait_for_timeout(100)
    assert stored_answer(app, response_id) == words
    expect(second.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    assert kept_copies(second) == []


def test_save_draft_when_signed_out_goes_to_sign_in_at_once_and_keeps_the_words(app, jordan):
    user, page, response_id, url = jordan
    page.goto(url)
    leave_idle(app, user)
    words = "Typed after the session ran out, then saved by the button."
    page.locator(WHY_NOW).fill(words)
    page.get_by_role("button", name="Save draft").click()

    # At once, not after a wait: the sign-in page, carrying the words.
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=3000)
    expect(page.get_by_text("your last changes haven't been saved yet")).to_be_visible()
    submit_sign_in(page, user.email, PASSWORD)

    # Straight back to the worksheet, the words in place and saved.
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator(WHY_NOW)).to_have_value(words)
    expect(page.get_by_text(re.compile(r"^Saved at \d\d:\d\d\.$"))).to_be_visible()
    assert stored_answer(app, response_id) == words


def test_signing_in_again_in_a_new_tab_comes_back_to_the_page_with_the_words_saved(app, jordan):
    user, page, response_id, url = jordan
    page.goto(url)
    page.locator(WHY_NOW).fill("Started it.")
    expect(page.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    leave_idle(app, user)
    words = "Started it. Then the session ran out while I was writing."
    page.locator(WHY_NOW).fill(words)
    expect(page.locator("[data-signed-out]")).to_be_visible()

    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Sign in again in a new tab").click()
    again = opened.value
    submit_sign_in(again, user.email, PASSWORD)
    # Back on the worksheet, not on "My worksheets", with the unsaved words saved.
    expect(again.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(again.locator(WHY_NOW)).to_have_value(words)
    expect(again.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    assert stored_answer(app, response_id) == words

    # The first tab carries on where it was: no conflict, and what it types is saved.
    page.bring_to_front()
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(page.locator("[data-signed-out]")).to_be_hidden()
    more = words + " Back in the first tab."
    page.locator(WHY_NOW).fill(more)
    expect(page.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    expect(page.locator("[data-conflict]")).to_be_hidden()
    assert stored_answer(app, response_id) == more
    # The other tab follows, rather than becoming the stale one.
    expect(again.locator(WHY_NOW)).to_have_value(more)


def test_with_the_server_down_the_page_says_it_could_not_be_reached(app, jordan):
    _, page, response_id, url = jordan
    page.goto(url)
    page.route("**/autosave", lambda route: route.abort("connectionrefused"))
    words = "Written while the server was down."
    page.locator(WHY_NOW).fill(words)
    status = page.locator("[data-save-status]")
    expect(status).to_have_text(re.compile("the server could not be reached"))
    expect(status).not_to_have_text(re.compile("no connection"))

    page.unroute("**/autosave")
    page.context.set_offline(True)
    page.locator(WHY_NOW).fill(words + " And offline.")
    expect(status).to_have_text(re.compile("You're offline"))
    page.context.set_offline(False)
    expect(status).to_have_text(re.compile("Saved at"))
    assert stored_answer(app, response_id) == words + " And offline."
