"""Perspective versions in the library: each side once per family, or `validate` says why."""

from __future__ import annotations

from pathlib import Path

from ..library.test_cli import library, run, write  # noqa: F401  (fixture and helpers)


def test_a_version_without_its_family_is_refused(library: Path) -> None:  # noqa: F811
    write(library, "hurt-sheet", "Hurt", audience="each-partner", perspective="hurt")
    result = run(library, "validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "worksheets/hurt-sheet.yaml: family: a version for one side (perspective: hurt) needs "
        "the family slug its other versions share"
    ]


def test_two_versions_for_one_side_are_refused(library: Path) -> None:  # noqa: F811
    common = {"audience": "each-partner", "family": "owning", "perspective": "broke-trust"}
    write(library, "owning-a", "Owning A", **common)
    write(library, "owning-b", "Owning B", **common)
    result = run(library, "validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "worksheets/owning-b.yaml: perspective: 'broke-trust' already has a version in family "
        "'owning': worksheets/owning-a.yaml"
    ]


def test_a_together_sheet_cannot_be_for_one_side(library: Path) -> None:  # noqa: F811
    write(library, "plan", "Plan", audience="together", family="plan", perspective="hurt")
    result = run(library, "validate")
    assert result.exit_code == 1
    assert "worksheets/plan.yaml: perspective: a together worksheet" in result.stdout


def test_a_family_lists_its_versions(library: Path) -> None:  # noqa: F811
    write(
        library, "plan-hurt", "Plan H", audience="each-partner", family="plan", perspective="hurt"
    )
    write(
        library,
        "plan-broke",
        "Plan B",
        audience="each-partner",
        family="plan",
        perspective="broke-trust",
    )
    result = run(library, "validate")
    assert result.exit_code == 0, result.stdout
    from practice.library.loader import load_library

    shipped = load_library([library])
    versions = shipped.versions_of(shipped.get("plan-hurt"))
    assert {side: ws.slug for side, ws in versions.items()} == {
        "hurt": "plan-hurt",
        "broke-trust": "plan-broke",
    }


def test_the_shipped_library_has_both_sides_of_three_families() -> None:
    from practice.library.loader import load_library
    from practice.resources import WORKSHEETS

    shipped = load_library([WORKSHEETS])
    assert shipped.faults == []
    for family in ("owning-my-part", "walking-in-your-partners-shoes", "trust-rebuilding-plan"):
        versions = shipped.versions_of(shipped.get(family))
        assert {"hurt", "broke-trust"} <= set(versions), family


def test_the_library_page_filters_by_side_and_links_the_versions(signed_in) -> None:
    page = signed_in.get("/library/?perspective=hurt").get_data(as_text=True)
    assert "My Part in Moving Forward" in page and "Owning My Part" not in page
    assert "For the partner who was hurt" in page
    preview = signed_in.get("/library/owning-my-part").get_data(as_text=True)
    assert "Other versions" in preview and "/library/my-part-in-moving-forward" in preview
    assert "For the partner who broke trust" in preview


def test_the_library_page_filters_by_kind(signed_in) -> None:
    readings = signed_in.get("/library/?kind=reading").get_data(as_text=True)
    assert "Fear or Fact?" in readings and "Owning My Part" not in readings
    assert "5 of 46 worksheets match" in readings
    sheets = signed_in.get("/library/?kind=worksheet").get_data(as_text=True)
    assert "Owning My Part" in sheets and "Fear or Fact?" not in sheets
