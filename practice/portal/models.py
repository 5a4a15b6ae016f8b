"""Invitations that let a partner create their client-portal account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..couples.models import Client
from ..db_types import UTCDateTime, utcnow
from ..extensions import db


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
