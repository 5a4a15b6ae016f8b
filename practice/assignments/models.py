"""Assignments of worksheets to couples, and each partner's response."""

from __future__ import annotations

import enum
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
    select,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from ..auth.models import User
from ..couples.models import Client, Couple
from ..db_types import UTCDateTime, utcnow
from ..extensions import db
from ..library.schema import DISCREET_TITLE, Worksheet


class ResponseStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"


# A partner still has this to do.
WAITING = (ResponseStatus.NOT_STARTED, ResponseStatus.DRAFT)

STATUS_LABELS = {
    ResponseStatus.NOT_STARTED: "Not started",
    ResponseStatus.DRAFT: "In progress",
    ResponseStatus.SUBMITTED: "Submitted",
    ResponseStatus.REVIEWED: "Reviewed",
}


class Assignment(db.Model):
    __tablename__ = "assignments"
    # A private worksheet's answers reach the counselor only: the database itself refuses a
    # private assignment that shares, whichever route or script writes it.
    __table_args__ = (
        CheckConstraint("NOT (private AND share_when_both_submitted)", name="private_never_shared"),
        # Overdue homework: live assignments by due date.
        Index(
            "ix_assignments_due_date_live",
            "due_date",
            postgresql_where=text("cancelled_at IS NULL"),
            sqlite_where=text("cancelled_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id"), index=True)
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The worksheet as it was when assigned: a later edit of the file changes nothing here.
    slug: Mapped[str] = mapped_column(String(80))
    worksheet_version: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    title: Mapped[str] = mapped_column(String(120))
    # each | one | together: a response per partner, for one named partner, or one shared.
    recipients: Mapped[str] = mapped_column(String(20))
    for_client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    due_date: Mapped[date] = mapped_column(Date)
    instructions: Mapped[str] = mapped_column(Text, default="")
    share_when_both_submitted: Mapped[bool] = mapped_column(default=False)
    # Copied from the worksheet's `privacy` when assigned (the snapshot says it too).
    private: Mapped[bool] = mapped_column(default=False)
    # Copied from the worksheet's `discreet`: the portal lists it under the neutral title, so
    # a partner's screen shows nothing about safety to someone looking over their shoulder.
    discreet: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    couple: Mapped[Couple] = relationship()
    assigned_by: Mapped[User] = relationship()
    for_client: Mapped[Client | None] = relationship()
    responses: Mapped[list[Response]] = relationship(
        back_populates="assignment", order_by="Response.id", cascade="all, delete-orphan"
    )

    @cached_property
    def worksheet(self) -> Worksheet:
        return Worksheet.from_snapshot(self.definition)

    @property
    def is_private(self) -> bool:
        return self.private or self.worksheet.is_private

    @property
    def portal_title(self) -> str:
        return DISCREET_TITLE if self.discreet else self.title

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def nobody_started(self) -> bool:
        return all(r.status == ResponseStatus.NOT_STARTED for r in self.responses)

    @property
    def all_submitted(self) -> bool:
        done = (ResponseStatus.SUBMITTED, ResponseStatus.REVIEWED)
        return bool(self.responses) and all(r.status in done for r in self.responses)

    @hybrid_property
    def is_open(self) -> bool:
        """Still waiting for answers: not cancelled, and someone has not submitted yet.

        The one rule for "open" homework, in Python for loaded rows and in SQL for queries
        (assignments/queries.py), so the packet, the dashboard and the case page agree.
        """
        return not self.is_cancelled and any(r.status in WAITING for r in self.responses)

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls):
        waiting = (
            select(Response.id)
            .where(Response.assignment_id == cls.id, Response.status.in_(WAITING))
            .exists()
        )
        return and_(cls.cancelled_at.is_(None), waiting)

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_date < today


# The worksheet's minutes, read in SQL: a list shows it without loading the definition.
Assignment.minutes = column_property(Assignment.definition["minutes"].as_integer())


class Response(db.Model):
    """One partner's answers (or the couple's shared answers for a `together` worksheet)."""

    __tablename__ = "responses"
    __table_args__ = (
        UniqueConstraint("assignment_id", "client_id"),
        # "Waiting for your review": submitted responses, oldest first.
        Index("ix_responses_status_submitted_at", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=ResponseStatus.NOT_STARTED)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    feedback: Mapped[str] = mapped_column(Text, default="")
    reopen_note: Mapped[str] = mapped_column(Text, default="")
    # Every save names the version it started from; SQLAlchemy refuses a stale one too.
    version: Mapped[int] = mapped_column(default=1)

    assignment: Mapped[Assignment] = relationship(back_populates="responses")
    client: Mapped[Client | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[ResponseStatus(self.status)]

    @property
    def is_editable(self) -> bool:
        return self.status in (ResponseStatus.NOT_STARTED, ResponseStatus.DRAFT)


class FlagKind(enum.StrEnum):
    SAFETY = "safety"
    CLINICAL = "clinical"


class AnswerFlag(db.Model):
    """A submitted answer that matched one of its prompt's flag rules: the counselor must see it.

    A `safety` flag comes only from a private worksheet (the schema refuses it elsewhere); while
    one is unacknowledged the case's safety status is "concerns open".
    """

    __tablename__ = "answer_flags"
    # Open flags, newest first.
    __table_args__ = (Index("ix_answer_flags_open", "acknowledged_at", "raised_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id"), index=True)
    prompt_id: Mapped[str] = mapped_column(String(40))
    # The worksheet's counselor-facing message, never the client's own words.
    message: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default=FlagKind.CLINICAL)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # What the counselor did about it; kept with the flag (a clinical note, never audited).
    acknowledged_note: Mapped[str] = mapped_column(Text, default="")

    response: Mapped[Response] = relationship()
    couple: Mapped[Couple] = relationship()

    @property
    def is_safety(self) -> bool:
        return self.kind == FlagKind.SAFETY
