"""The review's feedback boxes save as the counselor types (the autosave protocol)."""

from __future__ import annotations

import pytest

from practice.extensions import db
from practice.models import Response

from .helpers import submit_through_the_portal

SLUG = "preparing-for-counseling"


@pytest.fixture
def submitted(app, counselor, make_couple, make_assignment, make_client_account):
    case = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    assignment = make_assignment(case, SLUG)
    partners = [make_client_account(case, position) for position in (1, 2)]
    submit_through_the_portal(app, assignment, partners)
    return assignment.responses[0].id


def current(app, response_id) -> Response:
    with app.app_context():
        response = db.session.get(Response, response_id)
        db.session.expunge(response)
        return response


def autosave(client, response_id, text, version, **extra):
    fields = [[f"r{response_id}-feedback", text], [f"r{response_id}-mark_reviewed", "y"], *extra]
    return client.post(
        f"/responses/{response_id}/feedback", json={"version": version, "fields": fields}
    )


def test_feedback_autosaves_without_marking_the_answers_reviewed(app, signed_in, submitted):
    version = current(app, submitted).version
    answer = autosave(signed_in, submitted, "Thank you for this.", version)
    assert answer.status_code == 200
    assert answer.json["version"] == version + 1 and answer.json["saved_at"]
    saved = current(app, submitted)
    assert saved.feedback == "Thank you for this."
    assert saved.status == "submitted"  # only the button marks it reviewed


def test_feedback_autosave_from_a_stale_page_is_a_conflict(app, signed_in, submitted):
    version = current(app, submitted).version
    assert autosave(signed_in, submitted, "First tab.", version).status_code == 200
    stale = autosave(signed_in, submitted, "Second tab, stale.", version)
    assert stale.status_code == 409 and stale.json["conflict"]
    assert current(app, submitted).feedback == "First tab."


def test_feedback_autosave_signed_out_or_too_long_is_refused_and_says_why(
    app, signed_in, submitted
):
    version = current(app, submitted).version
    signed_out = autosave(app.test_client(), submitted, "Words.", version)
    assert signed_out.status_code == 401 and signed_out.json["signed_out"]
    too_long = autosave(signed_in, submitted, "x" * 5001, version)
    assert too_long.status_code == 422 and f"r{submitted}-feedback" in too_long.json["errors"]
    assert current(app, submitted).feedback in ("", None)
