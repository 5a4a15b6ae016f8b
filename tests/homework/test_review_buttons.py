"""The review (issue 13): "Mark as reviewed" is its own button; an empty "Save feedback"
says nothing was saved; each partner's answer is named for screen readers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import AuditEvent, Response

from .helpers import submit_through_the_portal

SLUG = "preparing-for-counseling"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


@pytest.fixture
def submitted(app, case, make_assignment, make_client_account):
    assignment = make_assignment(case, SLUG)
    partners = [make_client_account(case, position) for position in (1, 2)]
    submit_through_the_portal(app, assignment, partners)
    return assignment


def state(app, response_id) -> tuple[str, str]:
    with app.app_context():
        response = db.session.get(Response, response_id)
        return response.status, response.feedback or ""


def post(client, app, response_id, button: str, text: str = ""):
    with app.app_context():
        version = db.session.get(Response, response_id).version
    data = {f"r{response_id}-feedback": text, f"r{response_id}-version": str(version)}
    data[f"r{response_id}-{button}"] = "y"
    return client.post(f"/responses/{response_id}/feedback", data=data)


def test_the_review_has_a_mark_as_reviewed_button_of_its_own(signed_in, submitted):
    page = signed_in.get(f"/assignments/{submitted.id}").text
    first = submitted.responses[0].id
    assert f'<button type="submit" name="r{first}-mark_reviewed" value="y"' in page
    assert 'type="checkbox"' not in page.split("Feedback for", 1)[1]


def test_save_feedback_with_nothing_written_says_nothing_was_saved(app, signed_in, submitted):
    first = submitted.responses[0].id
    answer = post(signed_in, app, first, "save")
    assert answer.status_code == 422
    assert "Nothing was saved: no feedback is written here yet." in answer.text
    assert "Feedback saved" not in answer.text
    assert state(app, first) == ("submitted", "")
    with app.app_context():
        events = select(AuditEvent).filter_by(action="response-feedback")
        assert not db.session.scalars(events).all()


def test_mark_as_reviewed_with_no_feedback_marks_it_and_claims_no_feedback(
    app, signed_in, submitted
):
    first = submitted.responses[0].id
    answer = post(signed_in, app, first, "mark_reviewed")
    assert answer.status_code == 302
    page = signed_in.get(answer.headers["Location"]).text
    assert "Marked as reviewed." in page and "feedback is saved" not in page
    assert state(app, first) == ("reviewed", "")


def test_save_feedback_keeps_the_words_and_does_not_mark_reviewed(app, signed_in, submitted):
    first = submitted.responses[0].id
    answer = post(signed_in, app, first, "save", "Thank you, Jordan.")
    assert "Feedback saved." in signed_in.get(answer.headers["Location"]).text
    assert state(app, first) == ("submitted", "Thank you, Jordan.")
    post(signed_in, app, first, "mark_reviewed", "Thank you, Jordan.")
    assert state(app, first) == ("reviewed", "Thank you, Jordan.")


def test_mark_both_as_reviewed_in_one_click(app, signed_in, submitted):
    page = signed_in.get(f"/assignments/{submitted.id}").text
    assert "Mark both as reviewed" in page
    answer = signed_in.post(f"/assignments/{submitted.id}/reviewed")
    assert answer.status_code == 302
    assert [state(app, r.id)[0] for r in submitted.responses] == ["reviewed", "reviewed"]
    assert "Mark both as reviewed" not in signed_in.get(f"/assignments/{submitted.id}").text


def test_each_answer_is_named_for_screen_readers_whatever_the_width(signed_in, submitted):
    page = signed_in.get(f"/assignments/{submitted.id}").text
    cells = re.findall(r'class="compare__answer" role="group" aria-labelledby="([^"]+)"', page)
    assert cells and len(cells) % 2 == 0
    for who_id in cells:
        name = re.search(rf'id="{who_id}">([^<]+)</p>', page).group(1)
        assert name in ("Jordan Ellis", "Sam Whitaker")
    css = (Path(__file__).parents[2] / "static/css/app.css").read_text(encoding="utf-8")
    wide = css[css.index("@media (min-width: 860px)") :]
    wide = wide[: wide.index("}\n}") + 3]
    assert ".compare__who { display: none; }" not in wide  # display:none hides it from AT
