"""Signed notes and addenda are locked at the model level, whatever route a change takes.

Views refuse first with a friendly message; these listeners are the backstop that makes a
change to a signed note impossible to flush, even from a shell or a future bug.
"""

from __future__ import annotations

from sqlalchemy import event, inspect

from .models import NoteAddendum, SessionNote, TherapySession

SIGNED_MESSAGE = "This note is signed and can't be changed. Add an addendum instead."
SESSION_MESSAGE = (
    "This session's note is signed, so the session's details can't be changed. "
    "Add an addendum to the note instead."
)
# What a signed note describes: the when, who and how of its session are part of the record.
SESSION_RECORD = {"starts_at", "minutes", "kind", "attended_client_id", "modality", "status"}
ADDENDUM_MESSAGE = "An addendum is signed when it is written and can't be changed."


class SignedNoteLocked(Exception):
    """A change to a signed note or an addendum reached the database layer."""

    def __init__(self, message: str = SIGNED_MESSAGE):
        super().__init__(message)
        self.message = message


def _changed_columns(target) -> list[str]:
    state = inspect(target)
    return [
        attr.key
        for attr in state.mapper.column_attrs
        if attr.key != "version" and state.attrs[attr.key].history.has_changes()
    ]


def _signed_before_this_flush(note: SessionNote) -> bool:
    history = inspect(note).attrs.signed_at.history
    if history.deleted:
        return history.deleted[0] is not None
    return bool(history.unchanged) and history.unchanged[0] is not None


@event.listens_for(SessionNote, "before_update")
def _refuse_changes_to_signed_notes(mapper, connection, note: SessionNote) -> None:
    if _signed_before_this_flush(note) and _changed_columns(note):
        raise SignedNoteLocked()


@event.listens_for(SessionNote, "before_delete")
def _refuse_deleting_signed_notes(mapper, connection, note: SessionNote) -> None:
    if _signed_before_this_flush(note):
        raise SignedNoteLocked()


@event.listens_for(NoteAddendum, "before_update")
def _refuse_changes_to_addenda(mapper, connection, addendum: NoteAddendum) -> None:
    if _changed_columns(addendum):
        raise SignedNoteLocked(ADDENDUM_MESSAGE)


@event.listens_for(NoteAddendum, "before_delete")
def _refuse_deleting_addenda(mapper, connection, addendum: NoteAddendum) -> None:
    raise SignedNoteLocked(ADDENDUM_MESSAGE)


@event.listens_for(TherapySession, "before_update")
def _refuse_changes_to_signed_sessions(mapper, connection, session: TherapySession) -> None:
    note = session.note
    signed = note is not None and note.signed_at is not None
    if signed and SESSION_RECORD & set(_changed_columns(session)):
        raise SignedNoteLocked(SESSION_MESSAGE)
