"""The one place that decides which sessions and notes a counselor may reach."""

from __future__ import annotations

from ..audit.record import refuse
from ..audit.who import Who
from ..couples.access import counselor_owns
from ..extensions import db
from .models import TherapySession


def session_for(who: Who, session_id: int) -> TherapySession:
    """The session if it belongs to one of this counselor's cases; a 404 for anything else.

    The note and its addenda hang off the session, so this also guards them.
    """
    therapy_session = db.session.get(TherapySession, session_id)
    if therapy_session is None or not counselor_owns(who, therapy_session.couple):
        refuse("TherapySession", session_id, who=who)
    return therapy_session
