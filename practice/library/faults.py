"""Pydantic's validation errors in words a worksheet author can act on.

Each error becomes ``(field path, message)``: the path like ``sections[1].prompts[0].max``,
the message plain ("is too long (121 characters; the limit is 120)"), never pydantic's jargon.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from .quoting import quoted
from .schema import KINDS, PROMPT_MODELS, Flag, Section, Source, Worksheet

_CONTAINERS = {"": Worksheet, "source": Source, "sections": Section, "flag": Flag, "flags": Flag}
_PATTERN_HINTS = {
    "slug": "must be lowercase words of a-z and 0-9 joined by single hyphens, "
    "like 'transparency-agreement'",
    "id": "must start with a lowercase letter and use only a-z, 0-9 and _ (at most 40 characters)",
}
_YAML_BOOL = " (YAML reads a bare yes, no, on or off as true/false: put the text in quotes)"


def explain(error: ValidationError) -> list[tuple[str, str]]:
    """Pydantic's errors as (field path, human message) pairs."""
    found: list[tuple[str, str]] = []
    for err in error.errors(include_url=False):
        loc, kind = _drop_kind_tags(err["loc"])
        if err["type"] == "too_short" and len(err["input"]) >= err["ctx"]["min_length"]:
            continue  # pydantic counts only the items that passed; their faults are reported
        if err["type"] == "worksheet_fault":
            found += [(_join(_path(loc), sub), message) for sub, message in err["ctx"]["faults"]]
        elif err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            found.append((_join(_path(loc), "kind"), _kind_message(err["input"])))
        else:
            found.append((_path(loc), _message(err, loc, kind)))
    return found


def _drop_kind_tags(loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], str]:
    """Drop the discriminator tag pydantic puts after `prompts[i]`; return the last one."""
    kept: list[Any] = []
    kind = ""
    for part in loc:
        if len(kept) >= 2 and kept[-2] == "prompts" and isinstance(kept[-1], int) and part in KINDS:
            kind = part
            continue
        kept.append(part)
    return tuple(kept), kind


def _path(loc: Iterable[Any]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def _join(base: str, sub: str) -> str:
    if not base or not sub:
        return base or sub
    return base + sub if sub.startswith("[") else f"{base}.{sub}"


def _kind_message(prompt: Any) -> str:
    expected = ", ".join(k for k in KINDS if k != "read")  # "read" is added, never written
    if isinstance(prompt, dict) and "kind" in prompt:
        return f"unknown kind {quoted(prompt['kind'])}; expected one of: {expected}"
    return f"is required (one of: {expected})"


def _message(err: Any, loc: tuple[Any, ...], kind: str) -> str:
    kind_of_error, ctx, value = err["type"], err.get("ctx", {}), err.get("input")
    name = str(loc[-1]) if loc else ""
    noun = name[:-1] if name in ("options", "prompts", "sections", "rows", "columns") else "item"

    def count(n: int) -> str:
        return f"{n} {noun}{'s' * (n != 1)}"

    messages = {
        "missing": "is required",
        "extra_forbidden": lambda: _unknown_key(loc, kind),
        "string_type": lambda: (
            f"must be text, found {describe(value)}"
            + (_YAML_BOOL if isinstance(value, bool) else "")
        ),
        "string_too_short": "must not be empty",
        "string_too_long": lambda: (
            f"is too long ({len(value)} characters; the limit is {ctx['max_length']})"
        ),
        "string_pattern_mismatch": lambda: _PATTERN_HINTS.get(name, err["msg"]),
        "int_type": lambda: f"must be a whole number, found {describe(value)}",
        "bool_type": lambda: f"must be true or false, found {describe(value)}",
        "greater_than_equal": lambda: f"must be at least {ctx['ge']}, found {value}",
        "less_than_equal": lambda: f"must be at most {ctx['le']}, found {value}",
        "too_short": lambda: (
            f"must have at least {count(ctx['min_length'])} (found {ctx['actual_length']})"
        ),
        "too_long": lambda: (
            f"must have at most {count(ctx['max_length'])} (found {ctx['actual_length']})"
        ),
        "tuple_type": lambda: f"must be a list, found {describe(value)}",
        "model_type": lambda: f"must be a mapping of keys, found {describe(value)}",
        "model_attributes_type": lambda: f"must be a mapping of keys, found {describe(value)}",
        "literal_error": lambda: f"must be {ctx['expected']}, found {describe(value)}",
    }
    message = messages.get(kind_of_error, err["msg"])
    return message() if callable(message) else message


def _unknown_key(loc: tuple[Any, ...], kind: str) -> str:
    key, parent = str(loc[-1]), loc[:-1]
    container = next((part for part in reversed(parent) if isinstance(part, str)), "")
    if container == "prompts" and kind:
        owners = [k for k, model in PROMPT_MODELS.items() if key in model.model_fields]
        if owners:
            return f"{key} is not allowed on a {kind} prompt (only on {', '.join(owners)})"
        fields = list(PROMPT_MODELS[kind].model_fields)
    else:
        fields = list(_CONTAINERS.get(container, Worksheet).model_fields)
    close = difflib.get_close_matches(key, fields, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"expected one of: {', '.join(fields)}"
    return f"unknown key {quoted(key)}; {hint}"


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"text {quoted(value)}"
    if isinstance(value, int | float):
        return str(value)
    names = {type(None): "nothing", list: "a list", dict: "a mapping"}
    return names.get(type(value), type(value).__name__)
