"""Private safety worksheets print under a neutral title unless the counselor picks the full one."""

from __future__ import annotations

import pytest

from ..conftest import Auth
from ..handouts.pdfs import reader, text_of

SCREEN = "relationship-safety-screen"
CLINICAL = "Relationship Safety Screen"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


def test_the_blank_handout_has_a_neutral_title_in_text_name_and_metadata(signed_in):
    response = signed_in.get(f"/handouts/worksheets/{SCREEN}.pdf")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert "filename=wellbeing-worksheet-20" in disposition and "safety" not in disposition
    pdf = response.data
    text = text_of(pdf)
    assert "Wellbeing worksheet" in text
    assert CLINICAL not in text and "Safety Screen" not in text
    assert reader(pdf).metadata.title == "Wellbeing worksheet"
    assert b"Safety Screen" not in pdf
    # The practice's crisis lines print under the instructions.
    assert "988 Suicide & Crisis Lifeline" in text


def test_the_counselor_can_pick_the_full_title(signed_in):
    response = signed_in.get(f"/handouts/worksheets/{SCREEN}.pdf?title=full")
    assert "filename=relationship-safety-screen-20" in response.headers["Content-Disposition"]
    assert CLINICAL in text_of(response.data)
    assert reader(response.data).metadata.title == CLINICAL


def test_a_worksheet_without_safety_questions_keeps_its_title(signed_in):
    response = signed_in.get("/handouts/worksheets/naming-the-trust-problem.pdf")
    assert "filename=naming-the-trust-problem-20" in response.headers["Content-Disposition"]


def test_assignment_handouts_and_a_partners_copy_are_neutral(
    app, signed_in, case, make_assignment, make_client_account
):
    from ..conftest import Auth

    assignment = make_assignment(case, SCREEN)
    handout = signed_in.get(f"/handouts/assignments/{assignment.id}.pdf")
    assert "filename=wellbeing-worksheet-20" in handout.headers["Content-Disposition"]
    assert CLINICAL not in text_of(handout.data)
    assert reader(handout.data).metadata.title == "Wellbeing worksheet"
    copy = signed_in.get(f"/handouts/assignments/{assignment.id}.pdf?partner={case.partners[0].id}")
    assert "filename=wellbeing-worksheet-20" in copy.headers["Content-Disposition"]
    assert CLINICAL not in text_of(copy.data)

    jordan = Auth(app.test_client())
    jordan.sign_in(make_client_account(case, 1))
    response_id = assignment.responses[0].id
    page = jordan.client.get(f"/portal/responses/{response_id}").get_data(as_text=True)
    assert "<title>Wellbeing worksheet" in page
    assert "so it stays private if someone else sees it" in page
    jordan.client.post(
        f"/portal/responses/{response_id}",
        data={"version": "1", "action": "save", "answer-afraid": "no"},
    )
    mine = jordan.client.get(f"/portal/responses/{response_id}.pdf")
    assert "filename=wellbeing-worksheet-my-answers-20" in mine.headers["Content-Disposition"]
    assert CLINICAL not in text_of(mine.data)
    assert reader(mine.data).metadata.title == "Wellbeing worksheet"


def test_the_portal_lists_a_discreet_sheet_under_its_neutral_title(
    app, case, make_assignment, make_client_account
):
    screen = make_assignment(case, SCREEN)
    jordan = Auth(app.test_client())
    jordan.sign_in(make_client_account(case, 1))
    home = jordan.client.get("/portal/").get_data(as_text=True)
    assert "Wellbeing worksheet" in home
    assert CLINICAL not in home and "Safety" not in home  # over a shoulder, nothing of safety
    page = jordan.client.get(f"/portal/responses/{screen.responses[0].id}").get_data(as_text=True)
    assert "<title>Wellbeing worksheet" in page
