"""An assignment's personalised handout and a case's homework packet, read back with pypdf."""

from __future__ import annotations

import pytest

from practice.clock import practice_today
from practice.library.loader import get_library
from practice.models import Role

from .cases import cancel, response_ids, set_answers
from .pdfs import reader, squash, text_of

PREPARING = "preparing-for-counseling"


def long_date(day) -> str:
    return f"{day:%A, %B} {day.day}, {day.year}"


def pdf_at(browser, url: str) -> bytes:
    response = browser.get(url)
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/pdf"
    return response.data


def test_the_handout_has_names_due_date_instructions_and_every_prompt(
    app, signed_in, counselor, make_couple, make_assignment
):
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    assignment = make_assignment(couple, PREPARING, due_in_days=5)
    text = text_of(pdf_at(signed_in, f"/handouts/assignments/{assignment.id}.pdf"))
    assert "Jordan Ellis" in text and "Sam Whitaker" in text
    assert "Please do this before Thursday." in text  # the counselor's instructions
    assert "A note from Maya Okafor" in text
    assert long_date(assignment.due_date) in text
    assert "HARBOR LIGHT COUNSELING" in text.upper()
    for prompt in assignment.worksheet.all_prompts():
        assert squash(prompt.label) in text, prompt.id
    assert "Page 1 of" in text and "Confidential" in text


def test_each_partner_gets_a_copy_with_their_own_name(
    app, signed_in, counselor, make_couple, make_assignment
):
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    assignment = make_assignment(couple, PREPARING)
    pdf = pdf_at(signed_in, f"/handouts/assignments/{assignment.id}.pdf")
    pages = [squash(page.extract_text()) for page in reader(pdf).pages]
    titled = [n for n, page in enumerate(pages) if "Name Jordan Ellis" in page]
    second = [n for n, page in enumerate(pages) if "Name Sam Whitaker" in page]
    assert titled == [0] and len(second) == 1 and second[0] > 0
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_a_handout_for_one_partner_names_only_them(
    app, signed_in, counselor, make_couple, make_assignment
):
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    assignment = make_assignment(couple, "owning-my-part", position=2)
    text = text_of(pdf_at(signed_in, f"/handouts/assignments/{assignment.id}.pdf"))
    assert "Sam Whitaker" in text and "Jordan Ellis" not in text
    assert "just for you" in text


def test_the_handout_prints_the_snapshot_not_the_library_file(
    app, signed_in, counselor, make_couple, make_assignment
):
    couple = make_couple(counselor)
    assignment = make_assignment(couple, PREPARING)
    with app.app_context():
        library = get_library()
        edited = library.worksheets[PREPARING].model_copy(update={"title": "A Newer Title"})
        library.worksheets[PREPARING] = edited
    try:
        text = text_of(pdf_at(signed_in, f"/handouts/assignments/{assignment.id}.pdf"))
    finally:
        with app.app_context():
            library.worksheets[PREPARING] = assignment.worksheet
    assert assignment.worksheet.title in text and "A Newer Title" not in text


@pytest.fixture
def case_with_homework(app, counselor, make_couple, make_assignment):
    """Four assignments: open, cancelled, submitted by both, submitted by one."""
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    untouched = make_assignment(couple, PREPARING, due_in_days=3)
    cancelled = make_assignment(couple, "caring-for-your-wellbeing")
    cancel(app, cancelled.id)
    finished = make_assignment(couple, "naming-the-trust-problem")
    for response_id in response_ids(finished):
        set_answers(app, response_id, {}, "submitted")
    halfway = make_assignment(couple, "owning-my-part", due_in_days=-2)
    set_answers(app, response_ids(halfway)[0], {}, "reviewed")
    return couple, untouched, cancelled, finished, halfway


def test_the_packet_covers_every_open_assignment_and_only_those(app, signed_in, case_with_homework):
    couple, untouched, cancelled, finished, halfway = case_with_homework
    with app.app_context():
        today = practice_today()
    pdf = pdf_at(signed_in, f"/handouts/cases/{couple.id}/packet.pdf")
    cover = squash(reader(pdf).pages[0].extract_text())
    text = text_of(pdf)
    assert "Homework packet" in cover.title() or "HOMEWORK PACKET" in cover.upper()
    assert "Jordan Ellis and Sam Whitaker" in cover
    assert long_date(today) in cover
    for shown in (untouched, halfway):
        assert shown.title in cover
        assert long_date(shown.due_date) in cover
    for left_out in (cancelled, finished):
        assert left_out.title not in text
    assert "Past due" in cover or "PAST DUE" in cover  # the halfway one is overdue
    assert "Jordan Ellis has already sent theirs in" in cover
    # A copy of each open worksheet for whoever still has it to do: two, then one.
    assert text.count("Name Jordan Ellis") == 1
    assert text.count("Name Sam Whitaker") == 2
    assert "Page 1 of" in text


