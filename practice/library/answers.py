"""Answers to a worksheet: parse a submitted form, check JSON, find flags, show as text.

What ``answers[prompt.id]`` holds, by prompt kind: short_text and long_text a str; scale an
int; choice one option's text; checklist a list of option texts (in the worksheet's order
when parsed); list a list of ``entries`` strings ("" for a blank entry); yes_no "yes" or "no".
A prompt without an answer has no key. Pure functions: no request, no database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .schema import AnyPrompt, Worksheet

LIMITS = {"short_text": 500, "long_text": 10_000, "list": 500}
FORM_ERROR = "_form"  # the errors key for faults that belong to no prompt
PREFIX = "answer-"
UNKNOWN_QUESTION = (
    "This form had an answer for a question that isn't on this worksheet. "
    "Reload the page and try again."
)
ONE_ANSWER = "This question takes one answer, and the form sent several. Reload the page."
NUL_CHARACTER = "This answer holds a character that can't be saved. Remove it and try again."
# Typed text stays on screen to be fixed; a checklist keeps only its valid ticks.
_KEPT_ON_ERROR = ("short_text", "long_text", "list", "checklist")
_EXPECTED = {
    "short_text": "text",
    "long_text": "text",
    "scale": "a whole number",
    "choice": "one of the options",
    "checklist": "a list of options",
    "list": "a list of entries",
    "yes_no": '"yes" or "no"',
}


def field_names(prompt: AnyPrompt) -> list[str]:
    """The form field names a prompt's inputs use."""
    if prompt.kind == "list":
        return [f"{PREFIX}{prompt.id}-{n}" for n in range(1, prompt.entries + 1)]
    return [f"{PREFIX}{prompt.id}"]


