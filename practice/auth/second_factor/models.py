"""What two-step sign-in keeps: each account's authenticator secret, its recovery codes, and
sign-ins that got the password right and still wait for the code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...db_types import UTCDateTime, utcnow
from ...extensions import db
from ..models import User


class SecondFactor(db.Model):
    """An authenticator app an account has confirmed with a right code."""

    __tablename__ = "second_factors"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    # The shared secret (base32). Codes are worked out from it, so it can't be hashed.
    totp_secret: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The 30-second step of the last code accepted: a code is good once, never replayed.
    last_used_step: Mapped[int | None]

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """One of an account's single-use codes for when the phone is lost. Only a hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PendingSignIn(db.Model):
    """A password accepted, the code not yet: this is not a signed-in session.

    Kept apart from ``UserSession`` on purpose: nothing that loads a signed-in user can
    mistake a half-finished sign-in for a finished one.
    """

    __tablename__ = "pending_sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    # While enrolling: the secret shown as a QR code, kept until a right code confirms it.
    enrolment_secret: Mapped[str | None] = mapped_column(String(64))

    user: Mapped[User] = relationship()
