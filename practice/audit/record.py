"""Write audit rows. Who acted, and from where, is handed in (``who.py``); nothing here reads
the request.

Two ways to write, by what the request does:

- ``audit(...)`` adds the row to the request's unit of work, so it commits with the change it
  describes, once, in the view; a change rolled back takes its row with it.
- ``audit_read(...)`` (a page that only reads) and ``audit_apart(...)`` (a refusal, after the
  request's work is rolled back) commit the row now, in a transaction of its own: a read
  page commits nothing of the request's session, and a refusal's row outlives the rollback.
"""

from __future__ import annotations

from typing import NoReturn

from flask import abort
from sqlalchemy.orm import Session

from ..extensions import db
from .models import AuditEvent
from .who import Who


def audit_event(
    action: str,
    *,
    actor_id: int | None = None,
    actor_email: str | None = None,
    address: str | None = None,
    obj: object | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    couple_id: int | None = None,
    outcome: str = "success",
    detail: str | None = None,
) -> AuditEvent:
    """The row, not yet added to any session."""
    return AuditEvent(
        actor_id=actor_id,
        actor_email=actor_email,
        action=action,
        object_type=type(obj).__name__ if obj is not None else object_type,
        object_id=getattr(obj, "id", None) if obj is not None else object_id,
        couple_id=couple_id,
        outcome=outcome,
        ip_address=address,
        detail=detail[:500] if detail else None,
    )


def _event(action: str, who: Who, fields: dict) -> AuditEvent:
    return audit_event(
        action, actor_id=who.actor_id, actor_email=who.email, address=who.address, **fields
    )


def audit(action: str, *, who: Who, **fields) -> AuditEvent:
    """Add a row to the request's unit of work: it commits with the change it describes."""
    event = _event(action, who, fields)
    db.session.add(event)
    return event


def audit_apart(action: str, *, who: Who, **fields) -> None:
    """Write an audit row in a transaction of its own, committed now.

    For refusals: whatever the request was doing is rolled back, and the row saying it was
    refused must not go with it.
    """
    with Session(db.engine) as apart:
        apart.add(_event(action, who, fields))
        apart.commit()


def audit_read(action: str, *, who: Who, **fields) -> None:
    """Record a look at clinical data from a page that changes nothing.

    The row commits in a transaction of its own, so the request's session commits nothing.
    What the page loaded so far is read again when next used, as after a commit: a save that
    committed meanwhile (another tab's, or the one a page sends as it is reloaded) is what the
    page shows, with its version, so the page's autosave doesn't start from an older one.
    """
    audit_apart(action, who=who, **fields)
    db.session.expire_all()


def refuse(object_type: str, object_id: int | None, *, who: Who) -> NoReturn:
    """Record a refused look at a record that is not the user's own, then answer 404.

    Nothing the request changed is kept; the audit row is, in a transaction of its own.
    """
    db.session.rollback()
    audit_apart(
        "access-refused", who=who, object_type=object_type, object_id=object_id, outcome="denied"
    )
    abort(404)
