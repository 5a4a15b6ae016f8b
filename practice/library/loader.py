"""Load worksheet files into a Library; a broken file becomes faults, never a crash."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from flask import Flask, current_app
from pydantic import ValidationError

from practice.library.schema import SECTIONS, Worksheet

from ..resources import WORKSHEETS
from .faults import describe, explain
from .quoting import quoted

MAX_BYTES = 256 * 1024
DEFAULT_DIR = WORKSHEETS
EXTENSION_KEY = "worksheet_library"
_load_lock = threading.Lock()


@dataclass(frozen=True)
class Fault:
    path: str
    field: str  # a field path like "sections[1].prompts[0].max", or "file"
    message: str

    def __str__(self) -> str:
        if not self.field:
            return f"{self.path}: {self.message}"
        return f"{self.path}: {self.field}: {self.message}"


@dataclass
class Library:
    worksheets: dict[str, Worksheet] = field(default_factory=dict)  # by slug, ordered by title
    faults: list[Fault] = field(default_factory=list)

    def get(self, slug: str) -> Worksheet | None:
        return self.worksheets.get(slug)

    def by_section(self) -> dict[str, dict[str, list[Worksheet]]]:
        """Every section and tip of the article, in its order; tips may have no worksheets."""
        grouped: dict[str, dict[str, list[Worksheet]]] = {
            section: {tip: [] for tip in tips} for section, tips in SECTIONS.items()
        }
        for ws in self.worksheets.values():
            grouped[ws.source.section][ws.source.tip].append(ws)
        return grouped

    def versions_of(self, worksheet: Worksheet) -> dict[str, Worksheet]:
        """The worksheet's perspective versions by side ("hurt", "broke-trust", "any");
        a worksheet of no family is its own only version."""
        if worksheet.family is None:
            return {worksheet.perspective: worksheet}
        return {
            ws.perspective: ws for ws in self.worksheets.values() if ws.family == worksheet.family
        }

    def search(self, query: str) -> list[Worksheet]:
        """Worksheets whose title or summary contains every word of the query."""
        words = query.casefold().split()
        return [
            ws
            for ws in self.worksheets.values()
            if all(word in f"{ws.title} {ws.summary}".casefold() for word in words)
        ]


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def leaves_its_folder(path: Path) -> bool:
    """Whether the path is a link that leads out of the folder it sits in.

    A link to /etc/passwd dropped into WORKSHEETS_EXTRA_DIR would otherwise be read, and its
    text shown back in fault messages; a link to another worksheet beside it is fine.
    """
    try:
        if not path.is_symlink():
            return False
        return not path.resolve(strict=True).is_relative_to(path.parent.resolve(strict=True))
    except (OSError, RuntimeError):  # a broken link, or a loop of links
        return True


def load_file(path: Path) -> tuple[Worksheet | None, list[Fault]]:
    """Read and validate one worksheet file; a file with any fault is not loaded."""
    shown = display_path(path)

    def refuse(message: str) -> tuple[None, list[Fault]]:
        return None, [Fault(shown, "file", message)]

    if leaves_its_folder(path):
        return refuse("is a link to a file outside its folder, so it was not read")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return refuse(f"file is too large ({-(-size // 1024)} KiB; the limit is 256 KiB)")
        raw = path.read_bytes()
    except OSError as exc:
        return refuse(f"cannot be read ({exc.strerror or exc})")
    if b"\x00" in raw:
        return refuse("not a UTF-8 text file")
    try:
        data = _parse_yaml(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return refuse("not a UTF-8 text file")
    except RecursionError:
        return refuse("the YAML is nested too deeply")
    except yaml.MarkedYAMLError as exc:
        return refuse(_yaml_message(exc))
    except yaml.reader.ReaderError as exc:
        line = raw.decode("utf-8-sig")[: exc.position].count("\n") + 1
        return refuse(f"line {line} holds a control character YAML refuses (#x{exc.character:04x})")
    except yaml.YAMLError as exc:
        return refuse(f"YAML error: {quoted(exc)}")
    if data is None:
        return refuse("the file is empty")
    if not isinstance(data, dict):
        return refuse(f"expected a mapping of keys (slug, title, ...), found {describe(data)}")
    faults = []
    slug = data.get("slug")
    if isinstance(slug, str) and slug != path.stem:
        message = f"{quoted(slug)} must equal the file name {quoted(path.stem)}"
        faults.append(Fault(shown, "slug", message))
    try:
        worksheet = Worksheet.model_validate(data)
    except ValidationError as exc:
        faults += [Fault(shown, where, message) for where, message in explain(exc)]
        return None, faults
    return (None, faults) if faults else (worksheet, [])


def load_library(dirs: Iterable[Path]) -> Library:
    """Load every *.yaml/*.yml in each folder (or each file given); faults never stop the rest."""
    loaded: dict[str, tuple[Worksheet, str]] = {}
    faults: list[Fault] = []
    seen: set[Path] = set()  # a file named twice (as itself and in its folder) loads once
    for place in dirs:
        files, missing = _worksheet_files(place)
        faults += missing
        for path in files:
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            try:
                worksheet, file_faults = load_file(path)
            except Exception as exc:  # a bug of ours must not take the library down
                worksheet, file_faults = None, [Fault(display_path(path), "file", repr(exc))]
            faults += file_faults
            if worksheet is None:
                continue
            if worksheet.slug in loaded:
                first = loaded[worksheet.slug][1]
                message = f"{worksheet.slug!r} is already defined in {first}"
                faults.append(Fault(display_path(path), "slug", message))
                continue
            loaded[worksheet.slug] = (worksheet, display_path(path))
    faults += _one_version_per_side(loaded)
    ordered = sorted(loaded.values(), key=lambda item: (item[0].title.casefold(), item[0].slug))
    return Library({ws.slug: ws for ws, _ in ordered}, faults)


def _one_version_per_side(loaded: dict[str, tuple[Worksheet, str]]) -> list[Fault]:
    """Two versions of one family for the same side: assigning could not choose between them.
    The second one found (by file) is refused and left out."""
    faults: list[Fault] = []
    first: dict[tuple[str, str], str] = {}
    for slug, (worksheet, path) in sorted(loaded.items(), key=lambda item: item[1][1]):
        if worksheet.family is None:
            continue
        side = (worksheet.family, worksheet.perspective)
        if (other := first.setdefault(side, path)) != path:
            message = (
                f"{quoted(worksheet.perspective)} already has a version in family "
                f"{quoted(worksheet.family)}: {other}"
            )
            faults.append(Fault(path, "perspective", message))
            del loaded[slug]
    return faults


def library_dirs(app: Flask) -> list[Path]:
    """The configured worksheet folders: WORKSHEETS_DIR, then WORKSHEETS_EXTRA_DIR if set."""
    dirs = [Path(app.config.get("WORKSHEETS_DIR") or DEFAULT_DIR)]
    if extra := app.config.get("WORKSHEETS_EXTRA_DIR"):
        dirs.append(Path(extra))
    return dirs


def get_library(app: Flask | None = None) -> Library:
    """The app's library, loaded on first use and cached; its faults are logged once."""
    app = app if app is not None else current_app
    with _load_lock:
        library = app.extensions.get(EXTENSION_KEY)
        if library is None:
            library = load_library(library_dirs(app))
            for fault in library.faults:
                app.logger.warning("worksheet fault: %s", fault)
            app.extensions[EXTENSION_KEY] = library
    return library


def _worksheet_files(place: Path) -> tuple[list[Path], list[Fault]]:
    try:
        if place.is_dir():
            files = [
                p
                for p in sorted(place.iterdir())
                if p.suffix in (".yaml", ".yml") and not p.name.startswith(".") and p.is_file()
            ]
            return files, []
        if place.exists():
            return [place], []
        return [], [Fault(display_path(place), "file", "no such file or folder")]
    except OSError as exc:
        return [], [Fault(display_path(place), "file", f"cannot be read ({exc.strerror or exc})")]


class _RefuseDuplicateKeys:
    """Refuses a key given twice in one mapping (PyYAML would silently keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    twice = f"the key {quoted(key_node.value)} is given twice"
                    raise yaml.constructor.ConstructorError(None, None, twice, key_node.start_mark)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


class _StrictLoader(_RefuseDuplicateKeys, yaml.SafeLoader):
    """The pure-Python parser: slow, but its error messages are the ones we explain."""


# libyaml's parser, when PyYAML was built with it (its wheels are), reads a good file ten
# times faster; that was most of an app's start-up time. A file it refuses is read again by
# the pure-Python parser, so the fault message is the same either way.
_FastStrictLoader = (
    type("_FastStrictLoader", (_RefuseDuplicateKeys, yaml.CSafeLoader), {})
    if hasattr(yaml, "CSafeLoader")
    else _StrictLoader
)


def _parse_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_FastStrictLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a safe loader


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    mark, problem = exc.problem_mark or exc.context_mark, exc.problem or exc.context
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    message = f"YAML syntax error{where}: {problem}"
    start = exc.context_mark
    if exc.context and start and exc.problem_mark and start.line != exc.problem_mark.line:
        message += (
            f" ({exc.context} that starts at line {start.line + 1}, column {start.column + 1})"
        )
    return message
