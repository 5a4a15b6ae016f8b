"""The one place that decides which cases and partners a user may reach (SECURITY.md 8, 9)."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from ..audit.record import refuse
from ..auth.models import User
from ..extensions import db
from .models import CaseStatus, Client, Couple


def counselor_owns(user: User, couple: Couple | None) -> bool:
    """The rule every counselor-side loader applies: a case is reached only by its own
    counselor. Admins manage accounts, not cases, so they are refused like anyone else."""
    return couple is not None and user.is_counselor and couple.counselor_id == user.id


def couple_for(user: User, couple_id: int) -> Couple:
    """The couple if it is this counselor's own case; a 404 for anything else.

    A 404 rather than a 403 says nothing about whether the case exists.
    """
    couple = db.session.get(Couple, couple_id)
    if not counselor_owns(user, couple):
        refuse("Couple", couple_id)
    return couple


def partner_for(user: User, client_id: int) -> Client:
    """A partner in one of this counselor's own cases; a 404 for anything else."""
    client = db.session.get(Client, client_id)
    if client is None or not counselor_owns(user, client.couple):
        refuse("Client", client_id)
    return client


def client_for(user: User) -> Client:
    """The partner record behind a client account; 404 when there is none or it is closed."""
    if not user.is_client:
        abort(404)
    client = db.session.scalar(select(Client).where(Client.user_id == user.id))
    if client is None or client.couple.status == CaseStatus.CLOSED:
        abort(404)
    return client
