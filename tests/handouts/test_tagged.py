"""Handouts a screen reader can read: tagged, titled, in English, headings and labelled fields
in the order they appear on paper."""

from __future__ import annotations

import pytest

from practice.handouts.documents import PrintSettings, blank_handout
from practice.library.loader import get_library

from .pdfs import reader

SLUG = "emotional-strain-and-safety-check-in"
_rendered: dict[bool, bytes] = {}


@pytest.fixture
def worksheet(app):
    with app.app_context():
        return get_library().get(SLUG)


def handout(app, worksheet, *, fillable: bool) -> bytes:
    if fillable not in _rendered:
        with app.app_context():
            settings = PrintSettings("Harbor Light")
            _rendered[fillable] = blank_handout(worksheet, settings, fillable=fillable)
    return _rendered[fillable]


def structure(pdf: bytes) -> list[tuple[str, object]]:
    """The structure tree depth first: (role, text or field) for headings and form fields.

    A heading's text is its marked content, which pypdf cannot map back; its role and place
    are what a screen reader navigates by, so those are what is read here. A form field is
    given as its name and spoken name (/TU), from the widget its /OBJR points at.
    """
    found: list[tuple[str, object]] = []

    def walk(node) -> None:
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/Type") == "/OBJR":
            widget = node["/Obj"].get_object()
            field = widget.get("/Parent", widget).get_object() if "/Parent" in widget else widget
            found.append(("Field", (str(field["/T"]), str(field.get("/TU", "")))))
            return
        role = str(node.get("/S", ""))
        if role in ("/H1", "/H2", "/Form"):
            found.append((role[1:], None))
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)

    walk(reader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("fillable", [False, True], ids=["blank", "fillable"])
def test_the_handout_is_tagged_titled_and_in_english(app, worksheet, fillable):
    pdf = reader(handout(app, worksheet, fillable=fillable))
    root = pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    # A private safety sheet is titled as it prints: the window bar must not say "safety"
    assert worksheet.discreet and pdf.metadata.title == worksheet.print_title() != worksheet.title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]  # title, not file name, in the bar
    roles = [role for role, _ in structure(handout(app, worksheet, fillable=fillable))]
    assert roles.count("H1") == 1 and roles[0] == "H1"
    assert roles.count("H2") == len(worksheet.sections)


def test_fields_are_labelled_and_read_in_the_order_of_the_page(app, worksheet):
    tree = structure(handout(app, worksheet, fillable=True))
    sections, current = [], None
    for role, value in tree:
        if role == "H2":
            current = []
            sections.append(current)
        elif role == "Field" and current is not None:
            name, spoken = value
            assert spoken, f"{name} has no spoken name"
            prompt = name.rsplit("-", 1)[0]
            if not current or current[-1] != prompt:
                current.append(prompt)
    # Under each section's heading, its questions' fields, in the worksheet's order.
    assert sections == [[p.id for p in section.prompts] for section in worksheet.sections]
    # Every field of the form is in the tree: nothing a screen reader cannot reach.
    fields = {value[0] for role, value in tree if role == "Field"}
    assert fields == set(reader(handout(app, worksheet, fillable=True)).get_fields())
