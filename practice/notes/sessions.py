"""Session operations: plain functions that add and flush; the view commits once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..audit.record import audit
from ..audit.who import Who
from ..auth.models import User
from ..couples.activity import mark_activity
from ..couples.models import Couple
from ..db_types import utcnow
from ..extensions import db
from .models import TherapySession


@dataclass(frozen=True)
class SessionDetails:
    """What the session form describes, with the start already in UTC."""

    starts_at: datetime
    minutes: int
    kind: str
    attended_client_id: int | None
    modality: str
    status: str


FIELDS = ("starts_at", "minutes", "kind", "attended_client_id", "modality", "status")


def to_utc(day: date, clock: time, zone: ZoneInfo, *, fold: int = 0) -> datetime:
    """A wall-clock time in the practice's zone, as the UTC instant it names. On the night
    the clocks go back a time happens twice: fold=1 names the second."""
    return datetime.combine(day, clock, tzinfo=zone).replace(fold=fold).astimezone(UTC)


def local_day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants where a local calendar day starts and ends (DST-safe)."""
    start = datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone).astimezone(UTC)
    return start, end


def _check_partner(couple: Couple, client_id: int | None) -> None:
    if client_id is not None and client_id not in {p.id for p in couple.partners}:
        raise ValueError("that partner is not in this case")


def create_session(
    counselor: User, couple: Couple, details: SessionDetails, *, who: Who
) -> TherapySession:
    _check_partner(couple, details.attended_client_id)
    therapy_session = TherapySession(
        couple=couple,
        created_by_id=counselor.id,
        **{field: getattr(details, field) for field in FIELDS},
    )
    db.session.add(therapy_session)
    db.session.flush()
    mark_activity(couple.id)
    audit("session-create", who=who, obj=therapy_session, couple_id=couple.id)
    return therapy_session


def update_session(
    therapy_session: TherapySession, details: SessionDetails, *, who: Who
) -> list[str]:
    """Apply an edit; returns the names of the fields that changed (for the audit row)."""
    _check_partner(therapy_session.couple, details.attended_client_id)
    changed = []
    for field in FIELDS:
        value = getattr(details, field)
        if getattr(therapy_session, field) != value:
            setattr(therapy_session, field, value)
            changed.append(field)
    if changed:
        therapy_session.updated_at = utcnow()
        mark_activity(therapy_session.couple_id)
        audit(
            "session-update",
            who=who,
            obj=therapy_session,
            couple_id=therapy_session.couple_id,
            detail=",".join(changed),
        )
    return changed
