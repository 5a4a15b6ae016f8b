"""The one place that decides which cases and partners a user may reach (SECURITY.md 8, 9)."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from ..audit.record import refuse
from ..audit.who import Who
from ..auth.models import Role
from ..extensions import db
from .models import CaseStatus, Client, Couple


def counselor_owns(who: Who, couple: Couple | None) -> bool:
    """The rule every counselor-side loader applies: a case is reached only by its own
    counselor. Admins manage accounts, not cases, so they are refused like anyone else."""
    return couple is not None and who.role == Role.COUNSELOR and couple.counselor_id == who.actor_id


def couple_for(who: Who, couple_id: int) -> Couple:
    """The couple if it is this counselor's own case; a 404 for anything else.

    A 404 rather than a 403 says nothing about whether the case exists.
    """
    couple = db.session.get(Couple, couple_id)
    if not counselor_owns(who, couple):
        refuse("Couple", couple_id, who=who)
    return couple


def partner_for(who: Who, client_id: int) -> Client:
    """A partner in one of this counselor's own cases; a 404 for anything else."""
    client = db.session.get(Client, client_id)
    if client is None or not counselor_owns(who, client.couple):
        refuse("Client", client_id, who=who)
    return client


def client_for(who: Who) -> Client:
    """The partner record behind a client account; 404 when there is none or it is closed."""
    if who.role != Role.CLIENT:
        abort(404)
    client = db.session.scalar(select(Client).where(Client.user_id == who.actor_id))
    if client is None or client.couple.status == CaseStatus.CLOSED:
        abort(404)
    return client
