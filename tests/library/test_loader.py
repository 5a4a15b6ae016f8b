"""Reading worksheet files and folders: whole-file faults, the library, the app cache."""

import copy
import logging
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask

from practice.library.loader import (
    DEFAULT_DIR,
    EXTENSION_KEY,
    Fault,
    Library,
    get_library,
    load_file,
    load_library,
)
from practice.library.schema import Worksheet

BASE: dict[str, Any] = {
    "version": 1,
    "summary": "A short sheet for the tests.",
    "source": {"section": "maintaining-trust", "tip": "consistency"},
    "audience": "together",
    "minutes": 10,
    "counselor_notes": "Notes.",
    "instructions": "Answer together.",
    "sections": [
        {"title": "Only", "prompts": [{"id": "note", "kind": "short_text", "label": "A note?"}]}
    ],
}


def sheet(slug: str, title: str | None = None, **changes: Any) -> dict[str, Any]:
    data = {"slug": slug, "title": title or slug.replace("-", " ").title(), **copy.deepcopy(BASE)}
    data.update(changes)
    return data


def write(folder: Path, data: Any, name: str | None = None, suffix: str = ".yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name or data['slug']}{suffix}"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def faults_of(path: Path) -> list[str]:
    worksheet, faults = load_file(path)
    assert worksheet is None
    return [str(f) for f in faults]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_fault_prints_as_one_line() -> None:
    assert str(Fault("a.yaml", "title", "is required")) == "a.yaml: title: is required"
    assert str(Fault("a.yaml", "", "gone")) == "a.yaml: gone"


def test_slug_must_equal_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, sheet("right-name"), name="wrong-name")
    assert faults_of(path) == [
        "wrong-name.yaml: slug: 'right-name' must equal the file name 'wrong-name'"
    ]


def test_unclosed_quote_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text('slug: broken\nversion: 1\ntitle: "Our plan\nsummary: x\n', encoding="utf-8")
    assert faults_of(path) == [
        "broken.yaml: file: YAML syntax error at line 5, column 1: found unexpected end of stream "
        "(while scanning a quoted scalar that starts at line 3, column 8)"
    ]


def test_bad_indentation_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "indent.yaml"
    path.write_text("slug: indent\n  title: x\n", encoding="utf-8")
    assert faults_of(path) == [
        "indent.yaml: file: YAML syntax error at line 2, column 8: mapping values are not "
        "allowed here"
    ]


def test_key_given_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    path.write_text("slug: twice\ntitle: A\ntitle: B\n", encoding="utf-8")
    assert faults_of(path) == [
        "twice.yaml: file: YAML syntax error at line 3, column 1: the key 'title' is given twice"
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(text, encoding="utf-8")
    assert faults_of(path) == ["empty.yaml: file: the file is empty"]


@pytest.mark.parametrize(
    ("text", "found"), [("- a\n- b\n", "a list"), ("just words\n", "text 'just words'")]
)
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, found: str) -> None:
    path = tmp_path / "list.yaml"
    path.write_text(text, encoding="utf-8")
    assert faults_of(path) == [
        f"list.yaml: file: expected a mapping of keys (slug, title, ...), found {found}"
    ]


def test_huge_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("slug: huge\nsummary: " + "a" * (300 * 1024) + "\n", encoding="utf-8")
    assert faults_of(path) == ["huge.yaml: file: file is too large (301 KiB; the limit is 256 KiB)"]


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "binary.yaml"
    path.write_bytes(bytes(range(256)) * 8)  # NULs and invalid UTF-8
    assert faults_of(path) == ["binary.yaml: file: not a UTF-8 text file"]


def test_latin1_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("slug: latin\ntitle: Caf\u00e9\n".encode("latin-1"))
    assert faults_of(path) == ["latin.yaml: file: not a UTF-8 text file"]


def test_control_character_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bell.yaml"
    path.write_text("slug: bell\ntitle: ring \x07\n", encoding="utf-8")
    assert faults_of(path) == [
        "bell.yaml: file: line 2 holds a control character YAML refuses (#x0007)"
    ]


def test_utf8_with_bom_loads(tmp_path: Path) -> None:
    path = write(tmp_path, sheet("bom", title="Caf\u00e9 talk"))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    worksheet, faults = load_file(path)
    assert faults == [] and worksheet is not None and worksheet.title == "Caf\u00e9 talk"


def test_duplicate_slug_across_folders(tmp_path: Path) -> None:
    write(tmp_path / "worksheets", sheet("shared-one"))
    write(tmp_path / "extra", sheet("shared-one", title="Practice copy"))
    write(tmp_path / "extra", sheet("own-one"))
    library = load_library([tmp_path / "worksheets", tmp_path / "extra"])
    assert [str(f) for f in library.faults] == [
        "extra/shared-one.yaml: slug: 'shared-one' is already defined in worksheets/shared-one.yaml"
    ]
    assert library.get("shared-one").title == "Shared One"  # the first one wins
    assert set(library.worksheets) == {"shared-one", "own-one"}


