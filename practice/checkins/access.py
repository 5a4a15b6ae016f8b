"""The one place that decides which check-in records a user may reach. Else: 404."""

from __future__ import annotations

from ..audit.record import refuse
from ..audit.who import Who
from ..couples.access import client_for, counselor_owns
from ..couples.models import Client
from ..extensions import db
from .models import CheckIn, CheckInFlag, CheckInRequest


def _counselors_own(who: Who, model, object_id: int):
    """A check-in record from one of this counselor's cases."""
    obj = db.session.get(model, object_id)
    if obj is None or not counselor_owns(who, obj.couple):
        refuse(model.__name__, object_id, who=who)
    return obj


def request_for(who: Who, request_id: int) -> CheckInRequest:
    return _counselors_own(who, CheckInRequest, request_id)


def checkin_for(who: Who, checkin_id: int) -> CheckIn:
    return _counselors_own(who, CheckIn, checkin_id)


def flag_for(who: Who, flag_id: int) -> CheckInFlag:
    return _counselors_own(who, CheckInFlag, flag_id)


def request_for_client(who: Who, request_id: int) -> tuple[Client, CheckInRequest]:
    """A running request of this partner's own couple."""
    client = client_for(who)
    checkin_request = db.session.get(CheckInRequest, request_id)
    if (
        checkin_request is None
        or checkin_request.couple_id != client.couple_id
        or not checkin_request.is_active
    ):
        refuse("CheckInRequest", request_id, who=who)
    return client, checkin_request


def own_checkin(who: Who, checkin_id: int) -> tuple[Client, CheckIn]:
    """One of this partner's own check-ins: never the other partner's."""
    client = client_for(who)
    checkin = db.session.get(CheckIn, checkin_id)
    if checkin is None or checkin.client_id != client.id:
        refuse("CheckIn", checkin_id, who=who)
    return client, checkin
