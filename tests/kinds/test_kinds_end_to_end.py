"""The new prompt kinds end to end: the portal form, the autosave, the counselor's review
side by side, and the PDFs (blank, fillable, completed), through the real views."""

from __future__ import annotations

from datetime import timedelta

import pytest
from werkzeug.datastructures import MultiDict

from practice.db_types import utcnow
from practice.extensions import db
from practice.models import Response

from ..conftest import Auth
from ..handouts.pdfs import reader, text_of
from ..homework.helpers import autosave_body, complete_answers, post_data, worksheet
from .sampler import INFO_TEXT, SLUG, add_sampler

TRACKER = "words-and-actions-tracker"
AGREEMENT = "transparency-agreement"
READING = "common-reactions-after-betrayal"
SAME_SITE = {"Origin": "http://localhost"}


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


def browser_of(app, user):
    browser = Auth(app.test_client())
    assert browser.sign_in(user).status_code == 302
    return browser.client


@pytest.fixture
def jordan(app, case, make_client_account):
    return browser_of(app, make_client_account(case, 1))


@pytest.fixture
def sam(app, case, make_client_account):
    return browser_of(app, make_client_account(case, 2))


def stored(app, response_id) -> Response:
    with app.app_context():
        response = db.session.get(Response, response_id)
        db.session.expunge(response)
        return response


def today() -> str:
    return utcnow().date().isoformat()


def in_a_week() -> str:
    return (utcnow() + timedelta(days=7)).date().isoformat()


def fields(page: str, name: str) -> int:
    return page.count(f'name="{name}"')


# The grid: words-and-actions-tracker.

TRACKED = ["Kept them all", "Kept some", "", "Kept none", "", "", "Not sure"]
NOTES = [["Home by six", "I was"], [], [], [], [], [], []]


def tracker_answers(position: int) -> dict:
    days = TRACKED if position == 1 else ["Kept some"] * 7
    return {
        "days": days,
        "day_notes": NOTES,
        "promises": ["Home by six", "", "", "", "", ""],
        "kept_share": 8,
        "partner_kept": f"Partner {position} noticed the dishes.",
        "told_partner": "yes",
        "one_promise": "Call the bank on Monday.",
    }


def test_a_grid_is_a_table_of_radios_that_autosaves_row_by_row(app, jordan, case, make_assignment):
    mine = make_assignment(case, TRACKER).responses[0]
    page = jordan.get(f"/portal/responses/{mine.id}").get_data(as_text=True)
    assert 'data-prompt-kind="grid"' in page and 'class="matrix__table"' in page
    assert fields(page, "answer-days-1") == 4 and fields(page, "answer-days-7") == 4
    assert fields(page, "answer-day_notes-3-2") == 1
    assert '<th scope="col">Kept them all</th>' in page

    ws = worksheet(app, TRACKER)
    saved = jordan.post(
        f"/portal/responses/{mine.id}/autosave",
        json=autosave_body(ws, {"days": TRACKED, "day_notes": NOTES}, version=1),
        headers=SAME_SITE,
    )
    assert saved.status_code == 200, saved.json
    answers = stored(app, mine.id).answers
    assert answers["days"] == TRACKED  # row 3 stays row 3 though rows 3, 5, 6 are blank
    assert answers["day_notes"][0] == ["Home by six", "I was"]
    again = jordan.get(f"/portal/responses/{mine.id}").get_data(as_text=True)
    assert 'value="Kept none" checked' in again and 'value="Home by six"' in again


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("answer-days-2", "Maybe", "Choose only from the columns shown."),
        ("answer-days-9", "Kept some", "has a row or column that isn't in this grid"),
        ("answer-day_notes-1-3", "x", "has a row or column that isn't in this grid"),
        ("answer-day_notes-2-1", "y" * 201, "column 'What I promised' is too long (201"),
    ],
)
def test_answers_that_do_not_fit_the_grid_are_refused_beside_it_and_nothing_typed_is_lost(
    app, jordan, case, make_assignment, field, value, message
):
    mine = make_assignment(case, TRACKER).responses[0]
    kept = "Promised to call my sister back"
    form = MultiDict(
        [("answer-day_notes-1-1", kept), ("answer-days-1", "Kept some"), (field, value)]
    )
    refused = jordan.post(
        f"/portal/responses/{mine.id}", data=form | {"version": "1", "action": "save"}
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert message in page.replace("&#39;", "'")
    error_at = page.index('id="days-error"' if "days" in field else 'id="day_notes-error"')
    assert page.rindex('data-prompt-id="', 0, error_at) == page.rindex(
        f'data-prompt-id="{field.split("-")[1]}"', 0, error_at
    )  # the message sits inside the grid it is about
    assert f'value="{kept}"' in page and 'value="Kept some" checked' in page
    assert stored(app, mine.id).answers == {}  # nothing saved while there is a fault

    autosaved = jordan.post(
        f"/portal/responses/{mine.id}/autosave",
        json={"version": 1, "fields": [[field, value]]},
        headers=SAME_SITE,
    )
    assert autosaved.status_code == 422 and message in str(autosaved.json["errors"])


def submit_tracker(app, client, response_id, position):
    ws = worksheet(app, TRACKER)
    sent = client.post(
        f"/portal/responses/{response_id}",
        data=post_data(ws, tracker_answers(position), version=1, action="submit"),
    )
    assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]


