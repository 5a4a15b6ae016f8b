"""The counselor's journeys in a real browser, acting only through labels, roles and text."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from practice.extensions import db
from practice.models import Assignment, Response, ResponseStatus, SessionNote

from ..conftest import PASSWORD
from ..homework.helpers import submit_through_the_portal
from .conftest import sign_in, submit_sign_in

SLUG = "preparing-for-counseling"
TITLE = "Getting Ready for Couples Counseling"
PDF_TIMEOUT_MS = 30_000


def signed_in_counselor(open_window, pages, live_server, counselor):
    page = open_window()
    sign_in(page, live_server, counselor.email, PASSWORD, pages)
    expect(page.get_by_role("heading", name=re.compile("Good to see you, Maya"))).to_be_visible()
    pages.check(page)
    return page


def test_counselor_opens_a_case_invites_both_partners_and_assigns_a_worksheet(
    app, open_window, pages, live_server, counselor
):
    page = open_window()
    page.goto(live_server)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    pages.check(page)
    submit_sign_in(page, counselor.email, PASSWORD)
    expect(page.get_by_role("heading", name="Good to see you, Maya")).to_be_visible()
    pages.check(page)

    page.get_by_role("link", name="New case").click()
    expect(page.get_by_role("heading", name="New case")).to_be_visible()
    pages.check(page)
    for group, (name, email) in {
        "First partner": ("Jordan Ellis", "jordan@example.org"),
        "Second partner": ("Sam Whitaker", "sam@example.org"),
    }.items():
        partner = page.get_by_role("group", name=group)
        partner.get_by_label("Full name").fill(name)
        partner.get_by_label("Email").fill(email)
    page.get_by_label("Presenting concerns").fill("Trust broken by hidden spending.")
    page.get_by_role("button", name="Create case").click()
    expect(page.get_by_role("heading", name=re.compile("Jordan & Sam"))).to_be_visible()
    pages.check(page)

    links = {}
    for name in ("Jordan Ellis", "Sam Whitaker"):
        partner = page.get_by_role("region", name=name)
        partner.get_by_role("button", name="Invite to the portal").click()
        expect(page.get_by_role("heading", name=f"Invitation ready for {name}")).to_be_visible()
        pages.check(page)
        links[name] = page.get_by_label(re.compile("Invitation link")).input_value()
        page.get_by_role("link", name="Back to the case").click()
        expect(page.get_by_role("region", name=name)).to_contain_text("Invited")
    assert links["Jordan Ellis"] != links["Sam Whitaker"]
    assert all("/portal/welcome/" in link for link in links.values())

    page.get_by_role("link", name="Assign a worksheet").first.click()
    expect(page.get_by_role("heading", name=re.compile("Assign a worksheet"))).to_be_visible()
    pages.check(page)
    page.get_by_label("Worksheet").select_option(label=TITLE)
    page.get_by_label(re.compile("Note for the partners|Instructions")).fill(
        "Take your time; we will talk it through on Thursday."
    )
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("assigned.")).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    pages.check(page)

    with app.app_context():
        assignment = db.session.scalar(select(Assignment))
        assert assignment.title == TITLE
        assert sorted(r.client.full_name for r in assignment.responses) == [
            "Jordan Ellis",
            "Sam Whitaker",
        ]


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


@pytest.fixture
def both_submitted(app, case, make_assignment, make_client_account):
    """Both partners answered and submitted, through the portal's own form."""
    assignment = make_assignment(case, SLUG)
    partners = [make_client_account(case, position) for position in (1, 2)]
    submit_through_the_portal(app, assignment, partners)
    with app.app_context():
        statuses = db.session.scalars(select(Response.status)).all()
    assert statuses == [ResponseStatus.SUBMITTED] * 2
    return assignment


