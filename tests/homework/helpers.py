"""Building worksheet form posts the way a browser sends them."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from practice.demo.homework import sample_answers
from practice.library.loader import get_library


def worksheet(app, slug: str):
    with app.app_context():
        return get_library().get(slug)


def form_fields(ws, answers: dict[str, Any]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for prompt in ws.all_prompts():
        value = answers.get(prompt.id)
        if value is None:
            continue
        name = f"answer-{prompt.id}"
        if prompt.kind == "list":
            pairs += [(f"{name}-{n}", entry) for n, entry in enumerate(value, 1)]
        elif prompt.kind == "checklist":
            pairs += [(name, option) for option in value]
        elif prompt.kind == "grid":
            pairs += grid_fields(prompt, value)
        elif prompt.kind == "each_partner":
            pairs += [(f"{name}-{position}", text) for position, text in value.items()]
        elif prompt.kind == "signature":
            signed = value.items() if prompt.per_partner else [("", value)]
            for position, one in signed:
                base = f"{name}-{position}" if position else name
                pairs += [(f"{base}-name", one["name"]), (f"{base}-date", one["date"])]
        else:
            pairs.append((name, str(value)))
    return pairs


def grid_fields(prompt, value: list) -> list[tuple[str, str]]:
    """A grid's answer as the browser sends it: a row's ticks, or each cell's text."""
    name = f"answer-{prompt.id}"
    pairs: list[tuple[str, str]] = []
    for r, row in enumerate(value, 1):
        if prompt.cell == "choice" and row:
            pairs.append((f"{name}-{r}", row))
        elif prompt.cell == "tick":
            pairs += [(f"{name}-{r}", column) for column in row]
        elif prompt.cell == "text":
            pairs += [(f"{name}-{r}-{c}", text) for c, text in enumerate(row, 1)]
    return pairs


def complete_answers(app, slug: str, position: int = 1, *, flagged: bool = False) -> dict:
    return sample_answers(worksheet(app, slug), position, raise_flag=flagged)


def post_data(ws, answers: dict, *, version: int, action: str = "save") -> MultiDict:
    return MultiDict([*form_fields(ws, answers), ("version", str(version)), ("action", action)])


def autosave_body(ws, answers: dict, *, version: int) -> dict:
    return {"version": version, "fields": [list(pair) for pair in form_fields(ws, answers)]}


def submit_through_the_portal(app, assignment, partner_accounts) -> None:
    """Each partner signs in and submits complete answers through the portal's own form."""
    from ..conftest import Auth  # the shared fixtures module imports nothing from here

    ws = worksheet(app, assignment.slug)
    for position, (response, account) in enumerate(
        zip(assignment.responses, partner_accounts, strict=True), start=1
    ):
        partner = Auth(app.test_client())
        partner.sign_in(account)
        answers = complete_answers(app, assignment.slug, position)
        partner.client.post(
            f"/portal/responses/{response.id}",
            data=post_data(ws, answers, version=1, action="submit"),
        )
