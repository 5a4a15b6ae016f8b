"""Signing in, a wrong password, and a session that timed out while someone was writing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from practice.auth.models import UserSession
from practice.db_types import utcnow
from practice.extensions import db
from practice.models import Response, SessionNote

from ..conftest import PASSWORD
from .conftest import PHONE, sign_in, submit_sign_in

SLUG = "preparing-for-counseling"
TITLE = "Getting Ready for Couples Counseling"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


def leave_idle(app, user, minutes: int = 32) -> None:
    """What walking away does to the server's record of a sign-in: it goes stale."""
    with app.app_context():
        db.session.execute(
            update(UserSession)
            .where(UserSession.user_id == user.id)
            .values(last_seen_at=utcnow() - timedelta(minutes=minutes))
        )
        db.session.commit()


def open_the_worksheet(phone, pages, live_server, user) -> None:
    """Sign in as the partner and open the worksheet from the portal, checking both pages."""
    sign_in(phone, live_server, user.email, PASSWORD, pages)
    expect(phone.get_by_role("heading", name="Hello, Jordan")).to_be_visible()
    pages.check(phone)
    phone.get_by_role("link", name=TITLE).click()
    expect(phone.get_by_role("heading", name=TITLE)).to_be_visible()
    pages.check(phone)


def test_a_wrong_password_is_refused_with_a_clear_message(
    open_window, pages, live_server, counselor
):
    page = open_window()
    page.goto(f"{live_server}/auth/sign-in")
    pages.check(page)
    page.get_by_label("Email").fill(counselor.email)
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Sign in").click()

    password = page.get_by_label("Password")
    expect(
        page.get_by_text("That email and password don't match an active account")
    ).to_be_visible()
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile("don't match"))
    expect(password).to_have_value("")  # never sent back to the page
    expect(page.get_by_label("Email")).to_have_value(counselor.email)  # kept: only retype one
    pages.check(page)

    password.fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Good to see you, Maya")).to_be_visible()
    pages.check(page)


def test_a_partner_idle_past_the_timeout_signs_in_again_and_keeps_the_draft(
    app, open_window, pages, live_server, case, make_assignment, make_client_account
):
    user = make_client_account(case, 1)
    response_id = make_assignment(case, SLUG).responses[0].id
    phone = open_window(PHONE)
    open_the_worksheet(phone, pages, live_server, user)
    why_now = phone.get_by_label("What made you decide to try counseling now?")
    why_now.fill("Started before the phone rang.")
    expect(phone.get_by_text(re.compile(r"Saved at \d\d:\d\d"))).to_be_visible()

    leave_idle(app, user)
    words = "Started before the phone rang. Finished an hour later."
    why_now.fill(words)
    notice = phone.get_by_text("You were signed out, so your latest changes aren't saved yet")
    expect(notice).to_be_visible()
    expect(why_now).to_have_value(words)
    pages.check(phone)

    with phone.context.expect_page() as opened:
        phone.get_by_role("link", name="Sign in again in a new tab").click()
    again = opened.value
    expect(again.get_by_role("heading", name="Sign in")).to_be_visible()
    submit_sign_in(again, user.email, PASSWORD)
    # The new tab comes back to the worksheet, the words written while signed out saved.
    expect(again.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(again.get_by_label("What made you decide to try counseling now?")).to_have_value(words)
    pages.check(again)
    again.close()

    phone.bring_to_front()
    phone.evaluate("window.dispatchEvent(new Event('focus'))")  # as coming back to the tab does
    expect(phone.get_by_text(re.compile(r"Saved at \d\d:\d\d"))).to_be_visible()
    expect(notice).to_be_hidden()
    phone.reload()
    expect(why_now).to_have_value(words)
    with app.app_context():
        assert db.session.get(Response, response_id).answers["why_now"] == words


def test_a_counselor_idle_past_the_timeout_reloads_signs_in_and_finds_the_note_kept(
    app, open_window, pages, live_server, counselor, case
):
    page = open_window()
    sign_in(page, live_server, counselor.email, PASSWORD, pages)
    expect(page.get_by_role("heading", name="Good to see you, Maya")).to_be_visible()
    pages.check(page)
    page.goto(f"{live_server}/cases/{case.id}")
    pages.check(page)
    page.get_by_role("link", name="Schedule a session").click()
    expect(page.get_by_label("Start time")).to_be_visible()
    pages.check(page)
    page.get_by_label("Start time").fill("09:00")
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.get_by_text("Session saved.")).to_be_visible()
    pages.check(page)
    page.get_by_role("button", name="Write the note").click()
    subjective = page.get_by_role("textbox", name=re.compile("^Subjective"))
    subjective.fill("Both arrived late and tense.")
    expect(page.get_by_text(re.compile(r"Saved at \d\d:\d\d"))).to_be_visible()
    pages.check(page)

    # Called away; back after lunch, the counselor adds a line, then reloads the page.
    leave_idle(app, counselor, minutes=45)
    words = "Both arrived late and tense. Sam left early for work."
    subjective.fill(words)
    expect(
        page.get_by_text("You were signed out, so your latest changes aren't saved yet")
    ).to_be_visible()
    page.reload()
    expect(
        page.get_by_text("you were signed out after 30 minutes without activity")
    ).to_be_visible()
    pages.check(page)
    submit_sign_in(page, counselor.email, PASSWORD)

    # Straight back to the note, with the line written while signed out saved after all.
    expect(subjective).to_have_value(words)
    expect(page.get_by_text(re.compile(r"Saved at \d\d:\d\d"))).to_be_visible()
    with app.app_context():
        note = db.session.scalar(select(SessionNote))
        assert note.sections["subjective"] == words


def test_without_javascript_a_partner_timed_out_while_writing_sends_the_words_after_signing_in(
    app, open_window, pages, live_server, case, make_assignment, make_client_account
):
    user = make_client_account(case, 1)
    response_id = make_assignment(case, SLUG).responses[0].id
    phone = open_window(PHONE, javascript=False)
    open_the_worksheet(phone, pages, live_server, user)

    leave_idle(app, user)
    words = "Written on the bus, with no signal half the way."
    phone.get_by_label("What made you decide to try counseling now?").fill(words)
    phone.get_by_role("button", name="Save draft").click()
    expect(
        phone.get_by_text("You were signed out, so your last changes haven't been saved")
    ).to_be_visible()
    pages.check(phone)
    submit_sign_in(phone, user.email, PASSWORD)

    expect(phone.get_by_role("heading", name="Nothing was lost")).to_be_visible()
    phone.get_by_text("See the text that will be sent").click()
    kept = phone.get_by_role("group").filter(has_text="See the text that will be sent")
    expect(kept.get_by_role("paragraph")).to_have_text([words])  # the words, nothing else
    pages.check(phone)
    phone.get_by_role("button", name="Send again").click()
    expect(phone.get_by_label("What made you decide to try counseling now?")).to_have_value(words)
    with app.app_context():
        assert db.session.get(Response, response_id).answers["why_now"] == words
