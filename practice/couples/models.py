"""Couple cases and the partners in them."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, column, exists, table
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from ..auth.models import User
from ..db_types import UTCDateTime, utcnow
from ..extensions import db


class CaseStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


# The article's causes of mistrust, plus room for what it does not name.
TRUST_DAMAGE = {
    "personal-insecurities": "Personal insecurities",
    "past-wounds": "Past wounds",
    "infidelity-or-deception": "Infidelity or deception",
    "communication-failures": "Communication failures",
    "other": "Other",
}

# A partner's side of the trust injury (optional; only the counselor sees it).
SIDES = {
    "": "Not stated",
    "hurt": "The partner who was hurt",
    "broke-trust": "The partner who broke trust",
    "both": "Both: each hurt the other",
}

SAFETY_SCREENING = {
    "not-screened": "Not yet screened",
    "no-concerns": "Screened: no concerns",
    "concerns-monitoring": "Concerns noted: monitoring",
    "not-suitable-for-joint": "Not suitable for joint work",
}
# Not a choice on the case form: any unacknowledged safety flag makes it so, whatever was chosen.
CONCERNS_OPEN = "concerns-open"
SAFETY_STATUS = SAFETY_SCREENING | {CONCERNS_OPEN: "Safety concerns open"}

# The answer_flags table as a case sees it (assignments sits above couples, so no import).
_answer_flags = table(
    "answer_flags", column("couple_id"), column("kind"), column("acknowledged_at")
)


class Couple(db.Model):
    __tablename__ = "couples"

    id: Mapped[int] = mapped_column(primary_key=True)
    counselor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20), default=CaseStatus.ACTIVE)
    start_date: Mapped[date] = mapped_column(Date)
    presenting_concerns: Mapped[str] = mapped_column(Text, default="")
    trust_damage: Mapped[list[str]] = mapped_column(JSON, default=list)
    trust_damage_other: Mapped[str] = mapped_column(String(200), default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    safety_screening: Mapped[str] = mapped_column(String(30), default="not-screened")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Optimistic locking: an edit made from a stale form is refused, never silently applied.
    version: Mapped[int] = mapped_column(default=1)

    # Any unacknowledged safety flag; deferred: the case list and case page undefer it.
    safety_concerns_open: Mapped[bool] = column_property(
        exists().where(
            _answer_flags.c.couple_id == id,
            _answer_flags.c.kind == "safety",
            _answer_flags.c.acknowledged_at.is_(None),
        ),
        deferred=True,
    )

    counselor: Mapped[User] = relationship()
    partners: Mapped[list[Client]] = relationship(
        back_populates="couple", order_by="Client.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    # The caseload's counts by status and its lists by last activity, per counselor.
    __table_args__ = (
        Index("ix_couples_counselor_id_status", "counselor_id", "status", "last_activity_at"),
    )

    def touch(self) -> None:
        self.last_activity_at = utcnow()

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED

    @property
    def trust_damage_labels(self) -> list[str]:
        return [TRUST_DAMAGE[key] for key in self.trust_damage if key in TRUST_DAMAGE]

    @property
    def safety_label(self) -> str:
        return SAFETY_SCREENING.get(self.safety_screening, self.safety_screening)

    @property
    def safety_status(self) -> str:
        """The screening the counselor recorded, unless a safety flag is open."""
        return CONCERNS_OPEN if self.safety_concerns_open else self.safety_screening

    @property
    def safety_status_label(self) -> str:
        return SAFETY_STATUS.get(self.safety_status, self.safety_status)


class Client(db.Model):
    """A partner in a couple case; may have a portal account (a User with role client)."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id"), index=True)
    position: Mapped[int]  # 1 or 2: keeps partners in a stable order on every page
    full_name: Mapped[str] = mapped_column(String(120))
    preferred_name: Mapped[str] = mapped_column(String(60), default="")
    pronouns: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    # Their side of the trust injury, as the counselor records it: "hurt", "broke-trust",
    # "both", or "" (not stated). Picks each partner's version of a perspective worksheet;
    # never shown to clients.
    side: Mapped[str] = mapped_column(String(20), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)

    couple: Mapped[Couple] = relationship(back_populates="partners")
    user: Mapped[User | None] = relationship()

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.full_name.split()[0]

    @property
    def side_label(self) -> str:
        return SIDES.get(self.side, "") if self.side else ""


class Invitation(db.Model):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Only a hash: a database leak must not hand out working links.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    client: Mapped[Client] = relationship()

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at
