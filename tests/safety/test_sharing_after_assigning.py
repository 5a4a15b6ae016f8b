"""Sharing turned on or off after assigning, under the same safety rules as the assign form."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import Assignment, AuditEvent

from ..conftest import Auth
from ..homework.helpers import complete_answers, post_data, worksheet

SHAREABLE = "naming-the-trust-problem"
PRIVATE = "relationship-safety-screen"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


@pytest.fixture
def unscreened(counselor, make_couple):
    return make_couple(counselor, names=("Casey Lee", "Robin Park"), screening="not-screened")


def shared(app, assignment) -> bool:
    with app.app_context():
        return db.session.get(Assignment, assignment.id).share_when_both_submitted


def actions(app) -> list[tuple[str, str | None]]:
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        return [
            (e.action, e.detail) for e in events if "sharing" in e.action or "joint" in e.action
        ]


def test_sharing_is_turned_on_and_off_from_the_review_page(app, signed_in, case, make_assignment):
    assignment = make_assignment(case, SHAREABLE)
    page = signed_in.get(f"/assignments/{assignment.id}").get_data(as_text=True)
    assert "Let the partners see each other's answers once both submit" in page

    on = signed_in.post(f"/assignments/{assignment.id}/sharing", data={"share": "on"})
    assert on.status_code == 302 and shared(app, assignment)
    page = signed_in.get(f"/assignments/{assignment.id}").get_data(as_text=True)
    assert "will see each other's answers once both have submitted" in page

    signed_in.post(f"/assignments/{assignment.id}/sharing", data={"share": "off"})
    assert not shared(app, assignment)
    assert [action for action, _ in actions(app)] == [
        "assignment-sharing-on",
        "assignment-sharing-off",
    ]


def test_sharing_on_an_unscreened_case_asks_for_a_reason(
    app, signed_in, unscreened, make_assignment
):
    assignment = make_assignment(unscreened, SHAREABLE)
    page = signed_in.get(f"/assignments/{assignment.id}").get_data(as_text=True)
    assert "has not been screened for safety yet" in page

    refused = signed_in.post(f"/assignments/{assignment.id}/sharing", data={"share": "on"})
    assert refused.status_code == 422
    assert "Say why sharing is right for this couple now" in refused.get_data(as_text=True)
    assert not shared(app, assignment)

    reason = "Each partner screened alone in session; both asked to read the other's answers."
    done = signed_in.post(
        f"/assignments/{assignment.id}/sharing", data={"share": "on", "reason": reason}
    )
    assert done.status_code == 302 and shared(app, assignment)
    assert ("joint-work-confirm", f"sharing {SHAREABLE}: not-screened: {reason}") in actions(app)


def test_a_replayed_post_cannot_share_a_private_worksheet(app, signed_in, case, make_assignment):
    assignment = make_assignment(case, PRIVATE)
    page = signed_in.get(f"/assignments/{assignment.id}").get_data(as_text=True)
    assert "never the other partner" in page and "once both submit</button>" not in page

    refused = signed_in.post(f"/assignments/{assignment.id}/sharing", data={"share": "on"})
    assert refused.status_code == 422
    assert "This worksheet is private" in refused.get_data(as_text=True)
    assert not shared(app, assignment)


def test_answers_written_for_the_counselor_alone_are_never_shared_afterwards(
    app, signed_in, case, make_assignment, make_client_account
):
    assignment = make_assignment(case, SHAREABLE)
    jordan = Auth(app.test_client())
    jordan.sign_in(make_client_account(case, 1))
    answers = complete_answers(app, SHAREABLE, 1)
    jordan.client.post(
        f"/portal/responses/{assignment.responses[0].id}",
        data=post_data(worksheet(app, SHAREABLE), answers, version=1, action="submit"),
    )

    page = signed_in.get(f"/assignments/{assignment.id}").get_data(as_text=True)
    assert "only before either partner submits" in page
    refused = signed_in.post(f"/assignments/{assignment.id}/sharing", data={"share": "on"})
    assert refused.status_code == 422
    assert "answered believing only you would read it" in refused.get_data(as_text=True)
    assert not shared(app, assignment)
