"""What the database keeps beside each note, written by the flush that changes the note or
adds an addendum: whichever code path made the change (a view, the demo, a shell), the
search document and the session's copy of the signature can't fall behind."""

from __future__ import annotations

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from .models import NoteAddendum, SessionNote, TherapySession
from .search_index import reindex


def _touched_notes(session: Session) -> set[int]:
    ids = set()
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, SessionNote) and obj.id is not None:
            ids.add(obj.id)
        elif isinstance(obj, NoteAddendum):
            ids.add(obj.note_id if obj.note_id is not None else obj.note.id)
    return ids


def copy_signatures(session: Session, note_ids: set[int]) -> None:
    signed_at = (
        select(SessionNote.signed_at)
        .where(SessionNote.therapy_session_id == TherapySession.id)
        .scalar_subquery()
    )
    sessions = select(SessionNote.therapy_session_id).where(SessionNote.id.in_(note_ids))
    session.execute(
        update(TherapySession)
        .where(TherapySession.id.in_(sessions))
        .values(note_signed_at=signed_at)
        # Not a change to the session's record: no version bump, no lock check.
        .execution_options(synchronize_session=False)
    )


@event.listens_for(Session, "after_flush")
def _keep_derived_rows_in_step(session: Session, flush_context) -> None:
    # session.new and .dirty still list what this flush wrote, and ids are assigned by now.
    note_ids = _touched_notes(session)
    if note_ids:
        reindex(session, note_ids)
        copy_signatures(session, note_ids)
