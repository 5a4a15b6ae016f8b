"""The one place that decides what a client (a partner with a portal account) may reach."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from ..assignments.models import Response
from ..audit.record import refuse
from ..auth.models import User
from ..couples.models import CaseStatus, Client
from ..extensions import db


def client_for(user: User) -> Client:
    """The partner record behind a client account; 404 when there is none or it is closed."""
    if not user.is_client:
        abort(404)
    client = db.session.scalar(select(Client).where(Client.user_id == user.id))
    if client is None or client.couple.status == CaseStatus.CLOSED:
        abort(404)
    return client


def response_for(user: User, response_id: int) -> Response:
    """A response this client may open: their own, or the couple's shared one. Else 404."""
    client = client_for(user)
    response = db.session.get(Response, response_id)
    if (
        response is None
        or response.assignment.couple_id != client.couple_id
        or response.assignment.is_cancelled
        or response.client_id not in (client.id, None)
    ):
        refuse("Response", response_id)
    return response


def partner_of(client: Client) -> Client:
    return next(p for p in client.couple.partners if p.id != client.id)