def test_grids_side_by_side_in_the_review_and_on_paper(
    app, jordan, sam, signed_in, case, make_assignment
):
    assignment = make_assignment(case, TRACKER)
    first, second = assignment.responses
    submit_tracker(app, jordan, first.id, 1)
    submit_tracker(app, sam, second.id, 2)

    review = signed_in.get(f"/assignments/{assignment.id}").get_data(as_text=True)
    assert "Day 1: Kept them all" in review and "Day 1: Kept some" in review
    assert "Answered differently in 3 row(s): Day 1, Day 4, Day 7" in review
    assert "Day 1. What I promised: Home by six; What happened: I was" in review

    pdf = signed_in.get(f"/handouts/assignments/{assignment.id}/answers.pdf").data
    text = text_of(pdf)
    assert "Kept them all Kept some Kept none Not sure" in text  # the grid's head, twice
    assert text.count("What I promised What happened") >= 2
    assert "Worth discussing · Answered differently in 3 row(s)" in text
    assert "Home by six I was" in text

    mine = text_of(jordan.get(f"/portal/responses/{first.id}.pdf").data)
    assert "Day 1" in mine and "Kept them all" in mine and "Home by six I was" in mine
    assert "Partner 2 noticed" not in mine


def test_the_tracker_prints_its_grid_blank_and_as_fields_that_fit_their_cells(app, signed_in):
    blank = signed_in.get(f"/handouts/worksheets/{TRACKER}.pdf")
    assert blank.status_code == 200
    text = text_of(blank.data)
    assert "Each day, did you keep the promises you made? Tick one box in each row." in text
    assert "Day 7" in text and "What I promised What happened" in text

    fillable = signed_in.get(f"/handouts/worksheets/{TRACKER}.pdf?fillable=1").data
    form = reader(fillable).get_fields()
    assert {"days-1", "days-7", "day_notes-1-1", "day_notes-7-2"} <= set(form)
    for page in reader(fillable).pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if not str(annot.get("/T", "")).startswith("day_notes-"):
                continue
            rect = [float(v) for v in annot["/Rect"]]
            # Two text columns beside the row labels: each field stays inside its cell.
            assert rect[2] - rect[0] < 200 and rect[3] - rect[1] < 24, annot.get("/T")


# Signatures on a together sheet: transparency-agreement, each partner in their own box.


def sign(client, response_id, position, name, date, version, action="save"):
    return client.post(
        f"/portal/responses/{response_id}",
        data={
            f"answer-signed-{position}-name": name,
            f"answer-signed-{position}-date": date,
            "version": str(version),
            "action": action,
        },
    )


