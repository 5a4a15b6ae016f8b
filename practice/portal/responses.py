"""A partner working on a response: drafts, submission and what they may see.

Every save names the version it started from. A save from an older version is refused
(``StaleResponse``) rather than applied over newer words; SQLAlchemy's version counter
catches the race between two requests that both pass this check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from ..assignments.models import AnswerFlag, Assignment, Response, ResponseStatus
from ..audit.record import audit
from ..audit.who import Who
from ..auth.models import User
from ..couples.access import client_for
from ..couples.activity import mark_activity
from ..couples.models import Client
from ..db_types import utcnow
from ..extensions import db
from ..library.answers import keep_partners_boxes, missing_required, parse_answers, raised
from .screening import record_screen_if_complete


class StaleResponse(Exception):
    """The response changed since this page loaded it."""


class LockedResponse(Exception):
    """The response was submitted: it is read-only unless the counselor reopens it."""


def responses_of(client: Client) -> list[Response]:
    """The client's own responses and the couple's shared ones, newest assignment first."""
    return list(
        db.session.scalars(
            select(Response)
            .join(Assignment)
            .where(
                Assignment.couple_id == client.couple_id,
                Assignment.cancelled_at.is_(None),
                or_(Response.client_id == client.id, Response.client_id.is_(None)),
            )
            .order_by(Assignment.created_at.desc(), Assignment.id.desc())
            .options(joinedload(Response.assignment))
        )
    )


def read_answers(
    response: Response, form: Mapping[str, Any], who: Who
) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers a partner sent, and errors by prompt id, as `parse_answers` reads them.

    On a together sheet a prompt with a box per partner takes only the sender's own box from
    the form; the other partner's stays as it was saved (their box is read-only on the page,
    and a forged post can't write in it either).
    """
    worksheet = response.assignment.worksheet
    answers, errors = parse_answers(worksheet, form)
    if response.client_id is None:
        answers = keep_partners_boxes(worksheet, answers, response.answers, writer_position(who))
    return answers, errors


def writer_position(who: Who) -> int | None:
    """The signed-in partner's position in their couple (1 or 2)."""
    return client_for(who).position


def save_draft(
    response: Response, *, version: int, answers: dict[str, Any], by: User, who: Who
) -> None:
    if not response.is_editable:
        raise LockedResponse
    if response.version != version:
        raise StaleResponse
    now = utcnow()
    response.answers = answers
    if response.status == ResponseStatus.NOT_STARTED:
        response.status = ResponseStatus.DRAFT
        response.started_at = now
    response.saved_at = now
    response.last_saved_by_id = by.id
    audit("response-save", who=who, obj=response, couple_id=response.assignment.couple_id)
    db.session.flush()


def submit(
    response: Response, *, version: int, answers: dict[str, Any], by: User, who: Who
) -> list:
    """Save, then submit if every required prompt has an answer. Returns what is missing."""
    save_draft(response, version=version, answers=answers, by=by, who=who)
    worksheet = response.assignment.worksheet
    missing = missing_required(worksheet, answers)
    if missing:
        return missing
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = utcnow()
    response.reopen_note = ""
    mark_activity(response.assignment.couple_id)
    raise_flags(response)
    audit("response-submit", who=who, obj=response, couple_id=response.assignment.couple_id)
    record_screen_if_complete(response, who=who)
    db.session.flush()
    return []


def raise_flags(response: Response) -> None:
    """Put each answer that matches its worksheet's flag rule on the counselor's dashboard."""
    open_flags = {
        (prompt_id, message)
        for prompt_id, message in db.session.execute(
            select(AnswerFlag.prompt_id, AnswerFlag.message).where(
                AnswerFlag.response_id == response.id, AnswerFlag.acknowledged_at.is_(None)
            )
        )
    }
    for prompt, rule in raised(response.assignment.worksheet, response.answers):
        if (prompt.id, rule.message) in open_flags:
            continue  # resubmitted after a reopen: the flag is still waiting, once is enough
        open_flags.add((prompt.id, rule.message))
        db.session.add(
            AnswerFlag(
                response=response,
                couple_id=response.assignment.couple_id,
                prompt_id=prompt.id,
                message=rule.message,
                kind=rule.kind,
            )
        )


def shared_partner_response(response: Response) -> Response | None:
    """The other partner's response, only when the assignment shares it and both submitted."""
    assignment = response.assignment
    if (
        assignment.is_private  # a private worksheet's answers reach the counselor only
        or assignment.recipients != "each"
        or not assignment.share_when_both_submitted
        or not assignment.all_submitted
    ):
        return None
    return next((r for r in assignment.responses if r.id != response.id), None)
