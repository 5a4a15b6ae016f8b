"""What the emails say. Never clinical text: no answers, no note, no partner's name, no
flag message, and no worksheet title unless the practice allows it (never a private one's).
A reminder says that something is waiting and links to the portal, where signing in shows
what it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app

from ..clock import format_time, long_date

CLIENT_BODY = """Hello {name},

{line}

Open your private space:
{portal}

To stop these reminders, use this link (one click):
{unsubscribe}

{practice}
"""

COUNSELOR_BODY = """Hello {name},

{line}

{link}

Choose which emails you get: {settings}
"""


@dataclass(frozen=True)
class Email:
    subject: str
    body: str


def _practice() -> str:
    return current_app.config["PRACTICE_NAME"]


def client_email(*, name: str, line: str, portal: str, unsubscribe: str) -> Email:
    body = CLIENT_BODY.format(
        name=name, line=line, portal=portal, unsubscribe=unsubscribe, practice=_practice()
    )
    return Email(subject=f"A reminder from {_practice()}", body=body)


def counselor_email(*, name: str, subject: str, line: str, link: str, settings: str) -> Email:
    body = COUNSELOR_BODY.format(name=name, line=line, link=link, settings=settings)
    return Email(subject=subject, body=body)


def worksheet_line(due: date, *, title: str | None, overdue: bool) -> str:
    what = f"Your worksheet \u201c{title}\u201d" if title else "A worksheet"
    if overdue:
        return f"{what} was due on {long_date(due)}. It is still there whenever you are ready."
    return f"{what} is due on {long_date(due)}."


CHECKIN_LINE = "Your counselor has asked for a short check-in. It takes about two minutes."


def session_line(starts_at: datetime, modality: str) -> str:
    return f"You have a session tomorrow at {format_time(starts_at)} ({modality.lower()})."


COUNSELOR_NOTICES = {
    "both-submitted": (
        "Both partners finished a worksheet",
        "Both partners in one of your cases have submitted a worksheet. Open the case:",
    ),
    "flagged-answer": (
        "Urgent: a flagged answer needs your attention",
        "An answer that needs your attention arrived in one of your cases. Open the case:",
    ),
    "checkin-drop": (
        "A check-in needs a look",
        "A check-in in one of your cases dropped steeply or scored low. Open the case:",
    ),
}

DIGEST_LINES = {
    "both-submitted": "worksheet(s) finished by both partners",
    "flagged-answer": "flagged answer(s)",
    "checkin-drop": "check-in(s) that need a look",
}
