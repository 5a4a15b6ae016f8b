"""The one place that decides which cases a user may reach (SECURITY.md 8)."""

from __future__ import annotations

from ..audit.record import refuse
from ..auth.models import User
from ..extensions import db
from .models import Couple


def couple_for(user: User, couple_id: int) -> Couple:
    """The couple if it is this counselor's own case; a 404 for anything else.

    Admins manage accounts, not cases, so they are refused like anyone else. A 404 rather
    than a 403 says nothing about whether the case exists.
    """
    couple = db.session.get(Couple, couple_id)
    if couple is None or not user.is_counselor or couple.counselor_id != user.id:
        refuse("Couple", couple_id)
    return couple
