"""Fault injection: each fault a partner meets at home, and a count of the words that survive.

Every test types real keystrokes, breaks something on the way (a second tab, an expired
session, a reload, no network, a crashed server, a closed tab), and at the end compares the
characters typed with the characters in the database. The figure must be 0 lost; the
figures are printed at the end of the run ("characters typed against characters stored").
"""

from __future__ import annotations

import re
import time
from difflib import SequenceMatcher

import pytest
from playwright.sync_api import expect

from practice.extensions import db
from practice.models import Response

from ..conftest import PASSWORD
from .conftest import LOST_WORDS, sign_in, submit_sign_in
from .test_sign_in_journeys import leave_idle

SLUG = "preparing-for-counseling"
WHY_NOW = "#answer-why_now"
KEYSTROKE_MS = 15


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


@pytest.fixture
def partner(case, make_client_account, make_assignment):
    """Jordan's account and a fresh worksheet's response id."""
    return make_client_account(case, 1), make_assignment(case, SLUG).responses[0].id


def open_worksheet(open_window, base: str, partner):
    user, response_id = partner
    page = open_window(watched=False)
    sign_in(page, base, user.email, PASSWORD)
    page.goto(f"{base}/portal/responses/{response_id}")
    return page


def type_into(page, text: str) -> str:
    page.locator(WHY_NOW).press_sequentially(text, delay=KEYSTROKE_MS)
    return text


def stored(app, response_id: int) -> str:
    with app.app_context():
        return db.session.get(Response, response_id).answers.get("why_now") or ""