def test_each_partner_signs_their_own_box_on_a_together_agreement(
    app, jordan, sam, case, make_assignment
):
    (shared,) = make_assignment(case, AGREEMENT).responses
    page = jordan.get(f"/portal/responses/{shared.id}").get_data(as_text=True)
    assert "Jordan" in page and "(you write here)" in page
    assert "(only Sam can write here)" in page
    mine_box = page[page.index('name="answer-signed-1-name"') - 200 :]
    assert "disabled" not in mine_box[: mine_box.index(">") + 1]
    theirs = page[page.index('id="answer-signed-2-name"') :]
    assert " disabled" in theirs[: theirs.index(">")]

    assert sign(jordan, shared.id, 1, "Jordan Ellis", today(), 1).status_code == 302
    # A post that writes in Sam's box too (as a forged form would) changes only Jordan's.
    forged = jordan.post(
        f"/portal/responses/{shared.id}",
        data={
            "answer-signed-1-name": "Jordan Ellis",
            "answer-signed-1-date": today(),
            "answer-signed-2-name": "Not Sam",
            "answer-signed-2-date": today(),
            "version": "2",
        },
    )
    assert forged.status_code == 302
    assert stored(app, shared.id).answers["signed"] == {
        "1": {"name": "Jordan Ellis", "date": today()}
    }

    future = sign(sam, shared.id, 2, "Sam Whitaker", in_a_week(), 3)
    assert future.status_code == 422
    text = future.get_data(as_text=True)
    assert "The date can&#39;t be in the future" in text
    assert 'value="Sam Whitaker"' in text and f'value="{in_a_week()}"' in text  # kept to fix
    assert stored(app, shared.id).answers["signed"] == {
        "1": {"name": "Jordan Ellis", "date": today()}
    }

    assert sign(sam, shared.id, 2, "Sam Whitaker", today(), 3).status_code == 302
    assert stored(app, shared.id).answers["signed"] == {
        "1": {"name": "Jordan Ellis", "date": today()},
        "2": {"name": "Sam Whitaker", "date": today()},
    }


def test_an_agreement_is_submitted_only_once_both_have_signed(
    app, jordan, signed_in, case, make_assignment
):
    (shared,) = make_assignment(case, AGREEMENT).responses
    ws = worksheet(app, AGREEMENT)
    answers = complete_answers(app, AGREEMENT, 1)
    answers["signed"] = {"1": {"name": "Jordan Ellis", "date": today()}}
    missing = jordan.post(
        f"/portal/responses/{shared.id}",
        data=post_data(ws, answers, version=1, action="submit"),
    )
    assert missing.status_code == 422
    assert "Each of you signs in your own box" in missing.get_data(as_text=True)
    assert "1 question needs an answer" in missing.get_data(as_text=True)
    assert stored(app, shared.id).status == "draft"

    with app.app_context():
        response = db.session.get(Response, shared.id)
        response.answers = {
            **response.answers,
            "signed": {
                **response.answers["signed"],
                "2": {"name": "Sam Whitaker", "date": today()},
            },
        }
        db.session.commit()
    sent = jordan.post(
        f"/portal/responses/{shared.id}",
        data=post_data(ws, answers, version=3, action="submit"),  # the draft, then Sam's name
    )
    assert sent.status_code == 302, sent.get_data(as_text=True)[:3000]
    assert stored(app, shared.id).status == "submitted"

    review = signed_in.get(f"/assignments/{shared.assignment_id}").get_data(as_text=True)
    assert "Jordan: Signed by Jordan Ellis on" in review
    assert "Sam: Signed by Sam Whitaker on" in review
    pdf = text_of(signed_in.get(f"/handouts/assignments/{shared.assignment_id}/answers.pdf").data)
    assert "Jordan Ellis" in pdf and f"{today()} Full name, Jordan Date" in pdf
    assert "Sam Whitaker" in pdf and "Full name, Sam Date" in pdf
    ours = text_of(jordan.get(f"/portal/responses/{shared.id}.pdf").data)
    assert "Full name, Jordan" in ours and "Sam Whitaker" in ours


