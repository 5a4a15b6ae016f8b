"""The blank handout of a library worksheet: its text, page sizes and fillable fields."""

from __future__ import annotations

from datetime import date

import pytest

from practice.handouts.documents import (
    PrintSettings,
    blank_handout,
    download_name,
    page_size_or_default,
)
from practice.library.loader import get_library
from practice.library.schema import Worksheet

from .pdfs import reader, squash, text_of

SLUG = "trust-rebuilding-plan"
LETTER, A4 = (612, 792), (595, 842)  # in points


def handout(app, slug=SLUG, *, fillable=False, size="letter", name="Harbor Light Counseling"):
    with app.app_context():
        worksheet = get_library().get(slug)
        return worksheet, blank_handout(worksheet, PrintSettings(name, size), fillable=fillable)


def writable_fields(worksheet: Worksheet) -> set[str]:
    """The naming scheme: one field per prompt named by its id, except list entries,
    checklist options and each partner's own box, one per entry, option or partner as
    <id>-<n>; plus the name and date lines."""
    names = {"sheet-name", "sheet-date"}
    for prompt in worksheet.all_prompts():
        if prompt.kind == "list":
            names |= {f"{prompt.id}-{n}" for n in range(1, prompt.entries + 1)}
        elif prompt.kind == "checklist":
            names |= {f"{prompt.id}-{n}" for n in range(1, len(prompt.options) + 1)}
        elif prompt.kind == "each_partner":
            names |= {f"{prompt.id}-1", f"{prompt.id}-2"}
        else:
            names.add(prompt.id)
    return names


def test_the_blank_handout_has_every_prompt_the_practice_and_page_numbers(app):
    worksheet, pdf = handout(app)
    text = text_of(pdf)
    for prompt in worksheet.all_prompts():
        assert squash(prompt.label) in text, prompt.id
    for section in worksheet.sections:
        assert squash(section.title) in text
    assert worksheet.title in text
    assert "HARBOR LIGHT COUNSELING" in text.upper()
    pages = len(reader(pdf).pages)
    assert "Page 1 of" in text and f"Page {pages} of {pages}" in text
    assert "Confidential" in text
    assert "Choose one." in text  # the choice prompt says how to answer
    assert reader(pdf).get_fields() is None  # for writing by hand: no form


@pytest.mark.parametrize(("size", "points"), [("letter", LETTER), ("a4", A4)])
def test_page_size_follows_the_setting(app, size, points):
    _, pdf = handout(app, size=size)
    for page in reader(pdf).pages:
        assert (round(page.mediabox.width), round(page.mediabox.height)) == points


@pytest.mark.parametrize("slug", [SLUG, "emotional-strain-and-safety-check-in"])
def test_the_fillable_handout_has_one_field_per_writable_input(app, slug):
    worksheet, pdf = handout(app, slug, fillable=True)
    pdf_reader = reader(pdf)
    fields = pdf_reader.get_fields()
    assert set(fields) == writable_fields(worksheet)
    # No stray widgets listed as fields of their own (radio buttons belong to their group).
    assert len(pdf_reader.trailer["/Root"]["/AcroForm"]["/Fields"]) == len(fields)
    kinds = {prompt.id: prompt.kind for prompt in worksheet.all_prompts()}
    for name, field in fields.items():
        kind = kinds.get(name.rsplit("-", 1)[0] if "-" in name else name)
        expected = "/Btn" if kind in ("scale", "choice", "yes_no", "checklist") else "/Tx"
        assert field["/FT"] == expected, name
    text = text_of(pdf)
    for prompt in worksheet.all_prompts():
        assert squash(prompt.label) in text


def test_the_fillable_radio_groups_offer_each_answer(app):
    # The trust plan's readiness scale moved to a private follow-up (issue 12).
    worksheet, pdf = handout(app, "after-joint-work-check-in", fillable=True)
    fields = reader(pdf).get_fields()
    felt_safe = next(p for p in worksheet.all_prompts() if p.id == "felt_safe")
    assert len(fields["felt_safe"]["/_States_"]) == felt_safe.max - felt_safe.min + 1


def test_page_size_or_default():
    assert page_size_or_default(None, "A4") == "a4"
    assert page_size_or_default("", None) == "letter"
    assert page_size_or_default(None, "tabloid") == "letter"
    assert page_size_or_default("Letter", "a4") == "letter"
    assert page_size_or_default("b5", "a4") is None


def test_download_names_come_from_the_slug_and_the_date_only():
    day = date(2026, 3, 9)
    assert download_name(SLUG, day) == f"{SLUG}-2026-03-09.pdf"
    assert download_name(SLUG, day, fillable=True) == f"{SLUG}-2026-03-09-fillable.pdf"
    assert download_name('../"x"\r\n.pdf', day) == "xpdf-2026-03-09.pdf"
    assert download_name("", day) == "handout-2026-03-09.pdf"