def test_yaml_and_yml_in_one_folder_share_the_slug_space(tmp_path: Path) -> None:
    write(tmp_path / "ws", sheet("same"))
    write(tmp_path / "ws", sheet("same"), suffix=".yml")
    library = load_library([tmp_path / "ws"])
    assert [str(f) for f in library.faults] == [
        "ws/same.yml: slug: 'same' is already defined in ws/same.yaml"
    ]


def test_missing_folder_is_a_fault_and_the_rest_loads(tmp_path: Path) -> None:
    write(tmp_path / "ws", sheet("fine"))
    library = load_library([tmp_path / "ws", tmp_path / "nowhere"])
    assert [str(f) for f in library.faults] == ["nowhere: file: no such file or folder"]
    assert list(library.worksheets) == ["fine"]


def test_broken_file_does_not_stop_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    write(folder, sheet("alpha"))
    (folder / "broken.yaml").write_text("slug: [unclosed\n", encoding="utf-8")
    write(folder, sheet("gamma", minutes=500))
    write(folder, sheet("zulu"))
    (folder / "notes.txt").write_text("not a worksheet", encoding="utf-8")
    (folder / ".hidden.yaml").write_text("slug: x", encoding="utf-8")
    write(folder / "nested", sheet("nested-one"))  # folders are not searched recursively
    library = load_library([folder])
    assert list(library.worksheets) == ["alpha", "zulu"]
    assert [f.path for f in library.faults] == ["ws/broken.yaml", "ws/gamma.yaml"]
    assert str(library.faults[1]) == "ws/gamma.yaml: minutes: must be at most 120, found 500"


def test_library_order_lookup_grouping_and_search(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    write(folder, sheet("b-sheet", title="Zebra steps", summary="Weekly check of honesty."))
    write(folder, sheet("a-sheet", title="apple talk", summary="Talk about the week."))
    write(
        folder,
        sheet("c-sheet", title="Middle", source={"section": "impact", "tip": "further-issues"}),
    )
    library = load_library([folder])
    assert list(library.worksheets) == ["a-sheet", "c-sheet", "b-sheet"]  # by title
    assert library.get("a-sheet") is not None and library.get("nope") is None
    grouped = library.by_section()
    assert list(grouped) == [
        "understanding-mistrust",
        "impact",
        "regaining-trust",
        "professional-tips",
        "maintaining-trust",
    ]
    assert [ws.slug for ws in grouped["maintaining-trust"]["consistency"]] == ["a-sheet", "b-sheet"]
    assert [ws.slug for ws in grouped["impact"]["further-issues"]] == ["c-sheet"]
    assert grouped["impact"]["emotional-strain"] == []
    assert [ws.slug for ws in library.search("WEEK")] == ["a-sheet", "b-sheet"]
    assert [ws.slug for ws in library.search("week honesty")] == ["b-sheet"]
    assert library.search("week nothing") == []
    assert len(library.search("  ")) == 3


def test_unreadable_file_is_a_fault(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        folder = tmp_path / "ws"
        (folder / "dir.yaml").mkdir(parents=True)  # a folder named like a file is skipped
        assert load_library([folder]).faults == []
        assert faults_of(folder / "dir.yaml")[0].startswith("ws/dir.yaml: file: cannot be read")
        return
    path = write(tmp_path, sheet("locked"))
    path.chmod(0)
    assert faults_of(path)[0].startswith("locked.yaml: file: cannot be read")


def test_paths_outside_the_working_directory_stay_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "ws", sheet("one"), name="two")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert faults_of(path)[0].startswith(f"{path.as_posix()}: slug:")


def make_app(**config: Any) -> Flask:
    app = Flask(__name__)
    app.config.update(config)
    return app


def test_get_library_loads_once_and_logs_faults(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path / "ws", sheet("one"))
    write(tmp_path / "extra", sheet("two", minutes=1))
    app = make_app(WORKSHEETS_DIR=str(tmp_path / "ws"), WORKSHEETS_EXTRA_DIR=tmp_path / "extra")
    with caplog.at_level(logging.WARNING, logger=app.logger.name):
        library = get_library(app)
        with app.app_context():
            assert get_library() is library
    assert isinstance(library, Library) and list(library.worksheets) == ["one"]
    assert app.extensions[EXTENSION_KEY] is library
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["worksheet fault: extra/two.yaml: minutes: must be at least 5, found 1"]


def test_get_library_defaults_to_the_repo_folder() -> None:
    assert Path(__file__).resolve().parents[2] / "worksheets" == DEFAULT_DIR
    library = get_library(make_app())
    assert all(isinstance(ws, Worksheet) for ws in library.worksheets.values())


def test_deeply_nested_yaml_is_a_fault(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("slug: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    assert faults_of(path) == ["deep.yaml: file: the YAML is nested too deeply"]
