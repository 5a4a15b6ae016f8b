"""Both journeys in a real browser: the counselor assigns and invites; the partner accepts,
answers over two sittings with a reload in between, and submits; the counselor reviews."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from ..conftest import PASSWORD
from .conftest import sign_in

SLUG = "preparing-for-counseling"
NEW_PASSWORD = "a lantern in the window"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


def fill_every_prompt(page) -> None:
    """Answer each prompt the way a person would: type, tap a number, tick a box."""
    for wrapper in page.locator("[data-prompt-id]").all():
        # Scroll as a person would, so the sticky save bar never sits over the field.
        wrapper.evaluate("el => el.scrollIntoView({block: 'center'})")
        kind = wrapper.get_attribute("data-prompt-kind")
        if kind in ("short_text", "long_text"):
            field = wrapper.locator("input[type=text], textarea").first
            if not field.input_value():
                field.fill("Something honest and specific.")
        elif kind == "list":
            for entry in wrapper.locator("input[type=text]").all():
                if not entry.input_value():
                    entry.fill("One small step")
        elif kind in ("scale", "choice", "yes_no"):
            wrapper.locator("label").nth(1).click()
        elif kind == "checklist":
            wrapper.locator("input[type=checkbox]").first.check()


def accessibility_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} at {[node['target'] for node in v['nodes']][:5]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_counselor_and_partner_journeys(browser, live_server, counselor, case, width, shoot):
    counselor_view = browser.new_context(viewport={"width": width, "height": 900})
    page = counselor_view.new_page()
    sign_in(page, live_server, counselor.email, PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Good to see you"))).to_be_visible()

    # The counselor invites Jordan and assigns a worksheet from the case page.
    page.goto(f"{live_server}/cases/{case.id}")
    shoot(page, "case")
    page.locator(".partner").first.get_by_role("button", name="Invite to the portal").click()
    link = page.locator("#invite-link").input_value()
    assert "/portal/welcome/" in link
    page.goto(f"{live_server}/cases/{case.id}")
    page.get_by_role("link", name="Assign a worksheet").first.click()
    page.select_option("#worksheet", SLUG)
    page.fill("#instructions", "Take your time; we will talk it through on Thursday.")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("assigned.")).to_be_visible()
    assignment_url = page.url

    # Jordan accepts the invitation on a phone or laptop.
    partner_view = browser.new_context(viewport={"width": width, "height": 900})
    jordan = partner_view.new_page()
    jordan.goto(link)
    expect(jordan.get_by_role("heading", name="Welcome, Jordan")).to_be_visible()
    jordan.fill("#new_password", NEW_PASSWORD)
    jordan.fill("#confirm", NEW_PASSWORD)
    jordan.get_by_role("button", name="Create my account").click()
    expect(jordan.get_by_role("heading", name="Hello, Jordan")).to_be_visible()
    assert accessibility_violations(jordan) == []
    shoot(jordan, "portal-home")

    # First sitting: a few words, saved automatically.
    jordan.get_by_role("link", name="Getting Ready for Couples Counseling").click()
    first_words = "We keep having the same fight about the phone."
    jordan.locator("#answer-why_now").fill(first_words)
    expect(jordan.locator("[data-save-status]")).to_have_text(re.compile(r"Saved at \d\d:\d\d"))
    assert accessibility_violations(jordan) == []

    # Second sitting, after a reload: the words are still there.
    jordan.reload()
    expect(jordan.locator("#answer-why_now")).to_have_value(first_words)
    fill_every_prompt(jordan)
    expect(jordan.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    shoot(jordan, "portal-worksheet")
    jordan.get_by_role("button", name="Submit to my counselor").click()
    expect(jordan.get_by_text("Your answers were submitted")).to_be_visible()

    # The counselor reviews: Jordan's words, and Sam still to come.
    page.goto(assignment_url)
    expect(page.get_by_text(first_words).first).to_be_visible()
    expect(page.get_by_text("Not submitted yet").first).to_be_visible()
    assert accessibility_violations(page) == []
    shoot(page, "review")
    counselor_view.close()
    partner_view.close()


def test_two_tabs_never_overwrite_each_other(
    browser, live_server, case, make_client_account, make_assignment
):
    user = make_client_account(case, 1)
    response_id = make_assignment(case, SLUG).responses[0].id
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    sign_in(first, live_server, user.email, PASSWORD)
    url = f"{live_server}/portal/responses/{response_id}"
    first.goto(url)
    second.goto(url)
    first.locator("#answer-why_now").fill("Written in the first tab.")
    expect(first.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    second.locator("#answer-why_now").fill("Written in the second tab, which is now stale.")
    expect(second.locator("[data-conflict]")).to_be_visible()
    # The stale tab keeps its words on screen and offers them to copy.
    expect(second.locator("#answer-why_now")).to_have_value(
        "Written in the second tab, which is now stale."
    )
    expect(second.locator("[data-conflict-text]")).to_have_value(re.compile("second tab"))
    # Reloading the stale tab (as its notice suggests) shows the newest text, and offers the
    # kept words to copy: they are never saved over the newer version.
    second.reload()
    expect(second.locator("#answer-why_now")).to_have_value("Written in the first tab.")
    expect(second.locator("[data-conflict]")).to_be_visible()
    expect(second.locator("[data-conflict-text]")).to_have_value(re.compile("second tab"))
    second.wait_for_timeout(3500)  # longer than the autosave delay
    first.reload()
    expect(first.locator("#answer-why_now")).to_have_value("Written in the first tab.")
    context.close()


def test_pressing_save_while_a_save_is_in_flight_is_not_a_conflict(
    browser, live_server, case, make_client_account, make_assignment
):
    user = make_client_account(case, 1)
    response_id = make_assignment(case, SLUG).responses[0].id
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server, user.email, PASSWORD)
    page.route("**/autosave", lambda route: (page.wait_for_timeout(400), route.continue_()))
    page.goto(f"{live_server}/portal/responses/{response_id}")
    page.locator("#answer-why_now").fill("Typed, then saved at once.")
    page.locator("#answer-why_now").blur()  # starts an autosave, slowed down above
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile(r"Saved at \d\d:\d\d\."))).to_be_visible()
    expect(page.get_by_text("newer version")).to_have_count(0)
    expect(page.locator("#answer-why_now")).to_have_value("Typed, then saved at once.")
    context.close()


def test_signed_out_while_typing_loses_nothing(
    browser, live_server, case, make_client_account, make_assignment
):
    user = make_client_account(case, 1)
    response_id = make_assignment(case, SLUG).responses[0].id
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server, user.email, PASSWORD)
    page.goto(f"{live_server}/portal/responses/{response_id}")
    # Another tab signs out (as the 30-minute idle timeout would).
    other = context.new_page()
    other.goto(f"{live_server}/portal/")
    other.get_by_text("Jordan Ellis").click()
    other.get_by_role("button", name="Sign out").click()

    words = "Words typed after the session ended."
    page.locator("#answer-why_now").fill(words)
    expect(page.locator("[data-signed-out]")).to_be_visible()
    expect(page.locator("#answer-why_now")).to_have_value(words)

    # Signing in again in the other tab, then coming back, saves what was kept.
    sign_in(other, live_server, user.email, PASSWORD)
    page.bring_to_front()
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(page.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))
    page.reload()
    expect(page.locator("#answer-why_now")).to_have_value(words)
    context.close()
