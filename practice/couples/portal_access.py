"""A partner's way into the portal: their open invitation, and closing it with the case.

Making and accepting invitations is the invitations domain's; what belongs to the case
itself (which link is open, and that closing a case closes its portal) lives here.
"""

from __future__ import annotations

from sqlalchemy import select, update

from ..audit.record import audit
from ..audit.who import Who
from ..auth.sessions import end_sessions_of
from ..db_types import utcnow
from ..extensions import db
from .models import Client, Couple, Invitation


def revoke_open(client: Client) -> int:
    result = db.session.execute(
        update(Invitation)
        .where(
            Invitation.client_id == client.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )
    return result.rowcount or 0


def open_invitation(client: Client) -> Invitation | None:
    now = utcnow()
    latest = db.session.scalar(
        select(Invitation)
        .where(Invitation.client_id == client.id)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        .limit(1)
    )
    return latest if latest is not None and latest.is_usable(now) else None


def close_portal(couple: Couple, *, who: Who) -> None:
    """Closing a case closes its portal: accounts off, sessions ended, links revoked."""
    for client in couple.partners:
        revoke_open(client)
        if client.user is not None and client.user.active:
            client.user.active = False
            end_sessions_of(client.user)
            audit("portal-deactivate", who=who, obj=client.user, couple_id=couple.id)
