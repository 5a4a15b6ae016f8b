"""The shipped library in worksheets/: valid, complete, inclusive and plain to read."""

import re
from collections import Counter
from pathlib import Path

import pytest
import textstat

from practice.library.loader import Library, load_file, load_library
from practice.library.schema import Worksheet, YesNo

WORKSHEETS = Path(__file__).resolve().parents[2] / "worksheets"
FILES = sorted([*WORKSHEETS.glob("*.yaml"), *WORKSHEETS.glob("*.yml")])
GENDERED = re.compile(
    r"\b(he|she|him|her|his|hers|himself|herself|husband|wife|boyfriend|girlfriend)\b",
    re.IGNORECASE,
)
MAX_GRADE = 8.0
# Readings (kind: reading) are text with one answer, "I have read this": their own shape.
READINGS = [p for p in FILES if re.search(r"^kind: reading$", p.read_text("utf-8"), re.M)]
SHEETS = [p for p in FILES if p not in READINGS]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([WORKSHEETS])


def load(path: Path) -> Worksheet:
    worksheet, faults = load_file(path)
    assert faults == [], "\n".join(map(str, faults))
    assert worksheet is not None
    return worksheet


def in_tip(library: Library, section: str, tip: str) -> list[Worksheet]:
    return library.by_section()[section][tip]


def test_library_loads_without_faults(library: Library) -> None:
    assert library.faults == [], "\n".join(map(str, library.faults))


def test_library_has_at_least_20_worksheets(library: Library) -> None:
    assert len(library.worksheets) >= 20


@pytest.mark.parametrize(
    "section", ["understanding-mistrust", "regaining-trust", "maintaining-trust"]
)
def test_every_tip_has_a_worksheet(library: Library, section: str) -> None:
    empty = [tip for tip, sheets in library.by_section()[section].items() if not sheets]
    assert empty == [], f"{section} tips without a worksheet: {empty}"


def test_every_professional_tip_has_two(library: Library) -> None:
    counts = {tip: len(s) for tip, s in library.by_section()["professional-tips"].items()}
    assert all(n >= 2 for n in counts.values()), counts


def test_emotional_strain_has_a_flagged_yes_no(library: Library) -> None:
    sheets = in_tip(library, "impact", "emotional-strain")
    assert any(
        isinstance(p, YesNo) and p.flag is not None for ws in sheets for p in ws.all_prompts()
    ), [ws.slug for ws in sheets]


def test_infidelity_has_two_for_one_partner(library: Library) -> None:
    sheets = in_tip(library, "understanding-mistrust", "infidelity-or-deception")
    assert len([ws for ws in sheets if ws.audience == "one-partner"]) >= 2


@pytest.mark.parametrize("path", SHEETS, ids=[p.stem for p in SHEETS])
def test_worksheet_shape(path: Path) -> None:
    ws = load(path)
    prompts = list(ws.all_prompts())
    assert 2 <= len(ws.sections) <= 4
    assert 6 <= len(prompts) <= 15
    kinds = Counter(p.kind for p in prompts)
    assert len(kinds) >= 3, dict(kinds)
    assert ws.counselor_notes.strip() and ws.instructions.strip()


@pytest.mark.parametrize("path", READINGS, ids=[p.stem for p in READINGS])
def test_reading_shape(path: Path) -> None:
    ws = load(path)
    assert ws.is_reading and 2 <= len(ws.sections) <= 6
    assert [p.kind for p in ws.all_prompts()] == ["read"]
    assert all(section.text for section in ws.sections)
    assert "When NOT to use" in ws.counselor_notes and ws.instructions.strip()


def test_the_library_has_a_reading(library: Library) -> None:
    assert any(ws.is_reading for ws in library.worksheets.values())


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_no_gendered_words(path: Path) -> None:
    hits = [
        f"line {number}: {match.group()!r}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in GENDERED.finditer(line)
    ]
    assert hits == []


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_reading_level(path: Path) -> None:
    grade = textstat.flesch_kincaid_grade(". ".join(load(path).client_text()))
    assert grade <= MAX_GRADE
