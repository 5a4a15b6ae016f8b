"""Answers on paper: the counselor's side by side, and a partner's own (only their own)."""

from __future__ import annotations

from .cases import response_ids, set_answers, signed_in_as
from .pdfs import squash, text_of

PREPARING = "preparing-for-counseling"
JORDAN = {
    "why_now": "Jordan wrote: the silence at dinner got too loud.",
    "hope_level": 9,
    "worries": ["I will be blamed for everything", "Nothing will change"],
    "free_to_speak": "yes",
    "first_topic": "Jordan's first topic: the phone.",
}
SAM = {
    "why_now": "Sam wrote: we stopped laughing together.",
    "hope_level": 3,
    "worries": ["Nothing will change", "The counselor will take sides"],
    "free_to_speak": "yes",
    "first_topic": "Sam's first topic: the weekends.",
}


def answers_url(assignment) -> str:
    return f"/handouts/assignments/{assignment.id}/answers.pdf"


def test_side_by_side_shows_both_partners_answers_and_marks_what_differs(
    app, signed_in, counselor, make_couple, make_assignment
):
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    assignment = make_assignment(couple, PREPARING)
    jordan, sam = response_ids(assignment)
    set_answers(app, jordan, JORDAN, "reviewed")
    set_answers(app, sam, SAM, "submitted")
    response = signed_in.get(answers_url(assignment))
    assert response.status_code == 200
    text = text_of(response.data)
    for said in (*JORDAN.values(), *SAM.values()):
        if isinstance(said, str) and said != "yes":
            assert said in text
    assert "9 of 10" in text and "3 of 10" in text
    assert "Worth discussing · 6 points apart" in text
    assert "Worth discussing · Some choices were picked by only one partner" in text
    # Picks only one made are marked in words; the one both made is not.
    assert "I will be blamed for everything (only Jordan)" in text
    assert "The counselor will take sides (only Sam)" in text
    assert "Nothing will change (only" not in text
    assert "JORDAN ELLIS" in text.upper() and "SAM WHITAKER" in text.upper()
    assert "Page 1 of" in text


def test_answers_that_raise_a_flag_carry_its_message(
    app, signed_in, counselor, make_couple, make_assignment
):
    couple = make_couple(counselor)
    assignment = make_assignment(couple, PREPARING)
    jordan, sam = response_ids(assignment)
    set_answers(app, jordan, JORDAN | {"free_to_speak": "no"}, "submitted")
    set_answers(app, sam, SAM | {"hope_level": 1}, "draft")  # a draft raises nothing here
    text = text_of(signed_in.get(answers_url(assignment)).data)
    assert text.upper().count("FLAGGED") == 1
    assert "Partner does not feel free to speak openly in joint sessions." in text
    assert "very low hope" not in text


def test_drafts_stay_off_the_counselors_pdf_and_out_of_the_comparison(
    app, signed_in, counselor, make_couple, make_assignment
):
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    assignment = make_assignment(couple, PREPARING)
    jordan, sam = response_ids(assignment)
    set_answers(app, jordan, JORDAN, "submitted")
    set_answers(app, sam, SAM, "draft")
    text = text_of(signed_in.get(answers_url(assignment)).data)
    assert JORDAN["why_now"] in text
    assert SAM["why_now"] not in text and SAM["first_topic"] not in text
    assert "3 of 10" not in text
    assert "Worth discussing ·" not in text and "(only" not in text
    assert "Not submitted yet" in text
    assert "drafts stay private" in text


def test_a_partner_downloads_their_own_answers(
    app, counselor, make_couple, make_assignment, make_client_account
):
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    assignment = make_assignment(couple, PREPARING)
    jordan, sam = response_ids(assignment)
    set_answers(app, jordan, JORDAN, "draft")
    set_answers(app, sam, SAM, "submitted")
    browser = signed_in_as(app, make_client_account(couple, 1))
    page = browser.get(f"/portal/responses/{jordan}")
    assert f"/portal/responses/{jordan}.pdf".encode() in page.data
    assert b"Download my answers (PDF)" in page.data
    response = browser.get(f"/portal/responses/{jordan}.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert f"{PREPARING}-my-answers-" in response.headers["Content-Disposition"]
    text = text_of(response.data)
    assert JORDAN["why_now"] in text and JORDAN["first_topic"] in text
    assert "This is a draft." in text
    assert "Please do this before Thursday." in text
    assert "Page 1 of" in text
    # Never the other partner's words, even though they are submitted.
    assert SAM["why_now"] not in text and "Sam Whitaker" not in text
    assert browser.get(f"/portal/responses/{sam}.pdf").status_code == 404


def test_the_other_partner_gets_only_theirs_too(
    app, counselor, make_couple, make_assignment, make_client_account
):
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    assignment = make_assignment(couple, PREPARING)  # private: never shared (issue 12)
    jordan, sam = response_ids(assignment)
    set_answers(app, jordan, JORDAN, "submitted")
    set_answers(app, sam, SAM, "submitted")  # both submitted, and the assignment shares
    browser = signed_in_as(app, make_client_account(couple, 2))
    text = text_of(browser.get(f"/portal/responses/{sam}.pdf").data)
    assert SAM["why_now"] in text and JORDAN["why_now"] not in text
    assert browser.get(f"/portal/responses/{jordan}.pdf").status_code == 404


def test_nothing_saved_means_nothing_to_download(
    app, counselor, make_couple, make_assignment, make_client_account
):
    couple = make_couple(counselor)
    assignment = make_assignment(couple, PREPARING)
    mine = response_ids(assignment)[0]
    browser = signed_in_as(app, make_client_account(couple, 1))
    assert b"Download my answers" not in browser.get(f"/portal/responses/{mine}").data
    response = browser.get(f"/portal/responses/{mine}.pdf")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/portal/responses/{mine}")
    assert b"nothing to download" in browser.get(response.headers["Location"]).data


def test_shared_answers_print_for_either_partner_with_both_names(
    app, counselor, make_couple, make_assignment, make_client_account
):
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    assignment = make_assignment(couple, "transparency-agreement")
    (shared,) = response_ids(assignment)
    set_answers(app, shared, {"meaning": "Open means no locked phones."}, "draft")
    for position in (1, 2):
        browser = signed_in_as(app, make_client_account(couple, position))
        text = text_of(browser.get(f"/portal/responses/{shared}.pdf").data)
        assert "Open means no locked phones." in text
        assert "Jordan Ellis and Sam Whitaker" in text and "OUR ANSWERS" in text.upper()


def test_a_client_never_gets_the_counselors_pdfs(
    app, counselor, make_couple, make_assignment, make_client_account
):
    couple = make_couple(counselor)
    assignment = make_assignment(couple, PREPARING)
    jordan, sam = response_ids(assignment)
    set_answers(app, jordan, JORDAN, "submitted")
    set_answers(app, sam, SAM, "submitted")
    browser = signed_in_as(app, make_client_account(couple, 1))
    for url in (
        answers_url(assignment),
        f"/handouts/assignments/{assignment.id}.pdf",
        f"/handouts/cases/{couple.id}/packet.pdf",
        f"/handouts/cases/{couple.id}/record.pdf",
    ):
        response = browser.get(url)
        assert response.status_code == 404, url
        assert not response.data.startswith(b"%PDF")
        assert squash(SAM["why_now"]).encode() not in response.data
