"""The one place that decides what a client (a partner with a portal account) may reach."""

from __future__ import annotations

from ..assignments.models import Response
from ..audit.record import refuse
from ..audit.who import Who
from ..couples.access import client_for
from ..extensions import db


def response_for(who: Who, response_id: int) -> Response:
    """A response this client may open: their own, or the couple's shared one. Else 404."""
    client = client_for(who)
    response = db.session.get(Response, response_id)
    if (
        response is None
        or response.assignment.couple_id != client.couple_id
        or response.assignment.is_cancelled
        or response.client_id not in (client.id, None)
    ):
        refuse("Response", response_id, who=who)
    return response