def stored_eventually(app, response_id: int, wanted: str, seconds: float = 15) -> str:
    """The stored text once it holds every word wanted, or as it is when time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        text = stored(app, response_id)
        if all(part in text for part in wanted.split("\n\n")) or time.monotonic() > deadline:
            return text
        time.sleep(0.25)


def count_lost(record_property, typed: list[str], text: str) -> int:
    """Characters typed that are not in the stored text, piece by piece, in order."""
    lost = 0
    for piece in typed:
        blocks = SequenceMatcher(None, piece, text, autojunk=False).get_matching_blocks()
        lost += len(piece) - sum(block.size for block in blocks)
    total = sum(len(piece) for piece in typed)
    record_property(LOST_WORDS, f"typed {total}, stored {total - lost}, lost {lost}")
    return lost


def saved(page) -> None:
    expect(page.locator("[data-save-status]")).to_have_text(re.compile("Saved at"))


def test_two_tabs_typing_at_once(app, open_window, live_server, partner, record_property):
    _, response_id = partner
    first = open_worksheet(open_window, live_server, partner)
    second = first.context.new_page()
    second.goto(first.url)
    mine = type_into(first, "First tab: we want to stop going round in circles.")
    theirs = type_into(second, "Second tab: and to feel like a team again.")
    resolver = second.locator("[data-conflict]")
    expect(resolver).to_be_visible()
    resolver.get_by_role("button", name="Keep both").click()
    saved(second)

    text = stored_eventually(app, response_id, mine + "\n\n" + theirs)
    lost = count_lost(record_property, [mine, theirs], text)
    assert lost == 0, f"{lost} characters lost: {text!r}"


def test_session_expires_while_typing(app, open_window, live_server, partner, record_property):
    user, response_id = partner
    page = open_worksheet(open_window, live_server, partner)
    typed = [type_into(page, "Before lunch I wrote this.")]
    saved(page)
    leave_idle(app, user)
    typed.append(type_into(page, " After lunch, signed out, I wrote this."))
    expect(page.locator("[data-signed-out]")).to_be_visible()
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Sign in again in a new tab").click()
    again = opened.value
    submit_sign_in(again, user.email, PASSWORD)
    saved(again)
    again.close()
    page.bring_to_front()
    typed.append(type_into(page, " And this, back in the first tab."))
    saved(page)

    text = stored_eventually(app, response_id, "".join(typed))
    lost = count_lost(record_property, typed, text)
    assert lost == 0, f"{lost} characters lost: {text!r}"


def test_reload_before_the_save(app, open_window, live_server, partner, record_property):
    _, response_id = partner
    page = open_worksheet(open_window, live_server, partner)
    warnings = []

    def leave_anyway(dialog) -> None:
        warnings.append(dialog.type)
        dialog.accept()

    page.on("dialog", leave_anyway)
    typed = type_into(page, "Typed in a hurry, then the page was reloaded at once.")
    page.reload()  # well inside the 2.5 s before the save
    expect(page.locator(WHY_NOW)).to_have_value(typed)
    saved(page)

    assert warnings == ["beforeunload"]  # the browser asked before leaving unsaved words
    text = stored_eventually(app, response_id, typed)
    lost = count_lost(record_property, [typed], text)
    assert lost == 0, f"{lost} characters lost: {text!r}"


def test_a_reload_that_overtakes_its_own_save(
    app, open_window, live_server, partner, record_property
):
    """The reload's page is read before the save begun on leaving lands, and that save's
    answer still reaches the old page: the new page must show the words all the same.

    A race seen in CI: held here at each step, so it happens every time.
    """
    _, response_id = partner
    page = open_worksheet(open_window, live_server, partner)
    page.on("dialog", lambda dialog: dialog.accept())
    held, released = [], []

    def hold_the_save(route) -> None:
        if released:
            route.continue_()
        else:
            held.append(route)

    def a_page_read_too_soon(route) -> None:
        if not route.request.is_navigation_request():
            route.continue_()
            return
        page_read_before_the_save = route.fetch()
        released.append(True)
        for save in held:
            save.continue_()
        time.sleep(1)  # the save lands, and its answer reaches the page being left
        route.fulfill(response=page_read_before_the_save)

    page.route(f"**/portal/responses/{response_id}/autosave", hold_the_save)
    page.route(f"**/portal/responses/{response_id}", a_page_read_too_soon)
    typed = type_into(page, "Typed, then reloaded before the save came back.")
    page.reload()
    assert released, "the reload did not go through the held page"
    expect(page.locator(WHY_NOW)).to_have_value(typed)
    saved(page)

    text = stored_eventually(app, response_id, typed)
    lost = count_lost(record_property, [typed], text)
    assert lost == 0, f"{lost} characters lost: {text!r}"


def test_network_offline_for_ten_seconds(app, open_window, live_server, partner, record_property):
    _, response_id = partner
    page = open_worksheet(open_window, live_server, partner)
    typed = [type_into(page, "On the bus, with signal.")]
    saved(page)
    page.context.set_offline(True)
    typed.append(type_into(page, " In the tunnel, with none at all."))
    expect(page.locator("[data-save-status]")).to_have_text(re.compile("You're offline"))
    page.wait_for_timeout(10_000)
    page.context.set_offline(False)
    saved(page)

    text = stored_eventually(app, response_id, "".join(typed))
    lost = count_lost(record_property, typed, text)
    assert lost == 0, f"{lost} characters lost: {text!r}"


def test_server_killed_and_restarted(
    app, open_window, restartable_server, partner, record_property
):
    _, response_id = partner
    page = open_worksheet(open_window, restartable_server.url, partner)
    typed = [type_into(page, "Written while all was well.")]
    saved(page)
    restartable_server.stop()
    typed.append(type_into(page, " Written while the server was down."))
    status = page.locator("[data-save-status]")
    expect(status).to_have_text(re.compile("the server could not be reached"))
    page.wait_for_timeout(3000)
    restartable_server.start()
    saved(page)

    text = stored_eventually(app, response_id, "".join(typed))
    lost = count_lost(record_property, typed, text)
    assert lost == 0, f"{lost} characters lost: {text!r}"


def test_tab_closed_mid_typing(app, open_window, live_server, partner, record_property):
    _, response_id = partner
    page = open_worksheet(open_window, live_server, partner)
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?": yes
    typed = type_into(page, "The last thing I typed before I closed the tab.")
    page.close(run_before_unload=True)

    text = stored_eventually(app, response_id, typed)
    lost = count_lost(record_property, [typed], text)
    assert lost == 0, f"{lost} characters lost: {text!r}"