def parse_answers(ws: Worksheet, form: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Answers from submitted form data (a MultiDict), and errors by prompt id.

    Blank answers are left out; required prompts are not checked (drafts may be partial).
    Text that is too long stays in the answers, so the form can show it again: never save
    the answers while there are errors.
    """
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    expected: set[str] = set()
    for prompt in ws.all_prompts():
        names = field_names(prompt)
        expected.update(names)
        value, error = _from_form(prompt, [_values(form, name) for name in names])
        if value is not None and error is None:
            error = _problem(prompt, value)
        if value is not None and (error is None or prompt.kind in _KEPT_ON_ERROR):
            answers[prompt.id] = value
        if error:
            errors[prompt.id] = error
    if any(key.startswith(PREFIX) and key not in expected for key in form):
        errors[FORM_ERROR] = UNKNOWN_QUESTION
    return answers, errors


def validate_answers(ws: Worksheet, answers: Mapping[str, Any]) -> dict[str, str]:
    """Errors by prompt id for already-shaped answers (e.g. JSON from the autosave).

    None and blank values count as "no answer" and pass.
    """
    prompts = {prompt.id: prompt for prompt in ws.all_prompts()}
    errors: dict[str, str] = {}
    for key, value in answers.items():
        prompt = prompts.get(key)
        if prompt is None:
            errors[FORM_ERROR] = UNKNOWN_QUESTION
        elif not _is_blank(value) and (
            error := _type_problem(prompt, value) or _problem(prompt, value)
        ):
            errors[key] = error
    return errors


def missing_required(ws: Worksheet, answers: Mapping[str, Any]) -> list[AnyPrompt]:
    """Required prompts without an answer, in worksheet order."""
    return [p for p in ws.all_prompts() if p.required and _is_blank(answers.get(p.id))]


def flagged(ws: Worksheet, answers: Mapping[str, Any]) -> list[tuple[AnyPrompt, str]]:
    """Prompts whose flag the answer raises, each with the flag's message."""
    found = []
    for prompt in ws.all_prompts():
        flag = getattr(prompt, "flag", None)
        value = answers.get(prompt.id)
        if flag is not None and not _is_blank(value) and _raises(prompt, flag, value):
            found.append((prompt, flag.message))
    return found


def answer_text(prompt: AnyPrompt, value: Any) -> str:
    """The answer as plain text for reviews and PDFs; "" when there is none."""
    if _is_blank(value):
        return ""
    if prompt.kind == "scale":
        if prompt.min in (0, 1):
            return f"{value} of {prompt.max}"
        return f"{value} (on a scale from {prompt.min} to {prompt.max})"
    if prompt.kind == "checklist" and _is_list(value):
        return "; ".join(str(v) for v in value)
    if prompt.kind == "list" and _is_list(value):
        return "\n".join(f"{n}. {v}" for n, v in enumerate(value, 1) if str(v).strip())
    if prompt.kind == "yes_no":
        return {"yes": "Yes", "no": "No"}.get(value, str(value))
    return str(value)


def _values(form: Mapping[str, Any], name: str) -> list[str]:
    if hasattr(form, "getlist"):
        return [str(v) for v in form.getlist(name)]
    value = form.get(name, [])
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _text(raw: str) -> str:
    # Browsers send CRLF; count a line break once. NUL can't be stored in PostgreSQL.
    return raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()


def _from_form(prompt: AnyPrompt, fields: list[list[str]]) -> tuple[Any, str | None]:
    """The answer in its shape from the raw field values, or a shape error."""
    kind = prompt.kind
    if kind == "list":
        entries = [_text(values[0]) if values else "" for values in fields]
        several = any(len([v for v in values if v.strip()]) > 1 for values in fields)
        return (entries if any(entries) else None), (ONE_ANSWER if several else None)
    given = [value for value in (_text(v) for v in fields[0]) if value]
    if kind == "checklist":
        chosen = [option for option in prompt.options if option in given]
        unknown = any(value not in prompt.options for value in given)
        return (chosen or None), (_problem(prompt, [*given]) if unknown else None)
    if not given:
        return None, None
    if len(given) > 1:
        return None, ONE_ANSWER
    if kind == "scale":
        if re.fullmatch(r"-?[0-9]{1,4}", given[0]):
            return int(given[0]), None
        return None, _scale_message(prompt)
    return given[0], None


def _type_problem(prompt: AnyPrompt, value: Any) -> str | None:
    kind = prompt.kind
    if kind == "scale":
        fits = isinstance(value, int) and not isinstance(value, bool)
    elif kind in ("checklist", "list"):
        fits = _is_list(value) and all(isinstance(v, str) for v in value)
    else:
        fits = isinstance(value, str)
    if not fits:
        return f"This answer should be {_EXPECTED[kind]}. Reload the page and try again."
    texts = value if isinstance(value, list) else [value]
    return NUL_CHARACTER if any("\x00" in str(t) for t in texts) else None


def _problem(prompt: AnyPrompt, value: Any) -> str | None:
    """What is wrong with an answer of the right shape, or None."""
    kind = prompt.kind
    if kind in ("short_text", "long_text"):
        return _too_long("This answer", value, LIMITS[kind])
    if kind == "list":
        if len(value) > prompt.entries:
            return f"This question takes at most {prompt.entries} entries. Reload the page."
        for n, entry in enumerate(value, 1):
            if error := _too_long(f"Entry {n}", entry, LIMITS["list"]):
                return error
        return None
    if kind == "scale":
        return None if prompt.min <= value <= prompt.max else _scale_message(prompt)
    if kind == "choice":
        return None if value in prompt.options else "Choose one of the answers shown."
    if kind == "checklist":
        unknown = [v for v in value if v not in prompt.options]
        return "Choose only from the answers shown." if unknown else None
    return None if value in ("yes", "no") else "Choose Yes or No."


def _too_long(what: str, text: str, limit: int) -> str | None:
    if len(text) <= limit:
        return None
    return (
        f"{what} is too long ({len(text):,} characters; the limit is {limit:,}). "
        "Shorten it, or copy the extra text somewhere safe."
    )


def _scale_message(prompt: AnyPrompt) -> str:
    return f"Choose a number from {prompt.min} to {prompt.max}."


def _raises(prompt: AnyPrompt, flag: Any, value: Any) -> bool:
    if prompt.kind == "scale":
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        if flag.at_most is not None:
            return value <= flag.at_most
        return flag.at_least is not None and value >= flag.at_least
    if prompt.kind == "checklist":
        return _is_list(value) and flag.when in value
    return value == flag.when


def _is_list(value: Any) -> bool:
    return isinstance(value, list | tuple)


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if _is_list(value):
        return all(isinstance(v, str) and not v.strip() for v in value)
    return False