def test_a_signature_prints_as_lines_to_sign_and_as_fields(app, signed_in):
    text = text_of(signed_in.get(f"/handouts/worksheets/{AGREEMENT}.pdf").data)
    assert "We agree to try this until the review date." in text
    assert text.count("Full name, Partner") == 2 and "Date" in text
    fillable = signed_in.get(f"/handouts/worksheets/{AGREEMENT}.pdf?fillable=1").data
    form = reader(fillable).get_fields()
    assert {"signed-1-name", "signed-1-date", "signed-2-name", "signed-2-date"} <= set(form)


# each_partner and info, on the sampler sheet.


@pytest.fixture
def sampler(app, tmp_path):
    add_sampler(app, tmp_path)


def test_each_partner_has_a_box_of_their_own_and_info_is_text_to_read(
    app, sampler, jordan, sam, signed_in, case, make_assignment
):
    (shared,) = make_assignment(case, SLUG).responses
    page = jordan.get(f"/portal/responses/{shared.id}").get_data(as_text=True)
    assert INFO_TEXT in page and 'data-prompt-kind="info"' in page
    assert "(only Sam can write here)" in page
    assert fields(page, "answer-hope-1") == 1 and fields(page, "answer-hope-2") == 1

    saved = jordan.post(
        f"/portal/responses/{shared.id}/autosave",
        json={"version": 1, "fields": [["answer-hope-1", "A calm home."]]},
        headers=SAME_SITE,
    )
    assert saved.status_code == 200
    saved = sam.post(
        f"/portal/responses/{shared.id}/autosave",
        json={
            "version": 2,
            "fields": [["answer-hope-2", "More laughing."], ["answer-hope-1", "Overwritten?"]],
        },
        headers=SAME_SITE,
    )
    assert saved.status_code == 200
    assert stored(app, shared.id).answers["hope"] == {"1": "A calm home.", "2": "More laughing."}
    on_sams_page = sam.get(f"/portal/responses/{shared.id}").get_data(as_text=True)
    jordans_box = on_sams_page[on_sams_page.index('id="answer-hope-1"') :]
    assert " disabled" in jordans_box[: jordans_box.index(">")]
    assert "A calm home." in on_sams_page

    submitted = jordan.post(
        f"/portal/responses/{shared.id}",
        data={
            "answer-hope-1": "A calm home.",
            "answer-weeks-1": ["Week 1", "Week 3"],
            "answer-signed-1-name": "Jordan Ellis",
            "answer-signed-1-date": today(),
            "version": "3",
            "action": "submit",
        },
    )
    assert submitted.status_code == 422  # Sam has not signed
    text = submitted.get_data(as_text=True)
    assert "Each of you signs in your own box" in text
    assert 'id="about-error"' not in text  # the info block is never unanswered

    with app.app_context():
        response = db.session.get(Response, shared.id)
        signed = dict(response.answers["signed"])
        signed["2"] = {"name": "Sam Whitaker", "date": today()}
        response.answers = {**response.answers, "signed": signed}
        db.session.commit()
    sent = jordan.post(
        f"/portal/responses/{shared.id}",
        data={
            "answer-hope-1": "A calm home.",
            "answer-weeks-1": ["Week 1", "Week 3"],
            "answer-signed-1-name": "Jordan Ellis",
            "answer-signed-1-date": today(),
            "version": "5",
            "action": "submit",
        },
    )
    assert sent.status_code == 302, sent.get_data(as_text=True)[:3000]

    review = signed_in.get(f"/assignments/{shared.assignment_id}").get_data(as_text=True)
    assert INFO_TEXT in review
    assert "Jordan: A calm home." in review and "Sam: More laughing." in review
    assert "Phone calls: Week 1, Week 3" in review

    pdf = text_of(signed_in.get(f"/handouts/assignments/{shared.assignment_id}/answers.pdf").data)
    assert INFO_TEXT in pdf
    assert "Jordan A calm home. Sam More laughing." in pdf
    ours = text_of(sam.get(f"/portal/responses/{shared.id}.pdf").data)
    assert INFO_TEXT in ours and "Jordan A calm home. Sam More laughing." in ours
    assert "Week 1 Week 2 Week 3" in ours


