"""A case with homework in chosen states, for the PDF export tests: plain database writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from practice.assignments.models import Assignment, Response, ResponseStatus
from practice.audit.models import AuditEvent
from practice.db_types import utcnow
from practice.extensions import db

from ..conftest import Auth


def set_answers(app, response_id: int, answers: dict[str, Any], status: str) -> None:
    """Give a response these answers and status, as saving or submitting would."""
    with app.app_context():
        response = db.session.get(Response, response_id)
        response.answers = answers
        response.status = status
        response.started_at = response.saved_at = utcnow()
        if status in (ResponseStatus.SUBMITTED, ResponseStatus.REVIEWED):
            response.submitted_at = utcnow()
        if status == ResponseStatus.REVIEWED:
            response.reviewed_at = utcnow()
        db.session.commit()


def cancel(app, assignment_id: int) -> None:
    with app.app_context():
        db.session.get(Assignment, assignment_id).cancelled_at = utcnow()
        db.session.commit()


def response_ids(assignment) -> list[int]:
    """The assignment's responses, partner 1's first (responses follow partner order)."""
    return [r.id for r in assignment.responses]


def signed_in_as(app, user):
    browser = Auth(app.test_client())
    assert browser.sign_in(user).status_code == 302
    return browser.client


def audit_rows(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(
            select(AuditEvent).filter_by(action=action).order_by(AuditEvent.id)
        ).all()
        db.session.expunge_all()
        return list(rows)
