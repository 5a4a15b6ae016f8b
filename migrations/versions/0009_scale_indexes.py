"""a practice of thousands of cases: a note search index, and indexes for every list

- note_search: one document per note (sections, then addenda). PostgreSQL stores a tsvector
  beside it with a GIN index; SQLite mirrors it into the FTS5 table note_search_fts, kept in
  step by triggers. Filled here from the notes already written.
- therapy_sessions.note_signed_at: a copy of the note's signature, so "notes to sign" is a
  small partial index; filled here.
- indexes for the lists' filters and orders: cases by counselor and status, live assignments
  by due date, responses by status, open flags, audit events by couple and time.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 14:00:00
"""

import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Frozen copies of practice.notes.search_index as it was at this revision.
MARKS = ("\ue000", "\ue001", "\ue002")
TO_SIGN = "status = 'completed' AND note_signed_at IS NULL"
LIVE = "cancelled_at IS NULL"
FTS_TRIGGERS = (
    """CREATE TRIGGER note_search_ai AFTER INSERT ON note_search BEGIN
         INSERT INTO note_search_fts(rowid, body) VALUES (new.note_id, new.body);
       END""",
    """CREATE TRIGGER note_search_ad AFTER DELETE ON note_search BEGIN
         INSERT INTO note_search_fts(note_search_fts, rowid, body)
         VALUES ('delete', old.note_id, old.body);
       END""",
    """CREATE TRIGGER note_search_au AFTER UPDATE ON note_search BEGIN
         INSERT INTO note_search_fts(note_search_fts, rowid, body)
         VALUES ('delete', old.note_id, old.body);
         INSERT INTO note_search_fts(rowid, body) VALUES (new.note_id, new.body);
       END""",
)


def document_text(sections, addenda):
    text = "\n\n".join(t for t in [*sections.values(), *addenda] if t and t.strip())
    for mark in MARKS:
        text = text.replace(mark, "")
    return text


def _fill_documents(bind, postgres):
    addenda = {}
    for note_id, text in bind.execute(
        sa.text("SELECT note_id, text FROM note_addenda ORDER BY id")
    ):
        addenda.setdefault(note_id, []).append(text)
    if postgres:
        insert = sa.text(
            "INSERT INTO note_search (note_id, counselor_id, body, vector) "
            "VALUES (:id, :counselor, :body, to_tsvector('english'::regconfig, :body))"
        )
    else:
        insert = sa.text(
            "INSERT INTO note_search (note_id, counselor_id, body) VALUES (:id, :counselor, :body)"
        )
    rows = []
    notes = sa.text(
        "SELECT n.id, n.sections, c.counselor_id FROM session_notes n "
        "JOIN therapy_sessions s ON s.id = n.therapy_session_id JOIN couples c ON c.id = s.couple_id"
    )
    for note_id, sections, counselor_id in bind.execute(notes):
        if isinstance(sections, str):
            sections = json.loads(sections)
        body = document_text(sections or {}, addenda.get(note_id, []))
        rows.append({"id": note_id, "counselor": counselor_id, "body": body})
        if len(rows) == 1000:
            bind.execute(insert, rows)
            rows = []
    if rows:
        bind.execute(insert, rows)


def upgrade():
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    op.create_table(
        "note_search",
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("counselor_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("vector", postgresql.TSVECTOR() if postgres else sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["note_id"], ["session_notes.id"], name=op.f("fk_note_search_note_id_session_notes")
        ),
        sa.ForeignKeyConstraint(
            ["counselor_id"], ["users.id"], name=op.f("fk_note_search_counselor_id_users")
        ),
        sa.PrimaryKeyConstraint("note_id", name=op.f("pk_note_search")),
    )
    op.create_index("ix_note_search_counselor", "note_search", ["counselor_id", "note_id"])
    if postgres:
        op.create_index("ix_note_search_vector", "note_search", ["vector"], postgresql_using="gin")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE note_search_fts USING fts5(body, content='note_search', "
            "content_rowid='note_id', tokenize='porter unicode61 remove_diacritics 2')"
        )
        for trigger in FTS_TRIGGERS:
            op.execute(trigger)
    _fill_documents(bind, postgres)

    op.add_column(
        "therapy_sessions", sa.Column("note_signed_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.execute(
        "UPDATE therapy_sessions SET note_signed_at = (SELECT signed_at FROM session_notes "
        "WHERE session_notes.therapy_session_id = therapy_sessions.id)"
    )
    op.create_index(
        "ix_therapy_sessions_to_sign",
        "therapy_sessions",
        ["starts_at"],
        postgresql_where=sa.text(TO_SIGN),
        sqlite_where=sa.text(TO_SIGN),
    )
    op.create_index(
        "ix_couples_counselor_id_status", "couples", ["counselor_id", "status", "last_activity_at"]
    )
    op.create_index(
        "ix_assignments_due_date_live",
        "assignments",
        ["due_date"],
        postgresql_where=sa.text(LIVE),
        sqlite_where=sa.text(LIVE),
    )
    op.create_index("ix_responses_status_submitted_at", "responses", ["status", "submitted_at"])
    op.create_index("ix_answer_flags_open", "answer_flags", ["acknowledged_at", "raised_at"])
    op.create_index("ix_checkin_flags_open", "checkin_flags", ["acknowledged_at", "raised_at"])
    op.create_index("ix_audit_events_couple_id_at", "audit_events", ["couple_id", "at"])


def downgrade():
    bind = op.get_bind()
    op.drop_index("ix_audit_events_couple_id_at", table_name="audit_events")
    op.drop_index("ix_checkin_flags_open", table_name="checkin_flags")
    op.drop_index("ix_answer_flags_open", table_name="answer_flags")
    op.drop_index("ix_responses_status_submitted_at", table_name="responses")
    op.drop_index("ix_assignments_due_date_live", table_name="assignments")
    op.drop_index("ix_couples_counselor_id_status", table_name="couples")
    op.drop_index("ix_therapy_sessions_to_sign", table_name="therapy_sessions")
    with op.batch_alter_table("therapy_sessions") as batch_op:
        batch_op.drop_column("note_signed_at")
    op.drop_index("ix_note_search_counselor", table_name="note_search")
    if bind.dialect.name == "postgresql":
        op.drop_index("ix_note_search_vector", table_name="note_search")
    else:
        op.execute("DROP TABLE note_search_fts")  # its triggers go with note_search below
    op.drop_table("note_search")
