"""Demo homework: portal accounts and assignments in every state, with believable answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from ..assignments.models import Assignment, ResponseStatus
from ..assignments.services import assign, recipients_for
from ..auth.models import Role, User
from ..clock import practice_today
from ..couples.models import Client, Couple
from ..db_types import utcnow
from ..extensions import db
from ..library.answers import flagged
from ..library.loader import get_library
from ..library.schema import Worksheet
from ..portal.responses import raise_flags
from .people import DEMO, demo_couples

VOICES = {
    1: [
        "I want us to stop circling the same argument and actually hear each other.",
        "Mostly I worry that I will say the wrong thing and make it worse.",
        "Walking together after dinner, when neither of us is rushed.",
    ],
    2: [
        "I need to know that what I am told is the whole story, even when it is hard.",
        "I get quiet when I am hurt, and I know that looks like not caring.",
        "Sunday mornings used to be ours. I would like that back.",
    ],
}

# (couple name, slug, who, status per response, due in days, share)
PLAN = [
    ("Jordan & Sammy", "preparing-for-counseling", "each", ["reviewed", "submitted"], -10, False),
    (
        "Jordan & Sammy",
        "emotional-strain-and-safety-check-in",
        "each",
        ["submitted", "not_started"],
        -2,
        False,
    ),
    ("Jordan & Sammy", "transparency-agreement", "together", ["draft"], 6, False),
    (
        "Jordan & Sammy",
        "words-and-actions-tracker",
        "each",
        ["not_started", "not_started"],
        9,
        True,
    ),
    ("Aisha & Grace", "where-my-doubts-come-from", "each", ["draft", "not_started"], 4, False),
]
PORTAL = ["jordan.ellis@example.org", "sam.whitaker@example.org", "aisha.bello@example.org"]


def sample_answers(worksheet: Worksheet, position: int, *, raise_flag: bool) -> dict[str, Any]:
    lines = VOICES[position]
    answers: dict[str, Any] = {}
    for n, prompt in enumerate(worksheet.all_prompts()):
        kind = prompt.kind
        if kind in ("short_text", "long_text"):
            answers[prompt.id] = lines[n % len(lines)]
        elif kind == "scale":
            low = prompt.min + (prompt.max - prompt.min) // 3
            high = prompt.max - (prompt.max - prompt.min) // 5
            answers[prompt.id] = high if position == 1 else low
        elif kind == "choice":
            answers[prompt.id] = prompt.options[(position - 1) % len(prompt.options)]
        elif kind == "checklist":
            answers[prompt.id] = list(prompt.options[position - 1 :: 2][:2])
        elif kind == "list":
            answers[prompt.id] = [lines[i % len(lines)] for i in range(prompt.entries)]
        elif kind == "yes_no":
            answers[prompt.id] = "no"
        elif kind == "grid":
            answers[prompt.id] = _sample_grid(prompt, lines, position)
        elif kind == "each_partner":
            answers[prompt.id] = {"1": VOICES[1][n % len(VOICES[1])], "2": VOICES[2][0]}
        elif kind == "signature":
            answers[prompt.id] = _sample_signature(prompt, position)
        elif kind == "read":
            answers[prompt.id] = "yes"
    if not raise_flag:
        for prompt, _ in flagged(worksheet, answers):
            answers[prompt.id] = _calm_answer(prompt, answers[prompt.id])
    return answers


def _sample_grid(prompt, lines: list[str], position: int) -> list[Any]:
    columns = prompt.columns
    if prompt.cell == "choice":
        return [columns[(r + position) % 3 % len(columns)] for r in range(len(prompt.rows))]
    if prompt.cell == "tick":
        return [[columns[r % len(columns)]] for r in range(len(prompt.rows))]
    return [
        [lines[(r + c) % len(lines)][:60] for c in range(len(columns))] if r < 3 else []
        for r in range(len(prompt.rows))
    ]


def _sample_signature(prompt, position: int) -> dict[str, Any]:
    signed_on = (utcnow() - timedelta(days=1)).date().isoformat()
    names = {1: "Jordan Ellis", 2: "Sam Whitaker"}
    if prompt.per_partner:
        return {str(p): {"name": names[p], "date": signed_on} for p in (1, 2)}
    return {"name": names[position], "date": signed_on}


def _calm_answer(prompt, value: Any) -> Any:
    """An answer to the same prompt that raises none of its flags."""
    if prompt.kind == "checklist":
        return [option for option in value if not prompt.raised_flags([option])]
    if prompt.kind == "scale":
        candidates = [prompt.max, prompt.min, *range(prompt.min, prompt.max + 1)]
    elif prompt.kind == "yes_no":
        candidates = ["no", "yes"]
    else:
        candidates = list(prompt.options)
    return next(c for c in candidates if not prompt.raised_flags(c))


def load_demo_homework(password_hash: str) -> list[tuple[str, str, str]]:
    """Create what is missing; returns the portal accounts as (email, name, role)."""
    accounts = []
    for email in PORTAL:
        client = db.session.scalar(select(Client).where(Client.email == email))
        if client is None:
            continue
        if client.user is None:
            client.user = User(
                email=email, name=client.full_name, role=Role.CLIENT, password_hash=""
            )
        client.user.password_hash = password_hash
        client.user.active = True
        accounts.append((email, client.full_name, Role.CLIENT))
    library = get_library()
    today = practice_today()
    for couple_name, slug, audience, statuses, due_in, share in PLAN:
        couple = db.session.scalar(demo_couples().filter(Couple.display_name == couple_name))
        worksheet = library.get(slug)
        if couple is None or worksheet is None:
            continue
        exists = db.session.scalar(select(Assignment).filter_by(couple_id=couple.id, slug=slug))
        if exists:
            continue
        assignment = assign(
            couple,
            worksheet,
            by=couple.counselor,
            recipients=recipients_for(worksheet, audience),
            for_client=None,
            due_date=today + timedelta(days=due_in),
            instructions="Take your time with this one; we will talk it through next session.",
            share=share,
            # Joint work while a safety flag is open asks the counselor why (issue 12).
            reason="Each partner was screened alone in session; joint work agreed with both.",
            who=DEMO,
        )
        assignment.created_at = utcnow() - timedelta(days=max(7, -due_in + 7))
        for response, status in zip(assignment.responses, statuses, strict=True):
            _advance(response, status, worksheet)
    db.session.flush()
    return accounts


def _advance(response, status: str, worksheet: Worksheet) -> None:
    if status == ResponseStatus.NOT_STARTED:
        return
    position = response.client.position if response.client else 1
    raise_flag = worksheet.slug == "emotional-strain-and-safety-check-in"
    response.answers = sample_answers(worksheet, position, raise_flag=raise_flag)
    now = utcnow()
    response.status = status
    response.started_at = now - timedelta(days=3)
    response.saved_at = now - timedelta(days=1)
    if status in (ResponseStatus.SUBMITTED, ResponseStatus.REVIEWED):
        response.submitted_at = now - timedelta(hours=20)
        raise_flags(response)
    if status == ResponseStatus.REVIEWED:
        response.reviewed_at = now - timedelta(hours=2)
        response.feedback = (
            "Thank you for writing so honestly. Let's start next session with your second hope."
        )
