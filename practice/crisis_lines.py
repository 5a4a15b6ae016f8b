"""Crisis and domestic-violence lines: a practice setting, never a number in a worksheet.

Worksheets say "the crisis lines below"; pages and PDFs show the lines configured here. The
defaults are the US lines. A practice elsewhere names its own in a YAML file given by
`CRISIS_LINES_FILE`:

    lines:
      - name: Samaritans
        number: "116 123"
        text: Call free, any time, day or night.

A file that can't be read or is malformed changes nothing: the app logs one line per fault,
`PATH: FIELD: message`, and keeps the lines it had (the defaults), so it still starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONFIG_KEY = "CRISIS_LINES"
MAX_LINES = 8
LIMITS = {"name": 80, "number": 40, "text": 200}


@dataclass(frozen=True)
class CrisisLine:
    name: str
    number: str
    text: str


US_LINES = (
    CrisisLine("Emergency services", "911", "Call if you or someone else is in danger right now."),
    CrisisLine(
        "988 Suicide & Crisis Lifeline",
        "988",
        "Call or text 988 if you are thinking about ending your life, or are worried about "
        "someone. Any time, day or night.",
    ),
    CrisisLine(
        "National Domestic Violence Hotline",
        "1-800-799-7233",
        "Call, or text START to 88788, to talk about a partner who hurts, threatens or "
        "controls you. Any time, day or night.",
    ),
)


def load_lines(path: Path) -> tuple[tuple[CrisisLine, ...] | None, list[str]]:
    """The lines a file lists, or None and its faults as `PATH: FIELD: message` lines."""
    shown = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return None, [f"{shown}: file: cannot be read ({exc.strerror or exc})"]
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return None, [f"{shown}: file: not valid YAML ({str(exc).splitlines()[0]})"]
    lines = data.get("lines") if isinstance(data, dict) else None
    if not isinstance(lines, list) or not 1 <= len(lines) <= MAX_LINES:
        return None, [f"{shown}: lines: must be a list of 1 to {MAX_LINES} lines"]
    found, faults = [], []
    for i, entry in enumerate(lines):
        line, entry_faults = _line(entry)
        faults += [f"{shown}: lines[{i}]{fault}" for fault in entry_faults]
        if line is not None:
            found.append(line)
    return (None, faults) if faults else (tuple(found), [])


def _line(entry: Any) -> tuple[CrisisLine | None, list[str]]:
    if not isinstance(entry, dict):
        return None, [": must be a mapping with name, number and text"]
    faults = [
        f".{key}: unknown key; expected name, number, text" for key in entry if key not in LIMITS
    ]
    values = {}
    for key, limit in LIMITS.items():
        value = entry.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a bare 988 in YAML is a number
        if not isinstance(value, str) or not value.strip():
            faults.append(f".{key}: is required (text)")
        elif len(value.strip()) > limit:
            faults.append(f".{key}: is too long (the limit is {limit} characters)")
        else:
            values[key] = value.strip()
    return (None, faults) if faults else (CrisisLine(**values), [])


def configured_lines(setting: str | None, warn) -> tuple[CrisisLine, ...]:
    """The lines of the practice's file, or the US lines when none is set or it is broken."""
    if not setting:
        return US_LINES
    lines, faults = load_lines(Path(setting))
    for fault in faults:
        warn("crisis lines fault (keeping the default lines): %s", fault)
    return lines or US_LINES
