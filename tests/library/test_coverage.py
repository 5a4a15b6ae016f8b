"""How well the shipped library covers the article (issue 15): every tip of every section has
at least two entries (worksheets or reading handouts), and the library has at least 40."""

from pathlib import Path

import pytest

from practice.library.loader import Library, load_library
from practice.library.schema import SECTIONS

WORKSHEETS = Path(__file__).resolve().parents[2] / "worksheets"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([WORKSHEETS])


def entries_per_tip(library: Library) -> dict[str, int]:
    return {
        f"{section}/{tip}": len(sheets)
        for section, tips in library.by_section().items()
        for tip, sheets in tips.items()
    }


def short_tips(library: Library) -> dict[str, int]:
    """Every tip with fewer than two entries, and how many it has."""
    return {tip: n for tip, n in entries_per_tip(library).items() if n < 2}


def test_every_tip_of_every_section_is_counted(library: Library) -> None:
    counted = entries_per_tip(library)
    assert len(counted) == sum(len(tips) for tips in SECTIONS.values()) == 20
    assert sum(counted.values()) == len(library.worksheets)


def test_every_tip_has_an_entry(library: Library) -> None:
    assert [tip for tip, n in entries_per_tip(library).items() if n == 0] == []


def test_every_tip_has_at_least_two_entries(library: Library) -> None:
    short = short_tips(library)
    assert short == {}, "tips with fewer than two entries: " + ", ".join(
        f"{tip} ({n})" for tip, n in short.items()
    )


def test_the_library_has_at_least_40_entries(library: Library) -> None:
    assert len(library.worksheets) >= 40