def test_the_sampler_prints_blank_and_fillable_with_a_box_per_partner(
    app, sampler, signed_in, case, make_assignment
):
    blank = text_of(signed_in.get(f"/handouts/worksheets/{SLUG}.pdf").data)
    assert INFO_TEXT in blank and blank.count("Partner 1") >= 2
    assert "Phone calls" in blank and "Week 3" in blank
    fillable = signed_in.get(f"/handouts/worksheets/{SLUG}.pdf?fillable=1").data
    form = reader(fillable).get_fields()
    assert {"hope-1", "hope-2", "weeks-1-1", "weeks-2-3", "signed-2-name"} <= set(form)
    assignment = make_assignment(case, SLUG)
    printed = text_of(signed_in.get(f"/handouts/assignments/{assignment.id}.pdf").data)
    assert "Jordan" in printed and "Full name, Sam" in printed


# A reading: text, and "I have read this" as its only answer.


def test_a_reading_is_read_ticked_and_shown_as_read_with_when(
    app, jordan, signed_in, case, make_assignment
):
    assignment = make_assignment(case, READING)
    mine = assignment.responses[0]
    page = jordan.get(f"/portal/responses/{mine.id}").get_data(as_text=True)
    assert "Strong feelings are normal" in page and "trouble sleeping" in page
    assert "Tell my counselor I read it" in page and fields(page, "answer-read") == 1

    unticked = jordan.post(
        f"/portal/responses/{mine.id}", data={"version": "1", "action": "submit"}
    )
    assert unticked.status_code == 422
    assert "Tick the box to say you have read this" in unticked.get_data(as_text=True)

    ticked = jordan.post(
        f"/portal/responses/{mine.id}",
        data={"answer-read": "yes", "version": "2", "action": "submit"},
    )
    assert ticked.status_code == 302
    response = stored(app, mine.id)
    assert response.status == "submitted" and response.answers == {"read": "yes"}

    review = signed_in.get(f"/assignments/{assignment.id}").get_data(as_text=True)
    assert "Read on " in review and "Not submitted yet" in review  # Sam has not read it
    pdf = text_of(signed_in.get(f"/handouts/assignments/{assignment.id}/answers.pdf").data)
    assert "Strong feelings are normal" in pdf and "Read, " in pdf
    mine_pdf = text_of(jordan.get(f"/portal/responses/{mine.id}.pdf").data)
    assert "What helps for now" in mine_pdf and "I have read this." in mine_pdf
    blank = text_of(signed_in.get(f"/handouts/worksheets/{READING}.pdf").data)
    assert "Your mind and body feel it too" in blank and "I have read this." in blank


def test_signatures_and_the_read_box_autosave_like_every_answer(app, jordan, case, make_assignment):
    (shared,) = make_assignment(case, AGREEMENT).responses
    url = f"/portal/responses/{shared.id}/autosave"
    future = jordan.post(
        url,
        json={
            "version": 1,
            "fields": [
                ["answer-signed-1-name", "Jordan Ellis"],
                ["answer-signed-1-date", in_a_week()],
            ],
        },
        headers=SAME_SITE,
    )
    assert future.status_code == 422
    assert future.json["errors"] == {
        "signed": "The date can't be in the future. Use the date you sign."
    }
    signed = jordan.post(
        url,
        json={
            "version": 1,
            "fields": [["answer-signed-1-name", "Jordan Ellis"], ["answer-signed-1-date", today()]],
        },
        headers=SAME_SITE,
    )
    assert signed.status_code == 200 and signed.json["version"] == 2

    reading = make_assignment(case, READING).responses[0]
    read = jordan.post(
        f"/portal/responses/{reading.id}/autosave",
        json={"version": 1, "fields": [["answer-read", "yes"]]},
        headers=SAME_SITE,
    )
    assert read.status_code == 200 and stored(app, reading.id).answers == {"read": "yes"}
    odd = jordan.post(
        f"/portal/responses/{reading.id}/autosave",
        json={"version": 2, "fields": [["answer-read", "maybe"]]},
        headers=SAME_SITE,
    )
    assert odd.status_code == 422 and "Tick the box" in odd.json["errors"]["read"]
