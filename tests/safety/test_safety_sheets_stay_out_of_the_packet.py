"""Sheets about safety never go in the couple's homework packet: each partner's copy prints
alone, from the case page, the assignment page and a signed note.

The packet is one file the couple takes home together. A partner who finds the other's safety
screen or safety plan in it learns what they were asked, and may see what was written on it.
"""

from __future__ import annotations

import pytest

from practice.library.loader import get_library

from ..handouts.cases import audit_rows, response_ids, set_answers
from ..handouts.pdfs import reader, squash, text_of
from ..notes.records import add_note, add_session

SCREEN = "relationship-safety-screen"
SHARED = "preparing-for-counseling"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


def screen_questions(app) -> list[str]:
    """The screen's questions that the shared sheet does not also ask."""
    with app.app_context():
        library = get_library()
        shared = {squash(p.label) for p in library.get(SHARED).all_prompts()}
        asked = [squash(p.label) for p in library.get(SCREEN).all_prompts()]
    return [question for question in asked if question not in shared]


def partners(couple) -> dict[str, int]:
    return {p.full_name: p.id for p in couple.partners}


def test_the_packet_holds_the_shared_homework_and_no_safety_sheet(
    app, signed_in, case, make_assignment
):
    shared = make_assignment(case, SHARED, due_in_days=9)
    make_assignment(case, SCREEN, due_in_days=2)  # due first: it would have led the packet
    response = signed_in.get(f"/handouts/cases/{case.id}/packet.pdf")
    assert response.status_code == 200
    text = text_of(response.data)
    cover = squash(reader(response.data).pages[0].extract_text())
    assert shared.title in cover and "1 worksheet" in cover
    assert "Wellbeing worksheet" not in text and "Safety" not in text
    for question in screen_questions(app):
        assert question not in text, question
    # Both partners' copies of the shared sheet are still there.
    assert text.count("Name Jordan Ellis") == 1 and text.count("Name Sam Whitaker") == 1


def test_each_partners_copy_of_a_safety_sheet_prints_alone_under_the_neutral_title(
    app, signed_in, case, make_assignment
):
    screen = make_assignment(case, SCREEN)
    ids = partners(case)
    for name, other in (("Jordan Ellis", "Sam Whitaker"), ("Sam Whitaker", "Jordan Ellis")):
        url = f"/handouts/assignments/{screen.id}.pdf?partner={ids[name]}"
        response = signed_in.get(url)
        assert response.status_code == 200
        assert "filename=wellbeing-worksheet-20" in response.headers["Content-Disposition"]
        text = text_of(response.data)
        assert f"Name {name}" in text and other not in text
        assert "Relationship Safety Screen" not in text
        assert reader(response.data).metadata.title == "Wellbeing worksheet"
        assert screen_questions(app)[0] in text
    # Each print is audited like any other handout with client data.
    assert len(audit_rows(app, "pdf-assignment")) == 2


def test_a_partner_copy_is_only_for_a_partner_who_answers_that_sheet(
    app, signed_in, case, counselor, make_couple, make_assignment
):
    screen = make_assignment(case, SCREEN)
    elsewhere = make_couple(counselor)
    make_assignment(elsewhere, SCREEN)
    stranger = elsewhere.partners[0].id
    for partner in (str(stranger), "0", "jordan", ""):
        url = f"/handouts/assignments/{screen.id}.pdf?partner={partner}"
        assert signed_in.get(url).status_code == 404, partner


def test_the_case_page_offers_each_partners_copy_of_a_safety_sheet_still_to_do(
    app, signed_in, case, make_assignment
):
    screen = make_assignment(case, SCREEN)
    ids = partners(case)
    page = signed_in.get(f"/cases/{case.id}").text
    assert "Not in the homework packet" in page
    for name in ("Jordan Ellis", "Sam Whitaker"):
        assert f"/handouts/assignments/{screen.id}.pdf?partner={ids[name]}" in page
    # Nothing else is open, so there is no packet to offer.
    assert f"/handouts/cases/{case.id}/packet.pdf" not in page

    set_answers(app, response_ids(screen)[0], {}, "submitted")  # Jordan has sent theirs in
    page = signed_in.get(f"/cases/{case.id}").text
    assert f"partner={ids['Sam Whitaker']}" in page
    assert f"partner={ids['Jordan Ellis']}" not in page


def test_a_packet_of_safety_sheets_alone_says_why_there_is_none(
    app, signed_in, case, make_assignment
):
    make_assignment(case, SCREEN)
    response = signed_in.get(f"/handouts/cases/{case.id}/packet.pdf")
    assert response.status_code == 302
    page = signed_in.get(response.headers["Location"]).text
    assert "ask about safety, and those never go in the couple&#39;s packet" in page


def test_the_assignment_page_of_a_safety_sheet_prints_per_partner_not_the_packet(
    app, signed_in, case, make_assignment
):
    make_assignment(case, SHARED)
    screen = make_assignment(case, SCREEN)
    page = signed_in.get(f"/assignments/{screen.id}").text
    assert "Homework packet PDF" not in page
    for name, client_id in partners(case).items():
        assert f"{name}\u2019s copy (PDF)" in page
        assert f"/handouts/assignments/{screen.id}.pdf?partner={client_id}" in page


def test_a_signed_note_says_which_sheets_are_given_privately(app, signed_in, case, make_assignment):
    make_assignment(case, SHARED)
    screen = make_assignment(case, SCREEN)
    session_id = add_session(app, case)
    add_note(app, session_id, signed=True)
    page = signed_in.get(f"/sessions/{session_id}/note").text
    assert f'href="/handouts/cases/{case.id}/packet.pdf"' in page
    assert "Not in the homework packet" in page
    assert f"/handouts/assignments/{screen.id}.pdf?partner=" in page
