"""Assigning worksheets and reviewing both partners' answers (the counselor's side)."""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from practice.extensions import db
from practice.library.loader import get_library
from practice.models import Assignment, AuditEvent, Response

from ..conftest import Auth
from .helpers import complete_answers, post_data, submit_through_the_portal, worksheet

SLUG = "preparing-for-counseling"
LIBRARY = Path(__file__).resolve().parents[2] / "worksheets"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


def practice_today():
    # The tests run with the default practice zone.
    return datetime.now(ZoneInfo("America/New_York")).date()


def assign_form(**overrides) -> dict:
    form = {
        "worksheet": SLUG,
        "for_whom": "each",
        "due_date": (practice_today() + timedelta(days=7)).isoformat(),
        "instructions": "Before Thursday, please.",
    }
    form.update(overrides)
    return form


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_assign_to_each_partner_creates_two_private_responses(app, signed_in, case):
    response = signed_in.post(f"/assignments/new?couple_id={case.id}", data=assign_form())
    assert response.status_code == 302
    page = signed_in.get(response.location).get_data(as_text=True)
    assert "Getting Ready for Couples Counseling" in page and "Not started" in page
    with app.app_context():
        assignment = db.session.scalar(select(Assignment))
        assert [r.client.full_name for r in assignment.responses] == [
            "Jordan Ellis",
            "Sam Whitaker",
        ]
        assert assignment.share_when_both_submitted is False
        assert assignment.content_hash == get_library().get(SLUG).content_hash
        assert assignment.definition["slug"] == SLUG
    case_page = signed_in.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Getting Ready for Couples Counseling" in case_page


def test_assign_to_one_named_partner(app, signed_in, case):
    partner_two = case.partners[1].id
    signed_in.post(
        f"/assignments/new?couple_id={case.id}", data=assign_form(for_whom=str(partner_two))
    )
    with app.app_context():
        (only,) = db.session.scalar(select(Assignment)).responses
        assert only.client_id == partner_two


def test_together_worksheets_get_one_shared_response(app, signed_in, case):
    signed_in.post(
        f"/assignments/new?couple_id={case.id}",
        data=assign_form(worksheet="transparency-agreement", for_whom="together"),
    )
    with app.app_context():
        (shared,) = db.session.scalar(select(Assignment)).responses
        assert shared.client_id is None


def checked(html: str) -> str:
    (value,) = re.findall(r'<input[^>]* checked[^>]*value="([^"]+)"', html)
    return value


