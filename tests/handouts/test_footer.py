"""The foot of every handout page: which edition it is, when it was printed, who it comes
from, and how to reach the practice."""

from __future__ import annotations

import pytest

from practice.clock import practice_today
from practice.library.loader import get_library

from ..conftest import test_settings
from .pdfs import reader, squash

CONTACT = "(555) 010-0100 \u00b7 hello@harborlight.example"
PREPARING = "preparing-for-counseling"  # more than one page


@pytest.fixture
def settings(database_url):
    return test_settings(database_url, PRACTICE_CONTACT=CONTACT)


def pages_of(browser, url: str) -> list[str]:
    response = browser.get(url)
    assert response.status_code == 200, response.data[:300]
    return [squash(page.extract_text()) for page in reader(response.data).pages]


def short_date(day) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def test_every_page_of_a_handout_says_its_version_the_day_printed_and_how_to_reach_us(
    app, signed_in
):
    with app.app_context():
        worksheet = get_library().get(PREPARING)
        today = practice_today()
    pages = pages_of(signed_in, f"/handouts/worksheets/{PREPARING}.pdf?fillable=1")
    assert len(pages) > 1
    line = f"Version {worksheet.version} \u00b7 printed {short_date(today)} \u00b7 {CONTACT}"
    for page in pages:
        assert line in page


def test_a_personalised_handout_names_the_counselor_it_comes_from(
    app, signed_in, counselor, make_couple, make_assignment
):
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    assignment = make_assignment(couple, PREPARING)
    pages = pages_of(signed_in, f"/handouts/assignments/{assignment.id}.pdf")
    for page in pages:
        assert f"from {counselor.name} \u00b7 {CONTACT}" in page
        assert f"Version {assignment.worksheet_version} \u00b7 printed" in page
