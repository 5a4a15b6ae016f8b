"""Answers to a worksheet: parse a submitted form, check JSON, find flags, show as text.

What ``answers[prompt.id]`` holds, by prompt kind: short_text and long_text a str; scale an
int; choice one option's text; checklist a list of option texts (in the worksheet's order
when parsed); list a list of ``entries`` strings ("" for a blank entry); yes_no "yes" or "no";
grid a list with one item per row (kinds/grid.py); each_partner a mapping from a partner's
position ("1", "2") to their text; signature {"name", "date"}, or such a mapping of them on a
together sheet (kinds/partners.py); read "yes"; info none.
A prompt without an answer has no key. Each kind does its own part (`kinds/`); these
functions walk a whole worksheet. Pure functions: no request, no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .flags import Flag
from .kinds.base import PREFIX, is_blank
from .schema import AnyPrompt, Worksheet

FORM_ERROR = "_form"  # the errors key for faults that belong to no prompt
UNKNOWN_QUESTION = (
    "This form had an answer for a question that isn't on this worksheet. "
    "Reload the page and try again."
)


def field_names(prompt: AnyPrompt) -> list[str]:
    """The form field names a prompt's inputs use."""
    return prompt.field_names()


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
        names = prompt.field_names()
        expected.update(names)
        value, error = prompt.from_form([_values(form, name) for name in names])
        if value is not None and error is None:
            error = prompt.problem(value)
        if value is not None and (error is None or prompt.kept_on_error):
            answers[prompt.id] = value
        if error:
            errors[prompt.id] = error
    for key in form:
        if key.startswith(PREFIX) and key not in expected:
            prompt = _owner(ws, key)
            stray = prompt.stray_field(key) if prompt is not None else None
            if prompt is not None and stray:
                errors.setdefault(prompt.id, stray)
            else:
                errors[FORM_ERROR] = UNKNOWN_QUESTION
    return answers, errors


def keep_partners_boxes(
    ws: Worksheet, answers: dict[str, Any], stored: Mapping[str, Any], mine: int | None
) -> dict[str, Any]:
    """The answers partner `mine` (position 1 or 2) may save: their own boxes from the form,
    the other partner's as they were stored. Prompts of one writer pass unchanged."""
    kept = dict(answers)
    for prompt in ws.all_prompts():
        if not prompt.per_partner:
            continue
        value = prompt.keep_others(answers.get(prompt.id), stored.get(prompt.id), mine)
        if value is None:
            kept.pop(prompt.id, None)
        else:
            kept[prompt.id] = value
    return kept


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
        elif not is_blank(value) and (
            error := prompt.shape_problem(value) or prompt.problem(value)
        ):
            errors[key] = error
    return errors


def missing_required(ws: Worksheet, answers: Mapping[str, Any]) -> list[AnyPrompt]:
    """Required prompts without an answer, in worksheet order."""
    return [p for p in ws.all_prompts() if p.is_missing(answers.get(p.id))]


def raised(ws: Worksheet, answers: Mapping[str, Any]) -> list[tuple[AnyPrompt, Flag]]:
    """Every flag rule the answers meet, with its prompt; one answer can raise several."""
    return [
        (prompt, rule)
        for prompt in ws.all_prompts()
        for rule in prompt.raised_flags(answers.get(prompt.id))
    ]


def flagged(ws: Worksheet, answers: Mapping[str, Any]) -> list[tuple[AnyPrompt, str]]:
    """Prompts whose flags the answer raises, each with the flag's message."""
    return [(prompt, rule.message) for prompt, rule in raised(ws, answers)]


def answer_text(prompt: AnyPrompt, value: Any, names: Sequence[str] = ()) -> str:
    """The answer as plain text for reviews and PDFs; "" when there is none.

    `names`: the partners' names in position order, for answers written by each partner.
    """
    return prompt.answer_text(value, names)


def _owner(ws: Worksheet, key: str) -> AnyPrompt | None:
    """The prompt whose fields are named like `key` (ids never contain "-")."""
    prompt_id = key[len(PREFIX) :].split("-", 1)[0]
    return next((p for p in ws.all_prompts() if p.id == prompt_id), None)


def _values(form: Mapping[str, Any], name: str) -> list[str]:
    if hasattr(form, "getlist"):
        return [str(v) for v in form.getlist(name)]
    value = form.get(name, [])
    return [value] if isinstance(value, str) else [str(v) for v in value]
