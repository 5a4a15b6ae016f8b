"""Write audit rows. The caller's unit of work commits them with the change they describe."""

from __future__ import annotations

from typing import NoReturn

from flask import abort, has_request_context, request
from flask_login import current_user
from sqlalchemy.orm import Session

from ..extensions import db
from .models import AuditEvent


def client_address() -> str | None:
    return request.remote_addr if has_request_context() else None


def audit_event(
    action: str,
    *,
    obj: object | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    couple_id: int | None = None,
    outcome: str = "success",
    detail: str | None = None,
    actor=None,
    actor_email: str | None = None,
) -> AuditEvent:
    """The row, not yet added to any session."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    return AuditEvent(
        actor_id=actor.id if actor is not None else None,
        actor_email=actor_email or (actor.email if actor is not None else None),
        action=action,
        object_type=type(obj).__name__ if obj is not None else object_type,
        object_id=getattr(obj, "id", None) if obj is not None else object_id,
        couple_id=couple_id,
        outcome=outcome,
        ip_address=client_address(),
        detail=detail[:500] if detail else None,
    )


def audit(action: str, **fields) -> AuditEvent:
    """Add a row to the request's unit of work: it commits with the change it describes."""
    event = audit_event(action, **fields)
    db.session.add(event)
    return event


def audit_apart(action: str, **fields) -> None:
    """Write an audit row in a transaction of its own, committed now.

    For refusals: whatever the request was doing is rolled back, and the row saying it was
    refused must not go with it.
    """
    event = audit_event(action, **fields)
    with Session(db.engine) as apart:
        apart.add(event)
        apart.commit()


def refuse(object_type: str, object_id: int | None) -> NoReturn:
    """Record a refused look at a record that is not the user's own, then answer 404.

    Nothing the request changed is kept; the audit row is, in a transaction of its own.
    """
    db.session.rollback()
    audit_apart("access-refused", object_type=object_type, object_id=object_id, outcome="denied")
    abort(404)
