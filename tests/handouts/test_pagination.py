"""Every shipped worksheet, printed at letter and A4: no leftover page, safety kept together,
and fillable files small enough to email.

Each worksheet is rendered once per page size (blank), plus once fillable at letter; pages
are looked at as poppler draws them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from practice.handouts.documents import PrintSettings, blank_handout
from practice.library.loader import get_library

from .pdfs import reader, squash
from .pixels import emptiest_page_share

WORKSHEETS = Path(__file__).resolve().parents[2] / "worksheets"
SHIPPED = sorted(path.stem for path in WORKSHEETS.glob("*.yaml"))
FILLABLE_GOAL = 150 * 1024
SETTINGS = {size: PrintSettings("Harbor Light Counseling", size) for size in ("letter", "a4")}


def render(app, slug: str, size: str, *, fillable: bool = False):
    with app.app_context():
        worksheet = get_library().get(slug)
        return worksheet, blank_handout(worksheet, SETTINGS[size], fillable=fillable)


def page_texts(pdf: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in reader(pdf).pages]


def safety_prompts(worksheet):
    """(section, prompt) for each yes/no question the counselor is flagged about."""
    return [
        (section, prompt)
        for section in worksheet.sections
        for prompt in section.prompts
        if prompt.kind == "yes_no" and prompt.flag
    ]


@pytest.mark.parametrize("size", ["letter", "a4"])
@pytest.mark.parametrize("slug", SHIPPED)
def test_no_page_is_a_leftover_and_safety_questions_stay_with_their_section(app, slug, size):
    worksheet, pdf = render(app, slug, size)
    pages, emptiest = emptiest_page_share(pdf)
    if pages > 1:
        assert emptiest >= 0.25, f"{slug} ({size}): a page is only {emptiest:.0%} full"
    texts = page_texts(pdf)
    for section, prompt in safety_prompts(worksheet):
        on = [i for i, text in enumerate(texts) if squash(prompt.label)[:60] in text]
        heading = [i for i, text in enumerate(texts) if squash(section.title) in text]
        assert on and on[0] in heading, f"{slug} ({size}): {prompt.id!r} apart from its section"


@pytest.mark.parametrize("slug", SHIPPED)
def test_fillable_handouts_are_small_and_not_left_short(app, slug):
    _, pdf = render(app, slug, "letter", fillable=True)
    assert len(pdf) <= FILLABLE_GOAL, f"{slug}: {len(pdf) // 1024} KB"
    pages, emptiest = emptiest_page_share(pdf)
    assert pages == 1 or emptiest >= 0.25, f"{slug}: a page is only {emptiest:.0%} full"
