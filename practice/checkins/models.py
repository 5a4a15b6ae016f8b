"""Trust check-ins: requests to answer the measure, the answers, and drops to look at."""

from __future__ import annotations

import enum
from datetime import datetime
from fractions import Fraction

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..couples.models import Client, Couple
from ..db_types import UTCDateTime, utcnow
from ..extensions import db
from .measure import trust_measure


class EnteredBy(enum.StrEnum):
    CLIENT = "client"
    COUNSELOR = "counselor"


class CheckInRequest(db.Model):
    """The counselor asks both partners of a couple to check in: once, or every N days."""

    __tablename__ = "checkin_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    every_days: Mapped[int | None]  # None: once
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    couple: Mapped[Couple] = relationship()

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def cadence(self) -> str:
        if self.every_days is None:
            return "once"
        if self.every_days == 1:
            return "every day"
        return "every week" if self.every_days == 7 else f"every {self.every_days} days"


class CheckIn(db.Model):
    """One partner's answers to the measure; scores are {item_id: 0..10}."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("checkin_requests.id"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    measure_version: Mapped[int]
    scores: Mapped[dict[str, int]] = mapped_column(JSON)
    # Total and count rather than a float mean: exact on every backend.
    total: Mapped[int]
    item_count: Mapped[int]
    entered_by: Mapped[str] = mapped_column(String(20))
    entered_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    couple: Mapped[Couple] = relationship()
    client: Mapped[Client] = relationship()
    request: Mapped[CheckInRequest | None] = relationship()
    entered_by_user: Mapped[User] = relationship()

    @property
    def exact_mean(self) -> Fraction:
        """The mean of the items about trust in the partner; self-rated items are left out."""
        counted = trust_measure().mean_item_ids
        values = [v for k, v in self.scores.items() if k in counted]
        if not values:  # an older measure's check-in without those items
            return Fraction(self.total, self.item_count)
        return Fraction(sum(values), len(values))

    @property
    def mean(self) -> float:
        return round(float(self.exact_mean), 1)


class CheckInFlag(db.Model):
    """A partner's mean fell by the threshold or more since their previous check-in, or one
    item that flags on its own (`item`) was answered at or below its threshold."""

    __tablename__ = "checkin_flags"
    # Open flags (drops and single items), newest first.
    __table_args__ = (Index("ix_checkin_flags_open", "acknowledged_at", "raised_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id"))
    previous_checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkins.id"))
    item: Mapped[str | None] = mapped_column(String(40))  # None: a drop of the mean
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    couple: Mapped[Couple] = relationship()
    client: Mapped[Client] = relationship()
    checkin: Mapped[CheckIn] = relationship(foreign_keys=[checkin_id])
    previous: Mapped[CheckIn | None] = relationship(foreign_keys=[previous_checkin_id])

    @property
    def item_text(self) -> str:
        item = trust_measure().item(self.item or "")
        return item.text if item else (self.item or "")

    @property
    def item_score(self) -> int | None:
        return self.checkin.scores.get(self.item) if self.item else None

    @property
    def drop(self) -> float:
        if self.previous is None:
            return 0.0
        return round(float(self.previous.exact_mean - self.checkin.exact_mean), 1)
