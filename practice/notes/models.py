"""Therapy sessions, their notes, and the signed addenda that correct a signed note."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.ext.mutable import MutableDict
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..couples.models import Client, Couple
from ..db_types import UTCDateTime, utcnow
from ..extensions import db
from .formats import NOTE_FORMATS, NoteFormat


class SessionKind(enum.StrEnum):
    INTAKE = "intake"
    JOINT = "joint"
    INDIVIDUAL = "individual"


class Modality(enum.StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"


class SessionStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


KIND_LABELS = {"intake": "Intake", "joint": "Joint", "individual": "Individual"}
MODALITY_LABELS = {"in_person": "In person", "video": "Video", "phone": "Phone"}
STATUS_LABELS = {
    "scheduled": "Scheduled",
    "completed": "Completed",
    "cancelled": "Cancelled",
    "no_show": "No-show",
}


class TherapySession(db.Model):
    """A session with a couple ("Session" alone collides with Flask's and SQLAlchemy's)."""

    __tablename__ = "therapy_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    minutes: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    # None means both partners attended; otherwise the one partner who did.
    attended_client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    modality: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=SessionStatus.SCHEDULED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # A copy of the note's signed_at, written by the flush that signs it (notes/derived.py):
    # "notes to sign" is then a small partial index, not an anti-join over every session.
    note_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    couple: Mapped[Couple] = relationship()
    attended_client: Mapped[Client | None] = relationship()
    note: Mapped[SessionNote | None] = relationship(back_populates="therapy_session")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index(
            "ix_therapy_sessions_to_sign",
            "starts_at",
            postgresql_where=text("status = 'completed' AND note_signed_at IS NULL"),
            sqlite_where=text("status = 'completed' AND note_signed_at IS NULL"),
        ),
    )

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def attended_label(self) -> str:
        if self.attended_client is None:
            return "Both partners"
        return self.attended_client.full_name

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def modality_label(self) -> str:
        return MODALITY_LABELS[self.modality]

    @property
    def title(self) -> str:
        return f"{self.kind_label} session · {self.modality_label}"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def note_status(self) -> str:
        """'signed', 'draft' or 'none': what the session's record still needs."""
        if self.note is None:
            return "none"
        return "signed" if self.note.is_signed else "draft"


class SessionNote(db.Model):
    """One note per session. Once signed it is locked for good (see lock.py)."""

    __tablename__ = "session_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    therapy_session_id: Mapped[int] = mapped_column(ForeignKey("therapy_sessions.id"), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    format: Mapped[str] = mapped_column(String(20))
    # {section_key: text}. Mutable so an in-place edit is seen (and refused once signed).
    sections: Mapped[dict[str, str]] = mapped_column(MutableDict.as_mutable(JSON), default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Two tabs saving from the same version: the second is refused, never silently applied.
    version: Mapped[int] = mapped_column(default=1)

    therapy_session: Mapped[TherapySession] = relationship(back_populates="note")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    signed_by: Mapped[User | None] = relationship(foreign_keys=[signed_by_id])
    addenda: Mapped[list[NoteAddendum]] = relationship(
        back_populates="note", order_by="NoteAddendum.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def note_format(self) -> NoteFormat:
        return NOTE_FORMATS[self.format]

    @property
    def is_empty(self) -> bool:
        return not any(text.strip() for text in self.sections.values())

    def labelled_sections(self) -> list[tuple[str, str, str]]:
        """(key, label, text) in the format's order."""
        return [(s.key, s.label, self.sections.get(s.key, "")) for s in self.note_format.sections]


class NoteAddendum(db.Model):
    """A later correction or addition to a signed note: signed when written, never changed."""

    __tablename__ = "note_addenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("session_notes.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime())

    note: Mapped[SessionNote] = relationship(back_populates="addenda")
    author: Mapped[User] = relationship()


class NotePreference(db.Model):
    """A counselor's own way of writing notes: the format a new note opens in."""

    __tablename__ = "note_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    default_format: Mapped[str] = mapped_column(String(20), default="soap")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
