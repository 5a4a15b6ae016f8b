"""`flask worksheets validate|list` on a minimal app whose library is a temporary folder."""

import copy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from click.testing import Result
from flask import Flask

from practice.library import cli
from practice.library.cli import worksheets_cli
from practice.library.loader import Library

SHEET: dict[str, Any] = {
    "version": 2,
    "summary": "A short sheet for the tests.",
    "source": {"section": "professional-tips", "tip": "seeking-counsel"},
    "audience": "one-partner",
    "minutes": 20,
    "counselor_notes": "Notes.",
    "instructions": "Answer alone.",
    "sections": [
        {"title": "Only", "prompts": [{"id": "why", "kind": "long_text", "label": "Why now?"}]}
    ],
}


def write(folder: Path, slug: str, title: str, **changes: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"slug": slug, "title": title, **copy.deepcopy(SHEET), **changes}
    path = folder / f"{slug}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "worksheets"
    write(folder, "zeta-sheet", "A first title")
    write(
        folder,
        "alpha-sheet",
        "Zed last title",
        source={"section": "impact", "tip": "emotional-strain"},
    )
    return folder


def run(folder: Path, *args: str) -> Result:
    app = Flask(__name__)
    app.config["WORKSHEETS_DIR"] = folder
    result = app.test_cli_runner().invoke(worksheets_cli, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def test_validate_clean_library(library: Path) -> None:
    result = run(library, "validate")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "2 worksheets, no faults\n"


def test_validate_prints_one_line_per_fault(library: Path) -> None:
    write(library, "broken-sheet", "Broken", version=0, minutes="ten")
    result = run(library, "validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "worksheets/broken-sheet.yaml: version: must be at least 1, found 0",
        "worksheets/broken-sheet.yaml: minutes: must be a whole number, found text 'ten'",
    ]
    assert result.stderr == "2 worksheets, 2 faults\n"


def test_validate_given_files_and_folders(library: Path, tmp_path: Path) -> None:
    other = tmp_path / "practice-own"
    write(other, "alpha-sheet", "Practice copy")
    write(other, "own-sheet", "Own")
    result = run(library, "validate", str(library / "zeta-sheet.yaml"), "worksheets", str(other))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [  # zeta-sheet, named twice, is read once
        "practice-own/alpha-sheet.yaml: slug: 'alpha-sheet' is already defined in "
        "worksheets/alpha-sheet.yaml",
    ]
    single = run(library, "validate", "practice-own/own-sheet.yaml")
    assert (single.exit_code, single.stdout) == (0, "")
    assert single.stderr == "1 worksheet, no faults\n"


def test_validate_nonexistent_path(library: Path) -> None:
    result = run(library, "validate", "nowhere.yaml")
    assert result.exit_code == 1
    assert result.stdout == "nowhere.yaml: file: no such file or folder\n"


def test_validate_binary_and_bad_yaml_without_traceback(library: Path) -> None:
    (library / "junk.yaml").write_bytes(b"\x00\xff" * 100)
    (library / "quote.yaml").write_text('title: "open\n', encoding="utf-8")
    result = run(library, "validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "worksheets/junk.yaml: file: not a UTF-8 text file",
        "worksheets/quote.yaml: file: YAML syntax error at line 2, column 1: found unexpected "
        "end of stream (while scanning a quoted scalar that starts at line 1, column 8)",
    ]


def test_list_is_tab_separated_and_sorted_by_slug(library: Path) -> None:
    result = run(library, "list")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "alpha-sheet\tZed last title\timpact/emotional-strain\tworksheet\tany",
        "zeta-sheet\tA first title\tprofessional-tips/seeking-counsel\tworksheet\tany",
    ]
    assert result.stderr == ""


def test_list_shows_each_entry_s_kind_and_perspective(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reading handouts and perspective versions carry `kind` and `perspective`; the list
    # prints them as the last two columns, and a worksheet without them as worksheet/any.
    source = SimpleNamespace(section="regaining-trust", tip="taking-responsibility")
    entries = {
        "owning-my-part-hurt": SimpleNamespace(
            title="Owning My Part", source=source, kind="worksheet", perspective="hurt"
        ),
        "rebuilding-reading": SimpleNamespace(title="Rebuilding", source=source, kind="reading"),
        "plain-sheet": SimpleNamespace(title="Plain", source=source),
    }
    monkeypatch.setattr(cli, "load_library", lambda dirs: Library(entries, []))
    rows = [line.split("\t") for line in run(library, "list").stdout.splitlines()]
    assert [(row[0], row[3], row[4]) for row in rows] == [
        ("owning-my-part-hurt", "worksheet", "hurt"),
        ("plain-sheet", "worksheet", "any"),
        ("rebuilding-reading", "reading", "any"),
    ]
    assert {len(row) for row in rows} == {5}


def test_list_reports_faults_on_stderr(library: Path) -> None:
    write(library, "broken-sheet", "Broken", audience="all")
    result = run(library, "list")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr == (
        "worksheets/broken-sheet.yaml: audience: must be 'each-partner', 'one-partner' or "
        "'together', found text 'all'\n"
    )


def test_list_with_a_missing_library_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(tmp_path / "gone", "list")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "gone: file: no such file or folder\n"