def test_counselor_reviews_both_answers_leaves_feedback_and_downloads_the_handout(
    app, open_window, pages, live_server, counselor, both_submitted, tmp_path
):
    page = signed_in_counselor(open_window, pages, live_server, counselor)
    waiting = page.get_by_role("region", name=re.compile("Waiting for your review"))
    expect(waiting.get_by_role("listitem")).to_have_count(2)
    waiting.get_by_role("link", name=TITLE).first.click()

    expect(page.get_by_role("heading", name="Answers side by side")).to_be_visible()
    why_now = page.get_by_role("group", name="What made you decide to try counseling now?")
    expect(why_now).to_contain_text("Jordan Ellis")
    expect(why_now).to_contain_text("Sam Whitaker")
    expect(page.get_by_text("points apart")).to_be_visible()  # the hope scale differs
    pages.check(page)

    jordan = page.get_by_role("region", name="Feedback for Jordan Ellis")
    jordan.get_by_label("Feedback").fill("Thank you, Jordan. Let's start here on Thursday.")
    jordan.get_by_role("button", name="Mark as reviewed").click()
    expect(page.get_by_text("Marked as reviewed. Your feedback is saved.")).to_be_visible()
    pages.check(page)
    with app.app_context():
        first = db.session.get(Response, both_submitted.responses[0].id)
        assert first.feedback == "Thank you, Jordan. Let's start here on Thursday."
        assert first.status == ResponseStatus.REVIEWED

    # Rendering both partners' copies is the slowest step of any journey: on a CI machine
    # shared with other jobs it can take longer than the default 10 seconds.
    with page.expect_download(timeout=PDF_TIMEOUT_MS) as download:
        page.get_by_role("link", name="Handout PDF").click(timeout=PDF_TIMEOUT_MS)
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(saved.read_bytes())).pages)
    # One copy per partner, each with their name, the counselor's note and every question.
    assert text.count(TITLE) >= 2
    assert "Jordan Ellis" in text and "Sam Whitaker" in text
    assert "A note from Maya Okafor" in text and "Please do this before Thursday." in text
    assert "What made you decide to try counseling now?" in text

    page.get_by_role("link", name="Dashboard").click()
    waiting = page.get_by_role("region", name=re.compile("Waiting for your review"))
    expect(waiting.get_by_role("listitem")).to_have_count(1)


def test_counselor_records_a_session_writes_a_soap_note_signs_it_and_adds_an_addendum(
    app, open_window, pages, live_server, counselor, case
):
    page = signed_in_counselor(open_window, pages, live_server, counselor)
    page.get_by_role("link", name="Jordan & Sam").click()
    expect(page.get_by_role("heading", name=re.compile("Jordan & Sam"))).to_be_visible()
    pages.check(page)
    page.get_by_role("link", name="Schedule a session").click()
    expect(page.get_by_role("heading", name=re.compile("session", re.I))).to_be_visible()
    pages.check(page)
    page.get_by_label("Start time").fill("14:30")
    page.get_by_role("group", name="Status").get_by_label("Completed").check()
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.get_by_text("Session saved.")).to_be_visible()
    pages.check(page)
    # One click opens the editor, in the counselor's default format (SOAP until set).
    page.get_by_role("button", name="Write the note").click()
    expect(page.get_by_role("textbox", name=re.compile("^Subjective"))).to_be_visible()
    sections = {
        "Subjective": "Both said the week felt calmer; Sam still checks the bank app daily.",
        "Objective": "Sat closer together than last time; Jordan teared up once.",
        "Assessment": "Early repair; checking is easing but still tied to fear.",
        "Plan": "Transparency agreement as homework; review in two weeks.",
    }
    for label, text in sections.items():
        page.get_by_role("textbox", name=re.compile(f"^{label}")).fill(text)
    expect(page.get_by_text(re.compile(r"Saved at \d\d:\d\d"))).to_be_visible()
    pages.check(page)
    page.get_by_role("button", name="Review and sign").click()
    expect(page.get_by_role("heading", name="Review and sign")).to_be_visible()
    expect(page.get_by_text(sections["Plan"])).to_be_visible()
    pages.check(page)
    page.get_by_label("Your password").fill(PASSWORD)
    # 14:30 today may still be ahead (the real clock): then signing asks first.
    early = page.get_by_label(re.compile("sign the note now, before the session"))
    if early.count():
        early.check()
    page.get_by_role("button", name="Sign the note").click()
    expect(page.get_by_text(re.compile("Signed by Maya Okafor"))).to_be_visible()
    expect(page.get_by_role("button", name="Review and sign")).to_have_count(0)
    pages.check(page)

    page.get_by_text("Add an addendum", exact=True).click()
    page.get_by_label("Reason for the addendum").fill("A correction")
    page.get_by_label("Addendum", exact=True).fill("Jordan, not Sam, checks the bank app.")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Sign and add").click()
    addenda = page.get_by_role("region", name="Addenda")
    expect(addenda).to_contain_text("Reason: A correction")
    expect(addenda).to_contain_text("Jordan, not Sam, checks the bank app.")
    pages.check(page)

    with app.app_context():
        note = db.session.scalar(select(SessionNote))
        assert note.is_signed and note.sections["subjective"] == sections["Subjective"]
        assert [a.text for a in note.addenda] == ["Jordan, not Sam, checks the bank app."]
