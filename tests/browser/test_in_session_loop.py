"""The in-session loop in a real browser (issue 13), counting clicks from the dashboard.

A click is any press on a link or button and any pick from a list; typing is not counted.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from practice.clock import practice_zone
from practice.db_types import utcnow
from practice.extensions import db
from practice.models import Assignment, ResponseStatus, SessionNote, TherapySession

from ..conftest import PASSWORD
from ..homework.helpers import submit_through_the_portal
from ..notes.records import add_session
from .conftest import PHONE, sign_in

SLUG = "preparing-for-counseling"
TITLE = "Getting Ready for Couples Counseling"
NEXT = "Naming the Trust Problem"
CLICK_GOAL = 10
PDF_TIMEOUT_MS = 30_000


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


@pytest.fixture
def todays_session(app, case) -> int:
    """A session that began a little while ago today (at most just after local midnight)."""
    with app.app_context():
        local = utcnow().astimezone(practice_zone())
    midnight = local.replace(hour=0, minute=1, second=0, microsecond=0)
    starts = max(local - timedelta(minutes=30), midnight)
    return add_session(app, case, starts_at=starts, status="scheduled")


@pytest.fixture
def both_submitted(app, case, make_assignment, make_client_account):
    assignment = make_assignment(case, SLUG)
    partners = [make_client_account(case, position) for position in (1, 2)]
    submit_through_the_portal(app, assignment, partners)
    return assignment


class Clicks:
    def __init__(self) -> None:
        self.done: list[str] = []

    def click(self, locator, what: str, **kwargs) -> None:
        locator.click(**kwargs)
        self.done.append(what)

    def choose(self, locator, what: str, **option) -> None:
        locator.select_option(**option)
        self.done.append(what)


def test_the_loop_takes_ten_clicks_or_fewer_from_the_dashboard(
    app, open_window, pages, live_server, counselor, case, todays_session, both_submitted
):
    page = open_window()
    sign_in(page, live_server, counselor.email, PASSWORD, pages)
    expect(page.get_by_role("heading", name=re.compile("Good to see you"))).to_be_visible()
    pages.check(page)
    clicks = Clicks()

    today = page.get_by_role("region", name="Today")
    clicks.click(today.get_by_role("link", name=case.display_name), "open the case")
    expect(
        page.get_by_role("heading", name=re.compile(re.escape(case.display_name)))
    ).to_be_visible()
    pages.check(page)

    worksheets = page.get_by_role("region", name="Worksheets")
    clicks.click(worksheets.get_by_role("link", name=TITLE), "review both partners' answers")
    expect(page.get_by_role("heading", name="Answers side by side")).to_be_visible()
    pages.check(page)
    # On a laptop the names head the columns; a screen reader still hears them in each cell.
    why_now = page.get_by_role("group", name="What made you decide to try counseling now?")
    for name in ("Jordan Ellis", "Sam Whitaker"):
        expect(why_now.get_by_role("group", name=name)).to_have_count(1)

    clicks.click(page.get_by_role("button", name="Mark both as reviewed"), "mark reviewed")
    expect(page.get_by_text("Marked as reviewed: Jordan and Sam.")).to_be_visible()
    pages.check(page)

    clicks.click(page.get_by_role("link", name=case.display_name).first, "back to the case")
    today_card = page.get_by_role("region", name=re.compile("^Today, "))
    clicks.click(today_card.get_by_role("button", name="Write the note"), "write the note")
    expect(page.get_by_role("textbox", name="Subjective")).to_be_visible()
    pages.check(page)
    page.get_by_role("textbox", name="Subjective").fill("Both said the week felt calmer.")
    page.get_by_role("textbox", name="Plan").fill("Next: naming the trust problem, each alone.")
    clicks.click(page.get_by_role("button", name="Review and sign"), "review and sign")
    expect(page.get_by_role("heading", name="Review and sign")).to_be_visible()
    pages.check(page)
    page.get_by_label("Your password").fill(PASSWORD)
    clicks.click(page.get_by_role("button", name="Sign the note"), "sign")
    expect(page.get_by_text("Note signed.")).to_be_visible()
    pages.check(page)

    assign = page.get_by_role("region", name="Assign the next worksheet")
    clicks.choose(assign.get_by_label("Worksheet"), "choose the worksheet", label=NEXT)
    clicks.click(assign.get_by_role("button", name="Assign"), "assign")
    expect(page.get_by_text("assigned.")).to_be_visible()
    pages.check(page)

    with page.expect_download(timeout=PDF_TIMEOUT_MS) as download:
        clicks.click(
            page.get_by_role("link", name="Homework packet PDF"),
            "download the packet",
            timeout=PDF_TIMEOUT_MS,
        )
    packet = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = [page_.extract_text() for page_ in packet.pages]
    assert not [t for t in text if "left blank" in t]  # to read on screen: no padding pages
    assert any(NEXT in t for t in text)

    assert len(clicks.done) <= CLICK_GOAL, clicks.done
    with app.app_context():
        note = db.session.scalar(select(SessionNote))
        assert note.is_signed and note.format == "soap"
        assert db.session.get(TherapySession, todays_session).status == "completed"
        statuses = [r.status for r in db.session.get(Assignment, both_submitted.id).responses]
        assert statuses == [ResponseStatus.REVIEWED] * 2
        newest = db.session.scalar(select(Assignment).order_by(Assignment.id.desc()))
        assert newest.title == NEXT and newest.recipients == "each"


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_invitation_link_has_a_copy_button_and_stays_selectable(
    open_window, pages, live_server, counselor, case, javascript
):
    page = open_window(
        PHONE if javascript else {"width": 1280, "height": 900}, javascript=javascript
    )
    if javascript:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, live_server, counselor.email, PASSWORD, pages)
    expect(page.get_by_role("heading", name=re.compile("Good to see you"))).to_be_visible()
    pages.check(page)
    page.goto(f"{live_server}/cases/{case.id}")
    pages.check(page)
    partner = page.get_by_role("region", name="Jordan Ellis")
    partner.get_by_role("button", name="Invite to the portal").click()
    expect(page.get_by_role("heading", name="Invitation ready for Jordan Ellis")).to_be_visible()
    pages.check(page)
    link = page.get_by_label(re.compile("Invitation link")).input_value()
    assert "/portal/welcome/" in link
    copy = page.get_by_role("button", name="Copy link")
    if not javascript:
        expect(copy).to_be_hidden()  # nothing that does nothing; the link is there to select
        return
    copy.click()
    expect(page.get_by_text("Link copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
