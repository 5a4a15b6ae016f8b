"""A partner's journeys in the portal, on a phone as most clients are, and by keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from practice.audit.who import system
from practice.extensions import db
from practice.models import Client, Response, ResponseStatus, User

from ..conftest import PASSWORD
from .conftest import PHONE, sign_in, submit_sign_in

# The actor of the rows these tests write without a request.
TESTS = system("tests")

SLUG = "preparing-for-counseling"
TITLE = "Getting Ready for Couples Counseling"
NEW_PASSWORD = "a lantern in the window"
FIRST_WORDS = "We keep having the same fight about the phone."


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


@pytest.fixture
def invitation_link(app, case, live_server):
    """The link the counselor hands Jordan, made by the real invitation code."""
    from practice.invitations.invitations import invite

    with app.app_context():
        jordan = db.session.scalar(select(Client).filter_by(couple_id=case.id, position=1))
        token = invite(jordan, by=jordan.couple.counselor, who=TESTS)
        db.session.commit()
    return f"{live_server}/portal/welcome/{token}"


def question(page, label: str):
    """A question on the worksheet, found by the words a partner reads."""
    return page.get_by_role("group", name=re.compile("^" + re.escape(label)))


def answer_the_rest(page) -> None:
    """Everything after the first question, answered by tapping and typing."""
    hopes = question(page, "List up to three things you hope will be different")
    hopes.get_by_label("Entry 1").fill("We can talk about money without yelling.")
    hopes.get_by_label("Entry 2").fill("We laugh together again.")
    question(page, "Right now, how hopeful do you feel").get_by_role("radio", name="7").check()
    worries = question(page, "Which of these worries")
    worries.get_by_role("checkbox", name="The counselor will take sides").check()
    question(page, "Do you feel free to speak openly").get_by_role("radio", name="Yes").check()
    page.get_by_label(re.compile("^If you could only talk about one thing")).fill("The phone.")
    question(page, "What style of help").get_by_role("radio", name="A mix of both").check()


def test_partner_accepts_the_invitation_answers_over_two_days_and_submits(
    app, open_window, pages, live_server, case, make_assignment, invitation_link
):
    make_assignment(case, SLUG)

    # Day one, on a phone: the invitation, a password, and a first answer.
    phone = open_window(PHONE)
    phone.goto(invitation_link)
    expect(phone.get_by_role("heading", name="Welcome, Jordan")).to_be_visible()
    pages.check(phone)
    phone.get_by_label("Choose a password").fill(NEW_PASSWORD)
    phone.get_by_label("Type it again").fill(NEW_PASSWORD)
    phone.get_by_role("button", name="Create my account").click()
    expect(phone.get_by_role("heading", name="Hello, Jordan")).to_be_visible()
    pages.check(phone)

    phone.get_by_role("link", name=TITLE).click()
    expect(phone.get_by_role("heading", name=TITLE)).to_be_visible()
    pages.check(phone)
    why_now = phone.get_by_label("What made you decide to try counseling now?")
    why_now.fill(FIRST_WORDS)
    expect(phone.get_by_text(re.compile(r"Saved at \d\d:\d\d"))).to_be_visible()
    phone.reload()
    expect(why_now).to_have_value(FIRST_WORDS)

    # Day two: a new sign-in on a fresh browser finds the draft where it was left.
    phone.context.close()
    next_day = open_window(PHONE)
    next_day.goto(live_server)
    expect(next_day.get_by_role("heading", name="Sign in")).to_be_visible()
    pages.check(next_day)
    submit_sign_in(next_day, "jordan.ellis@example.org", NEW_PASSWORD)
    expect(next_day.get_by_text("In progress")).to_be_visible()
    next_day.get_by_role("link", name=TITLE).click()
    expect(next_day.get_by_label("What made you decide to try counseling now?")).to_have_value(
        FIRST_WORDS
    )
    answer_the_rest(next_day)
    next_day.get_by_role("button", name="Submit to my counselor").click()
    expect(next_day.get_by_text("Your answers were submitted")).to_be_visible()
    pages.check(next_day)

    with app.app_context():
        response = db.session.scalar(
            select(Response).join(Client).filter(Client.full_name == "Jordan Ellis")
        )
        assert response.status == ResponseStatus.SUBMITTED
        assert response.answers["why_now"] == FIRST_WORDS
        assert response.answers["hope_level"] == 7
        assert response.answers["preferred_style"] == "A mix of both"


# What the keyboard walk does at each stop: type into text, Space on the first radio of a
# group and the first box of a checklist, Enter on the submit button, Tab past the rest.
# The focus ring is looked for on the box a person sees: the label, when the input itself is
# invisible (the scale's numbers are labels over transparent radios).
_FOCUSED = """() => {
  const el = document.activeElement;
  const prompt = el.closest('[data-prompt-id]');
  const own = el.getBoundingClientRect();
  const hidden = parseFloat(getComputedStyle(el).opacity) === 0 || own.width <= 2;
  const seen = hidden && el.labels && el.labels.length ? el.labels[0] : el;
  const style = getComputedStyle(seen);
  const ringed = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== 'none';
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
    text: (el.innerText || '').trim(), prompt: prompt ? prompt.dataset.promptId : null,
    empty: 'value' in el ? el.value === '' : true,
    firstOfGroup: !!prompt && prompt.querySelector('input') === el,
    ringed,
  };
}"""


def test_a_partner_can_complete_and_submit_the_worksheet_by_keyboard_alone(
    app, open_window, pages, live_server, case, make_assignment, make_client_account
):
    user = make_client_account(case, 1)
    response_id = make_assignment(case, SLUG).responses[0].id
    page = open_window()
    sign_in(page, live_server, user.email, PASSWORD, pages)
    expect(page.get_by_role("heading", name="Hello, Jordan")).to_be_visible()
    pages.check(page)
    for _ in range(30):  # from the top of the page to the worksheet's link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.innerText") == TITLE:
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    pages.check(page)

    stops, no_ring = [], []
    for _ in range(120):
        page.keyboard.press("Tab")
        at = page.evaluate(_FOCUSED)
        stops.append(at["name"] or at["text"] or at["tag"])
        if not at["ringed"]:
            no_ring.append(stops[-1])
        if at["tag"] == "button" and at["text"] == "Submit to my counselor":
            page.keyboard.press("Enter")
            break
        if at["prompt"] and at["type"] in ("text", "textarea") and at["empty"]:
            page.keyboard.type("Typed without a mouse.")
        elif at["prompt"] and at["type"] in ("radio", "checkbox") and at["firstOfGroup"]:
            page.keyboard.press("Space")
    else:
        pytest.fail(f"Tab never reached the submit button. Focus went: {' > '.join(stops)}")

    expect(page.get_by_text("Your answers were submitted")).to_be_visible()
    pages.check(page)
    assert not no_ring, f"These had no visible focus ring: {no_ring}"
    with app.app_context():
        response = db.session.get(Response, response_id)
        assert response.status == ResponseStatus.SUBMITTED
        assert response.answers["why_now"] == "Typed without a mouse."
        assert response.answers["free_to_speak"] == "yes"
        assert response.answers["worries"] == ["I will be blamed for everything"]


def test_every_portal_page_fits_a_phone(
    app, open_window, pages, live_server, case, make_assignment, make_client_account, counselor
):
    """The portal pages a partner can reach, each looked at on a 390 x 844 phone."""
    from practice.checkins.services import request_checkins

    user = make_client_account(case, 1)
    make_assignment(case, SLUG)
    submitted = make_assignment(case, "shared-moments-plan", position=1)
    with app.app_context():
        request_checkins(db.session.get(User, counselor.id), case, every_days=7, who=TESTS)
        db.session.commit()

    phone = open_window(PHONE)
    phone.goto(f"{live_server}/portal/welcome/not-a-real-token")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(re.compile("link", re.I))
    pages.check(phone)
    sign_in(phone, live_server, user.email, PASSWORD, pages)
    expect(phone.get_by_role("heading", name="Hello, Jordan")).to_be_visible()
    pages.check(phone)

    plan = phone.get_by_role("link", name=submitted.title)
    plan.click()
    submit = phone.get_by_role("button", name="Submit to my counselor")
    expect(submit).to_be_visible()
    pages.check(phone)  # a worksheet to fill in
    answer_every_prompt(phone)
    submit.click()
    expect(phone.get_by_text("Your answers were submitted")).to_be_visible()
    plan.click()
    expect(phone.get_by_role("heading", name=submitted.title)).to_be_visible()
    expect(submit).to_have_count(0)
    pages.check(phone)  # the same worksheet, read-only now

    phone.get_by_role("link", name="My worksheets").first.click()
    phone.get_by_role("link", name="Trust check-in").click()
    send = phone.get_by_role("button", name="Send my check-in")
    expect(send).to_be_visible()
    pages.check(phone)
    for question in phone.get_by_role("main").get_by_role("group").all():
        question.get_by_role("radio").nth(6).check()
    send.click()
    expect(phone.get_by_text("Your check-in was sent")).to_be_visible()
    phone.goto(f"{live_server}/portal/check-ins/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(re.compile("check-in", re.I))
    pages.check(phone)
    phone.get_by_role("region", name="Earlier check-ins").get_by_role("link").first.click()
    expect(phone.get_by_role("link", name="My check-ins")).to_be_visible()
    pages.check(phone)

    phone.goto(f"{live_server}/portal/responses/999999")
    expect(phone.get_by_role("heading", level=1)).to_have_text("We couldn't find that page")
    pages.check(phone)

    phone.get_by_text("Jordan Ellis", exact=True).click()  # the account menu, open
    expect(phone.get_by_role("link", name="Change password")).to_be_visible()
    pages.check(phone)  # its links measured too
    phone.get_by_role("link", name="Change password").click()
    expect(phone.get_by_role("heading", name=re.compile("password", re.I))).to_be_visible()
    pages.check(phone)


def answer_every_prompt(page) -> None:
    """Any worksheet, answered the way a person would: type, tap a number, tick a box."""
    for wrapper in page.locator("[data-prompt-id]").all():
        kind = wrapper.get_attribute("data-prompt-kind")
        if kind in ("short_text", "long_text", "list"):
            for field in wrapper.locator("input[type=text], textarea").all():
                if not field.input_value():
                    field.fill("Something honest and specific.")
        elif kind in ("scale", "choice", "yes_no", "checklist"):
            wrapper.locator("label").nth(1).click()
