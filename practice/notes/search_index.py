"""The note search index: one document per note (its sections, then its addenda), written by
the same flush that writes the note or an addendum, whatever code path made the change.

PostgreSQL keeps a stored tsvector beside the text, indexed with GIN; SQLite mirrors the text
into an FTS5 table (``note_search_fts``, made by migration 0009 with triggers that keep it in
step with ``note_search``). Search never rebuilds a note's text from its JSON at query time.
"""

from __future__ import annotations

from sqlalchemy import (
    ForeignKey,
    Index,
    Text,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..couples.models import Couple
from ..extensions import db
from .models import NoteAddendum, SessionNote, TherapySession

# Snippets come back with these around each match; user text can't contain them (they are
# dropped from documents), so after escaping they are the only places a <mark> can go.
MARK_START, MARK_END = "\ue000", "\ue001"
# ts_headline's parser takes "<b>" for a tag and drops it from the snippet: "<" is swapped for
# this stand-in on the way in and put back by marked().
LESS_THAN = "\ue002"
PRIVATE = (MARK_START, MARK_END, LESS_THAN)
# The text search configuration, named in SQL so the planner sees a constant.
REGCONFIG = literal_column("'english'::regconfig")


class NoteSearchDocument(db.Model):
    __tablename__ = "note_search"

    note_id: Mapped[int] = mapped_column(ForeignKey("session_notes.id"), primary_key=True)
    # The case's counselor, so a search walks only that counselor's notes, newest first
    # (ix_note_search_counselor); results are still scoped through the case (search.py).
    counselor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    # Written with the body on PostgreSQL; always empty on SQLite, where FTS5 does the work.
    vector: Mapped[str | None] = mapped_column(TSVECTOR().with_variant(Text(), "sqlite"))

    __table_args__ = (
        Index("ix_note_search_counselor", "counselor_id", "note_id"),
        Index("ix_note_search_vector", "vector", postgresql_using="gin").ddl_if(
            dialect="postgresql"
        ),
    )


def document_text(sections: dict[str, str], addenda: list[str]) -> str:
    text = "\n\n".join(t for t in [*sections.values(), *addenda] if t and t.strip())
    for private in PRIVATE:
        text = text.replace(private, "")
    return text


def reindex(session: Session, note_ids: set[int]) -> None:
    """Write the search documents of these notes from what the database holds now."""
    if not note_ids:
        return
    ids = sorted(note_ids)
    notes = {
        note_id: (sections, counselor_id)
        for note_id, sections, counselor_id in session.execute(
            select(SessionNote.id, SessionNote.sections, Couple.counselor_id)
            .join(TherapySession, SessionNote.therapy_session_id == TherapySession.id)
            .join(Couple, TherapySession.couple_id == Couple.id)
            .where(SessionNote.id.in_(ids))
        )
    }
    addenda: dict[int, list[str]] = {}
    for note_id, text in session.execute(
        select(NoteAddendum.note_id, NoteAddendum.text)
        .where(NoteAddendum.note_id.in_(ids))
        .order_by(NoteAddendum.id)
    ):
        addenda.setdefault(note_id, []).append(text)
    table = NoteSearchDocument.__table__
    session.execute(delete(table).where(table.c.note_id.in_(ids)))
    rows = [
        {
            "id_": i,
            "counselor_": notes[i][1],
            "body_": document_text(notes[i][0] or {}, addenda.get(i, [])),
        }
        for i in ids
        if i in notes
    ]
    if not rows:
        return
    values = {
        "note_id": bindparam("id_"),
        "counselor_id": bindparam("counselor_"),
        "body": bindparam("body_"),
    }
    if session.get_bind().dialect.name == "postgresql":
        values["vector"] = func.to_tsvector(REGCONFIG, bindparam("body_"))
    session.execute(insert(table).values(values), rows)
