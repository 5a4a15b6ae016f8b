"""Fillable handouts as a client meets them: filled in a PDF tool, then drawn by poppler.

One fillable handout is rendered for the module; each test fills a copy with pypdf (as a
form-filling tool does) and looks at what `pdftoppm` draws where the tick, the dot and the
typed text should be.
"""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfWriter

from practice.demo.people import DEMO_CASES
from practice.handouts.documents import PrintSettings, blank_handout
from practice.library.loader import get_library

from .pdfs import reader
from .pixels import pages_drawn

SLUG = "emotional-strain-and-safety-check-in"  # text, list, scale, checklist, choice, yes/no
DPI = 72  # one pixel per point: a widget's /Rect is its pixel box
_rendered: dict[str, bytes] = {}


@pytest.fixture
def form(app) -> bytes:
    if SLUG not in _rendered:
        with app.app_context():
            worksheet = get_library().get(SLUG)
            _rendered[SLUG] = blank_handout(worksheet, PrintSettings("Harbor Light"), fillable=True)
    return _rendered[SLUG]


@pytest.fixture
def worksheet(app):
    with app.app_context():
        return get_library().get(SLUG)


def filled(pdf: bytes, values: dict[str, str], *, regenerate: bool) -> bytes:
    """`pdf` with `values` set the way pypdf's form filling sets them."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=regenerate)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def widgets(pdf: bytes) -> list[tuple[int, dict]]:
    """(page index, widget dictionary) for every form widget, in page order."""
    found = []
    for index, page in enumerate(reader(pdf).pages):
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Widget":
                found.append((index, annot))
    return found


def widget_named(pdf: bytes, name: str, option: int = 0) -> tuple[int, list[float]]:
    """Page index and /Rect of field `name` (the option-th button of a radio group)."""
    matches = [
        (index, [float(n) for n in w["/Rect"]])
        for index, w in widgets(pdf)
        if w.get("/T", w.get("/Parent", {}).get("/T")) == name
    ]
    return matches[option]


def ink(pdf: bytes, page: int, rect: list[float], *, inset: float = 0.25) -> int:
    """The darkest pixel in the middle of `rect` on `page`, as poppler draws it (0 = black)."""
    image = pages_drawn(pdf, DPI)[page].convert("L")
    left, right = sorted(rect[0::2])
    bottom, top = sorted(rect[1::2])
    width, height = right - left, top - bottom
    box = (
        left + width * inset,
        image.height - top + height * inset,
        right - width * inset,
        image.height - bottom - height * inset,
    )
    return image.crop(tuple(round(n) for n in box)).getextrema()[0]


def test_ticks_dots_and_typed_text_show_once_filled_and_not_before(form):
    check = widget_named(form, "signs_of_strain-3")
    dot = widget_named(form, "unsafe_at_home", option=1)  # "No"
    other = widget_named(form, "unsafe_at_home", option=0)
    text = widget_named(form, "hardest_time")
    for page, rect in (check, dot, text):
        assert ink(form, page, rect) > 200, "a blank form shows nothing in its fields"

    values = {"signs_of_strain-3": "/on", "unsafe_at_home": "/No", "hardest_time": "Evenings"}
    done = filled(form, values, regenerate=False)
    assert ink(done, *check) < 100, "the tick shows"
    assert ink(done, *dot) < 100, "the dot shows"
    assert ink(done, *other) > 200, "the other answer stays empty"
    assert ink(done, *text, inset=0.02) < 100, "the typed text shows"


def test_a_viewer_that_redraws_the_fields_still_shows_ticks_and_text(form):
    """pypdf's default marks the form `NeedAppearances`: poppler then draws each field from
    its /DA and /MK. (Poppler does not redraw a chosen radio button's dot then.)"""
    check = widget_named(form, "signs_of_strain-3")
    text = widget_named(form, "sheet-name")
    done = filled(form, {"signs_of_strain-3": "/on", "sheet-name": "Sam"}, regenerate=True)
    assert ink(done, *check) < 150, "the tick shows"
    assert ink(done, *text, inset=0.02) < 100, "the typed text shows"


def test_every_field_says_how_to_draw_itself_in_every_state(form):
    for _, widget in widgets(form):
        field = widget.get("/Parent", widget).get_object() if "/Parent" in widget else widget
        assert "Tf" in str(widget.get("/DA", field.get("/DA"))), widget.get("/T")
        if field["/FT"] == "/Btn":
            states = set(widget["/AP"]["/N"])
            assert "/Off" in states and len(states) == 2, states
    # The file's own appearances are the ones to show: no viewer redraws them its own way.
    assert reader(form).trailer["/Root"]["/AcroForm"]["/NeedAppearances"].value is False


def test_each_group_and_field_is_named_after_its_question(form, worksheet):
    fields = reader(form).get_fields()
    for prompt in worksheet.all_prompts():
        if prompt.kind in ("scale", "choice", "yes_no", "short_text", "long_text"):
            assert fields[prompt.id]["/TU"] == prompt.label, prompt.id
        elif prompt.kind == "checklist":
            for n, option in enumerate(prompt.options, start=1):
                assert fields[f"{prompt.id}-{n}"]["/TU"] == f"{prompt.label}: {option}"
    # The buttons of a group are heard as their options: "Yes", "No".
    yes_no = [w for _, w in widgets(form) if w.get("/Parent", {}).get("/T") == "unsafe_at_home"]
    assert [w["/TU"] for w in yes_no] == ["Yes", "No"]


def test_tab_order_follows_the_questions_down_the_pages(form, worksheet):
    order = [p.id for p in worksheet.all_prompts()]
    visited = []
    for _, widget in widgets(form):
        name = widget.get("/T", widget.get("/Parent", {}).get("/T"))
        prompt = name.rsplit("-", 1)[0]
        if prompt in order and (not visited or visited[-1] != prompt):
            visited.append(prompt)
    assert visited == [p for p in order if p in visited]
    assert all(page["/Tabs"] == "/S" for page in reader(form).pages)


def test_every_demo_partner_name_can_be_typed_and_shown(form):
    names = [partner[0] for case in DEMO_CASES for partner in case[3]]
    field = next(w for _, w in widgets(form) if w.get("/T") == "sheet-name")
    font_name = str(field["/DA"]).split()[-3]
    font = reader(form).trailer["/Root"]["/AcroForm"]["/DR"]["/Font"][font_name].get_object()
    program = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]["/FontFile2"]
    cmap = TTFont(io.BytesIO(program.get_data())).getBestCmap()
    for name in [*names, "Zoë Łukasz-Nguyễn", "Ольга Петрова"]:
        assert all(ord(c) in cmap for c in name), name
    page, rect = widget_named(form, "sheet-name")
    done = filled(form, {"sheet-name": " and ".join(names[:2])}, regenerate=True)
    assert ink(done, page, rect, inset=0.02) < 100
