"""Write audit rows. The caller's unit of work commits them with the change they describe."""

from __future__ import annotations

from typing import NoReturn

from flask import abort, has_request_context, request
from flask_login import current_user

from ..extensions import db
from .models import AuditEvent


def client_address() -> str | None:
    return request.remote_addr if has_request_context() else None


def audit(
    action: str,
    *,
    obj: object | None = None,
    couple_id: int | None = None,
    outcome: str = "success",
    detail: str | None = None,
    actor=None,
    actor_email: str | None = None,
) -> AuditEvent:
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        actor_email=actor_email or (actor.email if actor is not None else None),
        action=action,
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=getattr(obj, "id", None),
        couple_id=couple_id,
        outcome=outcome,
        ip_address=client_address(),
        detail=detail[:500] if detail else None,
    )
    db.session.add(event)
    return event


def refuse(object_type: str, object_id: int | None) -> NoReturn:
    """Record a refused look at a record that is not the user's own, then answer 404.

    The row is committed on its own: the 404 ends the request without the view's commit.
    """
    db.session.rollback()
    db.session.add(
        AuditEvent(
            actor_id=current_user.id if current_user.is_authenticated else None,
            actor_email=current_user.email if current_user.is_authenticated else None,
            action="access-refused",
            object_type=object_type,
            object_id=object_id,
            outcome="denied",
            ip_address=client_address(),
        )
    )
    db.session.commit()
    abort(404)
