"""The new prompt kinds in a real browser on a 390 px phone: a grid filled in by tapping,
saved as it is filled, and an agreement signed (a date in the future refused beside it)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from practice.db_types import utcnow
from practice.extensions import db
from practice.models import Response

from ..conftest import PASSWORD
from .conftest import DESKTOP, PHONE, sign_in

TRACKER = "Words and Actions Tracker"
AGREEMENT = "Our Transparency Agreement"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


def answers_of(app, response_id: int) -> dict:
    with app.app_context():
        return dict(db.session.get(Response, response_id).answers)


def test_a_partner_fills_in_the_tracker_grid_and_signs_the_agreement_on_a_phone(
    app, open_window, pages, live_server, case, make_assignment, make_client_account
):
    user = make_client_account(case, 1)
    tracker = make_assignment(case, "words-and-actions-tracker").responses[0]
    (agreement,) = make_assignment(case, "transparency-agreement").responses

    phone = open_window(PHONE)
    sign_in(phone, live_server, user.email, PASSWORD, pages)
    expect(phone.get_by_role("heading", name="Hello, Jordan")).to_be_visible()
    pages.check(phone)
    phone.get_by_role("link", name=TRACKER).click()
    expect(phone.get_by_role("heading", name=TRACKER)).to_be_visible()
    pages.check(phone)  # no sideways scrolling, big enough targets, axe-clean

    grid = phone.get_by_role("group", name=re.compile("^Each day, did you keep"))
    grid.get_by_role("radio", name="Day 1: Kept them all").check()
    grid.get_by_role("radio", name="Day 2: Kept some").check()
    grid.get_by_role("radio", name="Day 2: Not sure").check()  # one per row: this replaces it
    notes = phone.get_by_role("group", name=re.compile("^For the days you want to remember"))
    notes.get_by_label("Day 1: What I promised").fill("Home by six")
    expect(phone.get_by_text(re.compile(r"Saved at \d\d:\d\d"))).to_be_visible()
    saved = answers_of(app, tracker.id)
    assert saved["days"][:2] == ["Kept them all", "Not sure"]
    assert saved["day_notes"][0][0] == "Home by six"

    phone.reload()
    expect(grid.get_by_role("radio", name="Day 2: Not sure")).to_be_checked()
    expect(notes.get_by_label("Day 1: What I promised")).to_have_value("Home by six")
    row = phone.locator(".matrix__row").first.bounding_box()
    assert row["width"] <= 390 and row["height"] > 100  # a row is a stacked group, not a strip

    phone.get_by_role("link", name="My worksheets").first.click()
    phone.get_by_role("link", name=AGREEMENT).click()
    expect(phone.get_by_role("heading", name=AGREEMENT)).to_be_visible()
    pages.check(phone)
    mine = phone.get_by_label(re.compile(r"^Jordan \(you write here\)"))
    expect(mine).to_be_editable()
    expect(phone.get_by_label(re.compile(r"^Sam \(only Sam can write here\)"))).to_be_disabled()

    mine.fill("Jordan Ellis")
    future = (utcnow() + timedelta(days=9)).date().isoformat()
    phone.locator("#answer-signed-1-date").fill(future)
    phone.get_by_role("button", name="Save draft").click()
    expect(phone.get_by_text("The date can't be in the future.")).to_be_visible()
    expect(mine).to_have_value("Jordan Ellis")  # nothing typed is lost
    pages.check(phone)

    today = utcnow().date().isoformat()
    phone.locator("#answer-signed-1-date").fill(today)
    phone.get_by_role("button", name="Save draft").click()
    expect(phone.get_by_role("alert").or_(phone.locator(".flash--success"))).to_contain_text(
        re.compile(r"Saved at \d\d:\d\d")
    )
    assert answers_of(app, agreement.id)["signed"] == {"1": {"name": "Jordan Ellis", "date": today}}

    # The same grid on a laptop is a table: one row, all its boxes side by side.
    laptop = open_window(DESKTOP)
    sign_in(laptop, live_server, user.email, PASSWORD, pages)
    expect(laptop.get_by_role("heading", name="Hello, Jordan")).to_be_visible()
    pages.check(laptop)
    laptop.goto(f"{live_server}/portal/responses/{tracker.id}")
    expect(laptop.get_by_role("columnheader", name="Kept them all").first).to_be_visible()
    first_row = laptop.locator(".matrix__row").first.bounding_box()
    assert first_row["height"] < 70
    pages.check(laptop)