def test_each_partner_on_a_together_worksheet_is_refused_by_the_field_not_changed(
    app, signed_in, case
):
    # It used to be assigned as one shared response, though "each partner" was chosen.
    refused = signed_in.post(
        f"/assignments/new?couple_id={case.id}",
        data=assign_form(worksheet="transparency-agreement", for_whom="each"),
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    field = page[page.index('id="for_whom-group"') :]
    field = field[: field.index("</fieldset>")]
    assert "can only be done together" in field
    assert checked(field) == "each"  # the choice stays as the counselor made it
    assert count(app, Assignment) == 0


def test_the_assign_form_says_before_saving_that_a_worksheet_is_done_together(signed_in, case):
    page = signed_in.get(f"/assignments/new?couple_id={case.id}&slug=transparency-agreement")
    html = page.get_data(as_text=True)
    field = html[html.index('id="for_whom-group"') :]
    assert "can only be done together" in field[: field.index("</fieldset>")]
    assert checked(field) == "together"


def test_each_partner_separately_is_honoured(app, signed_in, case):
    response = signed_in.post(
        f"/assignments/new?couple_id={case.id}", data=assign_form(for_whom="each")
    )
    assert response.status_code == 302
    with app.app_context():
        assignment = db.session.scalar(select(Assignment))
        assert assignment.recipients == "each"
        assert len(assignment.responses) == 2
        assert "Homework packet PDF" in signed_in.get(response.headers["Location"]).text


def test_one_partner_worksheets_need_a_partner(app, signed_in, case):
    response = signed_in.post(
        f"/assignments/new?couple_id={case.id}",
        data=assign_form(worksheet="after-betrayal-partner-who-was-hurt"),
    )
    assert response.status_code == 422
    assert "written for one partner" in response.get_data(as_text=True)
    assert count(app, Assignment) == 0


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("due_date", "2020-01-01", "Choose today or a later date."),
        ("due_date", "next week", "Enter a due date"),
        ("worksheet", "no-such-sheet", "Not a valid choice"),
        ("instructions", "x" * 2001, "cannot be longer than 2000"),
    ],
)
def test_bad_assignment_input_is_explained(app, signed_in, case, field, value, message):
    response = signed_in.post(
        f"/assignments/new?couple_id={case.id}", data=assign_form(**{field: value})
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(app, Assignment) == 0 and count(app, Response) == 0


def test_the_snapshot_outlives_edits_to_the_file(app, settings, tmp_path, signed_in, case):
    extra = tmp_path / "extra"
    extra.mkdir()
    source = (LIBRARY / f"{SLUG}.yaml").read_text()
    (extra / "our-own-sheet.yaml").write_text(
        source.replace(f"slug: {SLUG}", "slug: our-own-sheet")
    )
    app.config["WORKSHEETS_EXTRA_DIR"] = str(extra)
    app.extensions.pop("worksheet_library", None)
    signed_in.post(
        f"/assignments/new?couple_id={case.id}", data=assign_form(worksheet="our-own-sheet")
    )
    (extra / "our-own-sheet.yaml").write_text(
        source.replace(f"slug: {SLUG}", "slug: our-own-sheet").replace(
            "What made you decide", "EDITED LATER, what made you decide"
        )
    )
    app.extensions.pop("worksheet_library", None)
    with app.app_context():
        assignment = db.session.scalar(select(Assignment))
        labels = [p.label for p in assignment.worksheet.all_prompts()]
        assert not any("EDITED LATER" in label for label in labels)
        assert assignment.content_hash != get_library().get("our-own-sheet").content_hash
    page = signed_in.get(f"/assignments/{assignment.id}").get_data(as_text=True)
    assert "EDITED LATER" not in page
    shutil.rmtree(extra)


def test_cancel_only_while_nobody_has_started(
    app, signed_in, case, make_assignment, make_client_account
):
    untouched = make_assignment(case, SLUG)
    assert signed_in.post(f"/assignments/{untouched.id}/cancel").status_code == 302
    with app.app_context():
        assert db.session.get(Assignment, untouched.id).is_cancelled

    started = make_assignment(case, "transparency-agreement")
    jordan = Auth(app.test_client())
    jordan.sign_in(make_client_account(case, 1))
    ws = worksheet(app, "transparency-agreement")
    first = next(ws.all_prompts()).id
    jordan.client.post(
        f"/portal/responses/{started.responses[0].id}", data=post_data(ws, {first: "hi"}, version=1)
    )
    page = signed_in.post(f"/assignments/{started.id}/cancel", follow_redirects=True)
    assert "already started this worksheet" in page.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(Assignment, started.id).is_cancelled


def test_extend_the_due_date(app, signed_in, case, make_assignment):
    assignment = make_assignment(case, SLUG, due_in_days=1)
    later = practice_today() + timedelta(days=10)
    signed_in.post(f"/assignments/{assignment.id}/extend", data={"due_date": later.isoformat()})
    with app.app_context():
        assert db.session.get(Assignment, assignment.id).due_date == later
    earlier = signed_in.post(
        f"/assignments/{assignment.id}/extend",
        data={"due_date": practice_today().isoformat()},
        follow_redirects=True,
    )
    assert "later than the current due date" in earlier.get_data(as_text=True)


@pytest.fixture
def submitted(app, case, make_assignment, make_client_account):
    """Both partners submitted the preparing-for-counseling worksheet."""
    assignment = make_assignment(case, SLUG)
    partners = [make_client_account(case, position) for position in (1, 2)]
    submit_through_the_portal(app, assignment, partners)
    return assignment


def test_side_by_side_highlights_what_differs(signed_in, submitted):
    page = signed_in.get(f"/assignments/{submitted.id}").get_data(as_text=True)
    assert page.count("compare__row--differs") >= 2
    assert "points apart" in page  # the hope scale: 8 against 3
    assert "picked by only one partner" in page
    assert "I want us to stop circling" in page and "I need to know that what I am told" in page


def test_feedback_and_review_reach_the_partner(
    app, signed_in, submitted, case, make_client_account
):
    first = submitted.responses[0]
    signed_in.post(
        f"/responses/{first.id}/feedback",
        data={
            f"r{first.id}-feedback": "Thank you, this helps a lot.",
            f"r{first.id}-mark_reviewed": "y",
            f"r{first.id}-version": str(response_version(app, first.id)),
        },
    )
    with app.app_context():
        saved = db.session.get(Response, first.id)
        assert saved.status == "reviewed" and saved.feedback == "Thank you, this helps a lot."
    jordan = Auth(app.test_client())
    jordan.sign_in(case.partners[0].email)
    home = jordan.client.get("/portal/").get_data(as_text=True)
    assert "Thank you, this helps a lot." in home and "Reviewed" in home


def response_version(app, response_id) -> int:
    with app.app_context():
        return db.session.get(Response, response_id).version


def test_feedback_from_a_stale_tab_is_refused_and_kept(app, signed_in, submitted):
    first = submitted.responses[0]
    version = response_version(app, first.id)

    def send(text):
        return signed_in.post(
            f"/responses/{first.id}/feedback",
            data={f"r{first.id}-feedback": text, f"r{first.id}-version": str(version)},
        )

    assert send("Written in the first tab.").status_code == 302
    stale = send("Written in the second tab, long and careful.")
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "Written in the second tab, long and careful." in page
    assert "changed elsewhere" in page
    with app.app_context():
        assert db.session.get(Response, first.id).feedback == "Written in the first tab."


def test_feedback_over_the_limit_keeps_the_text(app, signed_in, submitted):
    first = submitted.responses[0]
    long_text = "Careful words. " * 400
    page = signed_in.post(
        f"/responses/{first.id}/feedback",
        data={
            f"r{first.id}-feedback": long_text,
            f"r{first.id}-version": str(response_version(app, first.id)),
        },
    )
    assert page.status_code == 422
    assert "cannot be longer than 5000" in page.get_data(as_text=True)
    assert long_text.strip() in page.get_data(as_text=True)


def test_drafts_leave_no_trace_on_the_review_page(
    app, signed_in, case, make_assignment, make_client_account
):
    assignment = make_assignment(case, SLUG)
    ws = worksheet(app, SLUG)
    for position, response in enumerate(assignment.responses, start=1):
        browser = Auth(app.test_client())
        browser.sign_in(make_client_account(case, position))
        answers = complete_answers(app, SLUG, position)
        action = "submit" if position == 1 else "save"  # Sam only saves a draft
        browser.client.post(
            f"/portal/responses/{response.id}",
            data=post_data(ws, answers, version=1, action=action),
        )
    page = signed_in.get(f"/assignments/{assignment.id}").get_data(as_text=True)
    assert "I want us to stop circling" in page  # Jordan's submitted words
    assert "I need to know that what I am told" not in page  # Sam's draft
    assert "points apart" not in page and "picked by only one partner" not in page


def test_reopen_for_revision_with_a_note(app, signed_in, submitted, case):
    first = submitted.responses[0]
    empty = signed_in.post(f"/responses/{first.id}/reopen", data={}, follow_redirects=True)
    assert "Say what to revise." in empty.get_data(as_text=True)
    signed_in.post(
        f"/responses/{first.id}/reopen", data={f"reopen{first.id}-note": "Say more about hopes."}
    )
    with app.app_context():
        saved = db.session.get(Response, first.id)
        assert saved.status == "draft" and saved.reopen_note == "Say more about hopes."
        assert saved.answers  # the partner's words are kept for revising


def test_dashboard_shows_waiting_overdue_and_flags(
    app, signed_in, submitted, case, make_assignment
):
    make_assignment(case, "transparency-agreement", due_in_days=-3)
    page = signed_in.get("/dashboard").get_data(as_text=True)
    assert "Waiting for your review" in page and "Getting Ready for Couples Counseling" in page
    assert "Our Transparency Agreement" in page and "was due" in page


def test_review_pages_are_audited(app, signed_in, submitted):
    signed_in.get(f"/assignments/{submitted.id}")
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"assignment-create", "response-submit", "assignment-view"} <= actions


def test_the_case_picker_is_a_search_with_a_short_list(app, signed_in, counselor, make_couple):
    for n in range(12):
        make_couple(counselor, names=(f"Ash{n} Lee", f"Blair{n} Kim"))
    make_couple(counselor, names=("Noor Haddad", "Eli Brandt"))
    make_couple(counselor, names=("Noor Closed", "Gone Away"), status="closed")
    page = signed_in.get("/assignments/new?slug=preparing-for-counseling")
    assert page.text.count('class="case-card"') == 10
    assert "the first 10. Type more of a name to narrow the list" in page.text
    found = signed_in.get("/assignments/new?slug=preparing-for-counseling&q=noor")
    assert (
        found.text.count('class="case-card"') == 1 and "Noor Haddad &amp; Eli Brandt" in found.text
    )
    assert "slug=preparing-for-counseling" in found.text  # the choice keeps the worksheet
    assert "Closed" not in found.text
    none = signed_in.get("/assignments/new?q=%3Cscript%3E")
    assert "No open case matches “&lt;script&gt;”" in none.text
