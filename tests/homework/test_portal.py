"""The client portal: partners complete worksheets privately, without losing a word."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from practice.clock import format_date
from practice.extensions import db
from practice.models import AnswerFlag, AuditEvent, Response

from ..conftest import Auth, csrf_token_in
from .helpers import autosave_body, complete_answers, post_data, worksheet

SLUG = "preparing-for-counseling"
SHAREABLE = "walking-in-your-partners-shoes"
SAME_SITE = {"Origin": "http://localhost"}  # what a browser sends with our own forms


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


@pytest.fixture
def jordan(app, case, make_client_account):
    user = make_client_account(case, 1)
    browser = Auth(app.test_client())
    assert browser.sign_in(user).location == "/portal/"
    return browser.client


@pytest.fixture
def sam(app, case, make_client_account):
    user = make_client_account(case, 2)
    browser = Auth(app.test_client())
    browser.sign_in(user)
    return browser.client


def stored(app, response_id):
    with app.app_context():
        response = db.session.get(Response, response_id)
        db.session.expunge(response)
        return response


def test_portal_home_lists_my_worksheets_with_due_dates(jordan, case, make_assignment):
    make_assignment(case, SLUG)
    make_assignment(case, "naming-the-trust-problem", due_in_days=-2)
    page = jordan.get("/portal/").get_data(as_text=True)
    assert "Hello, Jordan" in page
    assert "Getting Ready for Couples Counseling" in page
    assert "Past due" in page  # the second sheet was due two days ago
    assert page.index("Naming the Trust") < page.index("Getting Ready")  # newest first


def test_clients_see_only_the_portal(jordan, case):
    for url in ("/dashboard", "/cases/", f"/cases/{case.id}", "/library/", "/admin/users"):
        assert jordan.get(url).status_code == 404, url


def test_save_draft_without_javascript_and_come_back_later(app, jordan, case, make_assignment):
    assignment = make_assignment(case, SLUG)
    mine = assignment.responses[0]
    ws = worksheet(app, SLUG)
    answers = {"why_now": "We keep having the same fight.", "hope_level": 4}
    response = jordan.post(f"/portal/responses/{mine.id}", data=post_data(ws, answers, version=1))
    assert response.status_code == 302
    page = jordan.get(response.location).get_data(as_text=True)
    assert "Saved at" in page
    assert "We keep having the same fight." in page
    saved = stored(app, mine.id)
    assert saved.status == "draft" and saved.answers == answers and saved.version == 2
    # Back three days later, the draft says which day it was saved.
    with time_machine.travel(timedelta(days=3)):
        later = Auth(app.test_client())
        later.sign_in(case.partners[0].email)
        page = later.client.get(response.location).get_data(as_text=True)
    with app.app_context():
        assert f"Saved on {format_date(saved.saved_at)} at " in page


def test_autosave_json_saves_and_reports_the_time(app, jordan, case, make_assignment):
    mine = make_assignment(case, SLUG).responses[0]
    ws = worksheet(app, SLUG)
    body = autosave_body(ws, {"why_now": "First words."}, version=1)
    response = jordan.post(f"/portal/responses/{mine.id}/autosave", json=body)
    assert response.status_code == 200
    assert response.json["version"] == 2 and ":" in response.json["saved_at"]
    body = autosave_body(ws, {"why_now": "First words, then more."}, version=2)
    assert jordan.post(f"/portal/responses/{mine.id}/autosave", json=body).json["version"] == 3
    assert stored(app, mine.id).answers == {"why_now": "First words, then more."}


def test_a_stale_tab_is_refused_and_keeps_its_text(app, jordan, case, make_assignment):
    mine = make_assignment(case, SLUG).responses[0]
    ws = worksheet(app, SLUG)
    first = autosave_body(ws, {"why_now": "Written in the first tab."}, version=1)
    stale = autosave_body(ws, {"why_now": "Written in the second tab."}, version=1)
    assert jordan.post(f"/portal/responses/{mine.id}/autosave", json=first).status_code == 200
    refused = jordan.post(f"/portal/responses/{mine.id}/autosave", json=stale)
    assert refused.status_code == 409 and refused.json["conflict"] is True
    assert "newer version" in refused.json["message"]
    assert stored(app, mine.id).answers == {"why_now": "Written in the first tab."}
    # The form post from a stale page shows its own text back, not the saved one.
    page = jordan.post(
        f"/portal/responses/{mine.id}",
        data=post_data(ws, {"why_now": "Typed without JavaScript."}, version=1),
    )
    assert page.status_code == 409
    assert "Typed without JavaScript." in page.get_data(as_text=True)
    assert stored(app, mine.id).answers == {"why_now": "Written in the first tab."}


def test_expired_session_on_autosave_answers_json(app, case, jordan, make_assignment):
    mine = make_assignment(case, SLUG).responses[0]
    jordan.post("/auth/sign-out")
    body = autosave_body(worksheet(app, SLUG), {"why_now": "Still here."}, version=1)
    response = jordan.post(f"/portal/responses/{mine.id}/autosave", json=body)
    assert response.status_code == 401 and response.json["signed_out"] is True
    assert stored(app, mine.id).answers == {}


def test_signed_out_form_post_keeps_the_text_through_sign_in(
    app, case, make_client_account, make_assignment
):
    user = make_client_account(case, 1)
    mine = make_assignment(case, SLUG).responses[0]
    ws = worksheet(app, SLUG)
    browser = Auth(app.test_client())
    words = "Everything I wrote while the session quietly expired."
    page = browser.client.post(
        f"/portal/responses/{mine.id}",
        data=post_data(ws, {"why_now": words}, version=1),
        headers=SAME_SITE,
    )
    assert page.status_code == 401
    html = page.get_data(as_text=True)
    assert "haven't been saved yet" in html and words in html
    # Sign in on that page: the text comes along, ready to send with one click.
    carried = [(k, v) for k, v in _hidden_inputs(html) if k.startswith("carr")]
    resend = browser.client.post(
        "/auth/sign-in",
        data=MultiDict([("email", user.email), ("password", "correct horse battery"), *carried]),
    )
    assert resend.status_code == 200 and words in resend.get_data(as_text=True)
    fields = _hidden_inputs(resend.get_data(as_text=True))
    saved = browser.client.post(f"/portal/responses/{mine.id}", data=MultiDict(fields))
    assert saved.status_code == 302
    assert stored(app, mine.id).answers == {"why_now": words}


def test_expired_csrf_token_keeps_the_text(
    app, settings, case, make_client_account, make_assignment
):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_client_account(case, 1)
    mine = make_assignment(case, SLUG).responses[0]
    ws = worksheet(app, SLUG)
    browser = app.test_client()
    token = csrf_token_in(browser.get("/auth/sign-in"))
    browser.post(
        "/auth/sign-in",
        data={"email": user.email, "password": "correct horse battery", "csrf_token": token},
    )
    data = post_data(ws, {"why_now": "Kept despite a stale token."}, version=1)
    data["csrf_token"] = "stale-token"
    page = browser.post(f"/portal/responses/{mine.id}", data=data, headers=SAME_SITE)
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "Nothing was lost" in html and "Kept despite a stale token." in html
    resent = browser.post(f"/portal/responses/{mine.id}", data=MultiDict(_hidden_inputs(html)))
    assert resent.status_code == 302
    assert stored(app, mine.id).answers == {"why_now": "Kept despite a stale token."}
    autosave = browser.post(
        f"/portal/responses/{mine.id}/autosave",
        json=autosave_body(ws, {"why_now": "x"}, version=2),
        headers={"X-CSRFToken": "stale-token"},
    )
    assert autosave.status_code == 400 and autosave.json["csrf"] is True


def test_signed_out_text_carries_through_sign_in_with_csrf_on(
    app, case, make_client_account, make_assignment
):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_client_account(case, 1)
    mine = make_assignment(case, SLUG).responses[0]
    ws = worksheet(app, SLUG)
    browser = app.test_client()
    token = csrf_token_in(browser.get("/auth/sign-in"))
    data = post_data(ws, {"why_now": "Carried with every check on."}, version=1)
    data["csrf_token"] = token
    page = browser.post(f"/portal/responses/{mine.id}", data=data, headers=SAME_SITE)
    assert page.status_code == 401
    fields = MultiDict(_hidden_inputs(page.get_data(as_text=True)))
    fields.update({"email": user.email, "password": "correct horse battery"})
    resend = browser.post("/auth/sign-in", data=fields)
    assert resend.status_code == 200
    # One click on "Send again" saves: its token belongs to the new session.
    saved = browser.post(
        f"/portal/responses/{mine.id}",
        data=MultiDict(_hidden_inputs(resend.get_data(as_text=True))),
        headers=SAME_SITE,
    )
    assert saved.status_code == 302
    assert stored(app, mine.id).answers == {"why_now": "Carried with every check on."}


@pytest.mark.parametrize(
    "headers", [{"Origin": "https://evil.example"}, {}, {"Sec-Fetch-Site": "cross-site"}]
)
def test_text_from_another_site_is_never_carried(
    app, case, make_client_account, make_assignment, headers
):
    mine = make_assignment(case, SLUG).responses[0]
    ws = worksheet(app, SLUG)
    page = app.test_client().post(
        f"/portal/responses/{mine.id}",
        data=post_data(ws, {"why_now": "PLANTED BY ANOTHER SITE"}, version=1),
        headers=headers,
    )
    assert "PLANTED BY ANOTHER SITE" not in page.get_data(as_text=True)
    assert stored(app, mine.id).answers == {}


def test_submit_shows_what_is_missing_then_locks(app, jordan, case, make_assignment):
    mine = make_assignment(case, SLUG).responses[0]
    ws = worksheet(app, SLUG)
    partial = {"why_now": "Because we are stuck."}
    page = jordan.post(
        f"/portal/responses/{mine.id}", data=post_data(ws, partial, version=1, action="submit")
    )
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "need an answer before you can submit" in html
    assert "Please answer this question before you submit." in html
    assert stored(app, mine.id).status == "draft"  # the draft was kept
    complete = complete_answers(app, SLUG)
    done = jordan.post(
        f"/portal/responses/{mine.id}", data=post_data(ws, complete, version=2, action="submit")
    )
    assert done.status_code == 302
    assert stored(app, mine.id).status == "submitted"
    view = jordan.get(f"/portal/responses/{mine.id}").get_data(as_text=True)
    assert "disabled" in view and "Submit to my counselor" not in view
    again = jordan.post(
        f"/portal/responses/{mine.id}/autosave",
        json=autosave_body(ws, {"why_now": "change"}, version=3),
    )
    assert again.status_code == 409
    assert stored(app, mine.id).answers == complete


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"why_now": "x" * 10_001}, "too long"),
        ({"hope_level": 42}, "Choose a number from 0 to 10."),
        ({"preferred_style": "Whatever the counselor likes"}, "option"),
    ],
)
def test_bad_answers_get_a_clear_message_and_change_nothing(
    app, jordan, case, make_assignment, answers, message
):
    mine = make_assignment(case, SLUG).responses[0]
    ws = worksheet(app, SLUG)
    page = jordan.post(f"/portal/responses/{mine.id}", data=post_data(ws, answers, version=1))
    assert page.status_code == 422
    assert message in page.get_data(as_text=True)
    auto = jordan.post(
        f"/portal/responses/{mine.id}/autosave", json=autosave_body(ws, answers, version=1)
    )
    assert auto.status_code == 422
    saved = stored(app, mine.id)
    assert saved.answers == {} and saved.version == 1


def test_unknown_prompt_ids_are_refused(app, jordan, case, make_assignment):
    mine = make_assignment(case, SLUG).responses[0]
    response = jordan.post(
        f"/portal/responses/{mine.id}/autosave",
        json={"version": 1, "fields": [["answer-not_a_question", "hello"]]},
    )
    assert (
        response.status_code == 422
        and "isn't on this worksheet" in response.json["errors"]["_form"]
    )
    assert (
        jordan.post(
            f"/portal/responses/{mine.id}/autosave", json={"version": "one", "fields": []}
        ).status_code
        == 422
    )


def test_a_partner_never_sees_the_other_partners_answers(app, jordan, sam, case, make_assignment):
    assignment = make_assignment(case, SLUG)
    mine, theirs = assignment.responses
    ws = worksheet(app, SLUG)
    secret = "Sam's private words about the affair."
    sam.post(f"/portal/responses/{theirs.id}", data=post_data(ws, {"why_now": secret}, version=1))
    for url in (f"/portal/responses/{theirs.id}",):
        assert jordan.get(url).status_code == 404
    stolen = jordan.post(
        f"/portal/responses/{theirs.id}", data=post_data(ws, {"why_now": "overwrite"}, version=2)
    )
    assert stolen.status_code == 404
    assert (
        jordan.post(
            f"/portal/responses/{theirs.id}/autosave",
            json=autosave_body(ws, {"why_now": "overwrite"}, version=2),
        ).status_code
        == 404
    )
    assert secret not in jordan.get(f"/portal/responses/{mine.id}").get_data(as_text=True)
    assert stored(app, theirs.id).answers == {"why_now": secret}


def test_sharing_shows_answers_only_after_both_submit(app, jordan, sam, case, make_assignment):
    # preparing-for-counseling is private (it asks whether a partner feels free to speak).
    assignment = make_assignment(case, SHAREABLE, share=True)
    mine, theirs = assignment.responses
    ws = worksheet(app, SHAREABLE)
    sams = complete_answers(app, SHAREABLE, 2)
    sams["their_story"] = "Shared once we both finish."
    sam.post(f"/portal/responses/{theirs.id}", data=post_data(ws, sams, version=1, action="submit"))
    assert "Shared once we both finish." not in jordan.get(f"/portal/responses/{mine.id}").get_data(
        as_text=True
    )
    jordan.post(
        f"/portal/responses/{mine.id}",
        data=post_data(ws, complete_answers(app, SHAREABLE, 1), version=1, action="submit"),
    )
    page = jordan.get(f"/portal/responses/{mine.id}").get_data(as_text=True)
    assert "Shared once we both finish." in page
    assert "answers</h2>" in page


def test_reading_the_partners_shared_answers_is_audited(app, jordan, sam, case, make_assignment):
    assignment = make_assignment(case, SHAREABLE, share=True)
    mine, theirs = assignment.responses
    ws = worksheet(app, SHAREABLE)
    for browser, response, position in ((sam, theirs, 2), (jordan, mine, 1)):
        answers = complete_answers(app, SHAREABLE, position)
        browser.post(
            f"/portal/responses/{response.id}",
            data=post_data(ws, answers, version=1, action="submit"),
        )
    jordan.get(f"/portal/responses/{mine.id}")
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="partner-answers-view"))
        assert (event.object_type, event.object_id, event.couple_id) == (
            "Response",
            theirs.id,
            case.id,
        )
        assert event.actor_email == "jordan.ellis@example.org"


def test_sharing_is_off_by_default(app, jordan, sam, case, make_assignment):
    mine, theirs = make_assignment(case, SLUG).responses
    ws = worksheet(app, SLUG)
    sam.post(
        f"/portal/responses/{theirs.id}",
        data=post_data(ws, complete_answers(app, SLUG, 2), version=1, action="submit"),
    )
    jordan.post(
        f"/portal/responses/{mine.id}",
        data=post_data(ws, complete_answers(app, SLUG, 1), version=1, action="submit"),
    )
    page = jordan.get(f"/portal/responses/{mine.id}").get_data(as_text=True)
    assert "I need to know that what I am told is the whole story" not in page


def test_together_worksheets_share_one_response(app, jordan, sam, case, make_assignment):
    assignment = make_assignment(case, "transparency-agreement")
    (shared,) = assignment.responses
    assert shared.client_id is None
    ws = worksheet(app, "transparency-agreement")
    prompt_id = next(ws.all_prompts()).id
    jordan.post(
        f"/portal/responses/{shared.id}", data=post_data(ws, {prompt_id: "Jordan"}, version=1)
    )
    page = sam.get(f"/portal/responses/{shared.id}").get_data(as_text=True)
    assert "Jordan" in page
    # Sam's tab was opened before Jordan saved: it must not overwrite Jordan's words.
    refused = sam.post(
        f"/portal/responses/{shared.id}/autosave",
        json=autosave_body(ws, {prompt_id: "Sam"}, version=1),
    )
    assert refused.status_code == 409 and "your partner" in refused.json["message"]


def test_flagged_answers_reach_the_dashboard_until_acknowledged(
    app, jordan, signed_in, case, make_assignment
):
    slug = "emotional-strain-and-safety-check-in"
    mine = make_assignment(case, slug).responses[0]
    ws = worksheet(app, slug)
    answers = complete_answers(app, slug, 1, flagged=False)
    answers["unsafe_at_home"] = "yes"
    jordan.post(
        f"/portal/responses/{mine.id}", data=post_data(ws, answers, version=1, action="submit")
    )
    dashboard = signed_in.get("/dashboard").get_data(as_text=True)
    assert "Partner reports feeling unsafe at home" in dashboard
    with app.app_context():
        flag = db.session.scalar(select(AnswerFlag))
        assert flag.prompt_id == "unsafe_at_home"
    signed_in.post(f"/flags/{flag.id}/acknowledge")  # a safety flag asks what was done
    assert "feeling unsafe at home" in signed_in.get("/dashboard").get_data(as_text=True)
    signed_in.post(f"/flags/{flag.id}/acknowledge", data={"note": "Called them alone."})
    assert "feeling unsafe at home" not in signed_in.get("/dashboard").get_data(as_text=True)


def test_answers_are_shown_escaped(app, jordan, signed_in, case, make_assignment):
    mine = make_assignment(case, SLUG).responses[0]
    ws = worksheet(app, SLUG)
    answers = complete_answers(app, SLUG, 1)
    answers["why_now"] = '<script>alert(1)</script>"><img src=x onerror=alert(1)>{{7*7}}'
    jordan.post(
        f"/portal/responses/{mine.id}", data=post_data(ws, answers, version=1, action="submit")
    )
    for page in (
        jordan.get(f"/portal/responses/{mine.id}").get_data(as_text=True),
        signed_in.get(f"/assignments/{mine.assignment_id}").get_data(as_text=True),
    ):
        assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page and "{{7*7}}" in page


def test_closing_the_case_deactivates_portal_accounts(app, jordan, signed_in, case):
    assert jordan.get("/portal/").status_code == 200
    signed_in.post(f"/cases/{case.id}/status", data={"status": "closed"})
    assert jordan.get("/portal/").status_code == 302


def _hidden_inputs(html: str) -> list[tuple[str, str]]:
    """Every hidden input of the page, in order, as a browser would send it."""
    from html.parser import HTMLParser

    found: list[tuple[str, str]] = []

    class Inputs(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
                found.append((attrs["name"], attrs.get("value") or ""))

    Inputs().feed(html)
    return found


def test_due_today_is_not_yet_overdue(app, jordan, case, make_assignment):
    make_assignment(case, SLUG, due_in_days=0)
    assert "Past due" not in jordan.get("/portal/").get_data(as_text=True)
    make_assignment(case, "transparency-agreement", due_in_days=-1)
    assert "Past due" in jordan.get("/portal/").get_data(as_text=True)
