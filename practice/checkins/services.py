"""Check-in operations: plain functions that add and flush; the view commits once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..audit.record import audit
from ..audit.who import Who
from ..auth.models import User
from ..clock import local_time, practice_today
from ..couples.models import Client, Couple
from ..db_types import utcnow
from ..extensions import db
from .measure import SCALE_MAX, SCALE_MIN, trust_measure
from .models import CheckIn, CheckInFlag, CheckInRequest, EnteredBy

# A fall of this much or more in a partner's mean (the average of all items, 0-10) since
# their previous check-in raises a flag. The mean, not single items: one item can swing on
# one bad day; the mean moving by 3 is a change worth a look.
DROP_THRESHOLD = 3
MAX_EVERY_DAYS = 90


def request_checkins(
    counselor: User, couple: Couple, every_days: int | None, *, who: Who
) -> CheckInRequest:
    """Ask both partners to check in; replaces any request still running for the couple."""
    if every_days is not None and not 1 <= every_days <= MAX_EVERY_DAYS:
        raise ValueError(f"every_days must be 1..{MAX_EVERY_DAYS}")
    for running in active_requests(couple):
        running.ended_at = utcnow()
    checkin_request = CheckInRequest(
        couple_id=couple.id, requested_by_id=counselor.id, every_days=every_days
    )
    db.session.add(checkin_request)
    db.session.flush()
    audit(
        "checkin-request",
        who=who,
        obj=checkin_request,
        couple_id=couple.id,
        detail=f"every={every_days or 'once'}",
    )
    return checkin_request


def stop_request(checkin_request: CheckInRequest, *, who: Who) -> bool:
    if not checkin_request.is_active:
        return False
    checkin_request.ended_at = utcnow()
    audit("checkin-request-stop", who=who, obj=checkin_request, couple_id=checkin_request.couple_id)
    return True


def active_requests(couple: Couple) -> list[CheckInRequest]:
    return list(
        db.session.scalars(
            select(CheckInRequest)
            .where(CheckInRequest.couple_id == couple.id, CheckInRequest.ended_at.is_(None))
            .order_by(CheckInRequest.id)
        )
    )


def _checked_scores(scores: dict[str, int]) -> dict[str, int]:
    measure = trust_measure()
    if set(scores) != set(measure.item_ids):
        raise ValueError("every item of the measure needs a score")
    for value in scores.values():
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError("scores are whole numbers")
        if not SCALE_MIN <= value <= SCALE_MAX:
            raise ValueError(f"scores run from {SCALE_MIN} to {SCALE_MAX}")
    return {item_id: scores[item_id] for item_id in measure.item_ids}


def record_checkin(
    client: Client,
    scores: dict[str, int],
    *,
    entered_by_user: User,
    checkin_request: CheckInRequest | None = None,
    answered_at: datetime | None = None,
    who: Who,
) -> CheckIn:
    """Store one partner's answers, and raise a flag if their mean fell steeply."""
    scores = _checked_scores(scores)
    checkin = CheckIn(
        couple_id=client.couple_id,
        client_id=client.id,
        request_id=checkin_request.id if checkin_request else None,
        answered_at=answered_at or utcnow(),
        measure_version=trust_measure().version,
        scores=scores,
        total=sum(scores.values()),
        item_count=len(scores),
        entered_by=EnteredBy.CLIENT if entered_by_user.is_client else EnteredBy.COUNSELOR,
        entered_by_user_id=entered_by_user.id,
    )
    db.session.add(checkin)
    db.session.flush()
    audit(
        "checkin-enter",
        who=who,
        obj=checkin,
        couple_id=client.couple_id,
        detail=f"entered_by={checkin.entered_by}",
    )
    _flag_a_steep_drop(checkin)
    _flag_low_items(checkin)
    return checkin


def previous_checkin(checkin: CheckIn) -> CheckIn | None:
    return db.session.scalar(
        select(CheckIn)
        .where(
            CheckIn.client_id == checkin.client_id,
            CheckIn.id != checkin.id,
            CheckIn.answered_at <= checkin.answered_at,
        )
        .order_by(CheckIn.answered_at.desc(), CheckIn.id.desc())
        .limit(1)
    )


def _flag_a_steep_drop(checkin: CheckIn) -> CheckInFlag | None:
    previous = previous_checkin(checkin)
    if previous is None or previous.exact_mean - checkin.exact_mean < DROP_THRESHOLD:
        return None
    flag = CheckInFlag(
        couple_id=checkin.couple_id,
        client_id=checkin.client_id,
        checkin_id=checkin.id,
        previous_checkin_id=previous.id,
        raised_at=checkin.answered_at,
    )
    db.session.add(flag)
    db.session.flush()
    return flag


