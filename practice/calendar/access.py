"""Which sessions a partner may put in their own calendar."""

from __future__ import annotations

from sqlalchemy import or_, select

from ..audit.record import refuse
from ..audit.who import Who
from ..couples.access import client_for
from ..couples.models import Client
from ..db_types import utcnow
from ..extensions import db
from ..notes.models import SessionStatus, TherapySession


def _theirs(client: Client):
    return or_(
        TherapySession.attended_client_id.is_(None),
        TherapySession.attended_client_id == client.id,
    )


def own_session_for(who: Who, session_id: int) -> TherapySession:
    """A session of the partner's own case that includes them; a 404 for anything else."""
    client = client_for(who)
    therapy_session = db.session.scalar(
        select(TherapySession).where(
            TherapySession.id == session_id,
            TherapySession.couple_id == client.couple_id,
            _theirs(client),
        )
    )
    if therapy_session is None:
        refuse("TherapySession", session_id, who=who)
    return therapy_session


def upcoming_sessions_for(client: Client) -> list[TherapySession]:
    return list(
        db.session.scalars(
            select(TherapySession)
            .where(
                TherapySession.couple_id == client.couple_id,
                TherapySession.status == SessionStatus.SCHEDULED,
                TherapySession.starts_at >= utcnow(),
                _theirs(client),
            )
            .order_by(TherapySession.starts_at)
        )
    )