def test_the_packet_cover_gives_the_page_each_worksheet_starts_on(signed_in, case_with_homework):
    couple, untouched, _, _, halfway = case_with_homework
    pdf = pdf_at(signed_in, f"/handouts/cases/{couple.id}/packet.pdf")
    pages = [squash(page.extract_text()) for page in reader(pdf).pages]
    # Rows come in due order (the overdue one first); each ends with the page it starts on.
    rows = (f"1 {halfway.title}", f"2 {untouched.title}", "Each worksheet starts")
    cover = pages[0]
    for assignment, start, end in zip((halfway, untouched), rows, rows[1:], strict=False):
        row = cover.split(start, 1)[1].split(end, 1)[0]
        first_page = next(n for n, page in enumerate(pages) if page.startswith(assignment.title))
        assert row.endswith(f" {first_page + 1} "), row


def test_each_copy_in_the_packet_starts_on_its_own_sheet_when_printed_two_sided(
    signed_in, case_with_homework
):
    couple = case_with_homework[0]
    pdf = pdf_at(signed_in, f"/handouts/cases/{couple.id}/packet.pdf?printing=1")
    pages = [squash(page.extract_text()) for page in reader(pdf).pages]
    starts = [n for n, page in enumerate(pages, start=1) if " Name " in f" {page}"]
    assert len(starts) == 3  # Jordan once, Sam twice
    # Page numbers count from 1: an odd page is the front of a sheet.
    assert all(n % 2 == 1 for n in starts), starts
    assert any("left blank" in page for page in pages)  # this case needs padding on paper
    for page in pages:
        if "left blank" in page:
            assert "Name " not in page and "Please finish by" not in page


def test_the_packet_to_read_on_screen_has_no_blank_pages(signed_in, case_with_homework):
    couple = case_with_homework[0]
    response = signed_in.get(f"/handouts/cases/{couple.id}/packet.pdf")
    assert "for-printing" not in response.headers["Content-Disposition"]
    pages = [squash(page.extract_text()) for page in reader(response.data).pages]
    printed = reader(pdf_at(signed_in, f"/handouts/cases/{couple.id}/packet.pdf?printing=1"))
    assert not [n for n, page in enumerate(pages, start=1) if "left blank" in page]
    assert len(pages) < len(printed.pages)
    starts = [n for n, page in enumerate(pages, start=1) if " Name " in f" {page}"]
    assert len(starts) == 3  # each copy still starts a page of its own


def test_a_case_without_open_homework_has_no_packet(signed_in, counselor, make_couple):
    couple = make_couple(counselor)
    response = signed_in.get(f"/handouts/cases/{couple.id}/packet.pdf")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{couple.id}")
    page = signed_in.get(response.headers["Location"])
    assert b"no open worksheets" in page.data
    assert b"Homework packet PDF" not in page.data
    assert b"Record PDF" in page.data


def test_the_case_page_offers_the_packet_when_there_is_homework(
    signed_in, counselor, make_couple, make_assignment
):
    couple = make_couple(counselor)
    make_assignment(couple, PREPARING)
    page = signed_in.get(f"/cases/{couple.id}")
    assert f"/handouts/cases/{couple.id}/packet.pdf".encode() in page.data
    assert f"/handouts/cases/{couple.id}/record.pdf".encode() in page.data


@pytest.mark.parametrize("role", [Role.CLIENT, Role.ADMIN])
def test_only_counselors_print_homework(
    app, auth, make_user, counselor, make_couple, make_assignment, role
):
    couple = make_couple(counselor)
    assignment = make_assignment(couple, PREPARING)
    auth.sign_in(make_user(role))
    for url in (
        f"/handouts/assignments/{assignment.id}.pdf",
        f"/handouts/cases/{couple.id}/packet.pdf",
    ):
        assert auth.client.get(url).status_code == 404
