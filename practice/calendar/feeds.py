"""The counselor's private feed: a long random token in the address, only its hash kept;
a new link revokes the old one. Functions flush; the view commits."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from ..audit.record import audit
from ..audit.who import Who
from ..auth.models import User
from ..couples.models import Couple
from ..db_types import utcnow
from ..extensions import db
from ..notes.models import TherapySession
from .models import CalendarFeed

# A feed shows the recent past and everything ahead: enough to look back at last month.
FEED_PAST = timedelta(days=60)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def active_feed(user: User) -> CalendarFeed | None:
    return db.session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None)
        )
    )


def revoke_feeds(user: User, *, who: Who) -> int:
    result = db.session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    if result.rowcount:
        audit("calendar-feed-revoke", who=who.acting_as(user))
    return result.rowcount


def new_feed(user: User, *, who: Who) -> str:
    """A new feed token (shown once); any earlier feed stops working."""
    revoke_feeds(user, who=who)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(user_id=user.id, token_hash=_hash(token))
    db.session.add(feed)
    db.session.flush()
    audit("calendar-feed-create", who=who.acting_as(user), obj=feed)
    return token


def counselor_of_token(token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    feed = db.session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.token_hash == _hash(token), CalendarFeed.revoked_at.is_(None)
        )
    )
    if feed is None:
        return None
    user = db.session.get(User, feed.user_id)
    return user if user is not None and user.active and user.is_counselor else None


def feed_sessions(counselor: User) -> list[TherapySession]:
    return list(
        db.session.scalars(
            select(TherapySession)
            .join(Couple, TherapySession.couple_id == Couple.id)
            .where(
                Couple.counselor_id == counselor.id,
                TherapySession.starts_at >= utcnow() - FEED_PAST,
            )
            .options(joinedload(TherapySession.couple).selectinload(Couple.partners))
            .order_by(TherapySession.starts_at)
        ).unique()
    )