def _flag_low_items(checkin: CheckIn) -> list[CheckInFlag]:
    """A flag for each item that flags on its own and was answered at or below its mark."""
    flags = [
        CheckInFlag(
            couple_id=checkin.couple_id,
            client_id=checkin.client_id,
            checkin_id=checkin.id,
            item=item.id,
            raised_at=checkin.answered_at,
        )
        for item in trust_measure().items
        if item.flag_at_most is not None and checkin.scores.get(item.id, 99) <= item.flag_at_most
    ]
    db.session.add_all(flags)
    db.session.flush()
    return flags


def _latest_since(client: Client, since: datetime) -> CheckIn | None:
    return db.session.scalar(
        select(CheckIn)
        .where(CheckIn.client_id == client.id, CheckIn.answered_at >= since)
        .order_by(CheckIn.answered_at.desc())
        .limit(1)
    )


def next_due_on(checkin_request: CheckInRequest, client: Client) -> date | None:
    """The day, on the practice's calendar, this partner's check-in is (or was) next due:
    today if it was never answered since the request, an earlier day if it is overdue, and
    None once a one-off request is answered.

    Days, not hours: answered Monday evening, a weekly check-in is due all of next Monday,
    whatever the hour and across a clock change. Any check-in of the partner counts,
    including one the counselor entered in session.
    """
    latest = _latest_since(client, checkin_request.created_at)
    if latest is None:
        return practice_today()
    if checkin_request.every_days is None:
        return None
    return local_time(latest.answered_at).date() + timedelta(days=checkin_request.every_days)


def is_due(checkin_request: CheckInRequest, client: Client) -> bool:
    if not checkin_request.is_active or checkin_request.couple_id != client.couple_id:
        return False
    due_on = next_due_on(checkin_request, client)
    return due_on is not None and due_on <= practice_today()


@dataclass(frozen=True)
class CheckInSchedule:
    due_now: list[CheckInRequest]
    next_on: date | None  # the soonest day one opens (today or earlier when one is due)


def checkin_schedule(client: Client) -> CheckInSchedule:
    """What this partner should answer now, and when the next check-in opens: one pass over
    the running requests, so a page that shows both looks each answer up once."""
    today = practice_today()
    days = [(r, next_due_on(r, client)) for r in active_requests(client.couple)]
    return CheckInSchedule(
        due_now=[r for r, day in days if day is not None and day <= today],
        next_on=min((day for _, day in days if day is not None), default=None),
    )


def pending_checkins_for(client: Client) -> list[CheckInRequest]:
    """The requests this partner should answer now (for the portal home)."""
    return checkin_schedule(client).due_now


def _open_flags(counselor: User):
    return (
        select(CheckInFlag)
        .join(Couple, CheckInFlag.couple_id == Couple.id)
        .where(Couple.counselor_id == counselor.id, CheckInFlag.acknowledged_at.is_(None))
    )


def open_checkin_flags(counselor: User, *, limit: int = 10) -> list[CheckInFlag]:
    """The newest open flags, with what each row shows loaded alongside."""
    return list(
        db.session.scalars(
            _open_flags(counselor)
            # Loaded by key after the limit: joined, every open flag would be joined first.
            .options(
                selectinload(CheckInFlag.couple),
                selectinload(CheckInFlag.client),
                selectinload(CheckInFlag.checkin),
                selectinload(CheckInFlag.previous),
            )
            .order_by(CheckInFlag.raised_at.desc(), CheckInFlag.id.desc())
            .limit(limit)
        )
    )


def count_open_checkin_flags(counselor: User) -> int:
    return db.session.scalar(_open_flags(counselor).with_only_columns(func.count(CheckInFlag.id)))


def acknowledge_flag(flag: CheckInFlag, counselor: User, *, who: Who) -> bool:
    if flag.acknowledged_at is not None:
        return False
    flag.acknowledged_at = utcnow()
    flag.acknowledged_by_id = counselor.id
    audit("checkin-flag-ack", who=who, obj=flag, couple_id=flag.couple_id)
    return True


def checkins_of(couple: Couple) -> list[CheckIn]:
    return list(
        db.session.scalars(
            select(CheckIn)
            .where(CheckIn.couple_id == couple.id)
            .order_by(CheckIn.answered_at, CheckIn.id)
        )
    )


def own_checkins(client: Client) -> list[CheckIn]:
    return list(
        db.session.scalars(
            select(CheckIn)
            .where(CheckIn.client_id == client.id)
            .order_by(CheckIn.answered_at.desc(), CheckIn.id.desc())
        )
    )
