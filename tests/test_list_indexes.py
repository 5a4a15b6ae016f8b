"""Each list's filter and order has an index that serves it, checked with EXPLAIN on
PostgreSQL (bench/scale.py times the lists at 5,000 cases). Sequential scans are switched off
so the plan shows which index can answer, even over the few rows a test has."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from practice.extensions import db

QUERIES = {
    "ix_note_search_vector": "SELECT note_id FROM note_search "
    "WHERE vector @@ plainto_tsquery('english', 'budget')",
    "ix_note_search_counselor": "SELECT note_id FROM note_search WHERE counselor_id = 1 "
    "ORDER BY note_id DESC LIMIT 501",
    "ix_therapy_sessions_to_sign": "SELECT id FROM therapy_sessions WHERE status = 'completed' "
    "AND note_signed_at IS NULL ORDER BY starts_at LIMIT 10",
    "ix_assignments_due_date_live": "SELECT id FROM assignments WHERE cancelled_at IS NULL "
    "AND due_date < '2026-01-01' ORDER BY due_date LIMIT 10",
    "ix_responses_status_submitted_at": "SELECT id FROM responses WHERE status = 'submitted' "
    "ORDER BY submitted_at LIMIT 10",
    "ix_answer_flags_open": "SELECT id FROM answer_flags WHERE acknowledged_at IS NULL "
    "ORDER BY raised_at DESC LIMIT 10",
    "ix_checkin_flags_open": "SELECT id FROM checkin_flags WHERE acknowledged_at IS NULL "
    "ORDER BY raised_at DESC LIMIT 10",
    "ix_audit_events_couple_id_at": "SELECT id FROM audit_events WHERE couple_id = 1 "
    "ORDER BY at DESC LIMIT 20",
    "ix_couples_counselor_id_status": "SELECT status, count(*) FROM couples "
    "WHERE counselor_id = 1 GROUP BY status",
}


@pytest.mark.parametrize("index", QUERIES)
def test_the_list_query_can_use_its_index(app, index):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("EXPLAIN plans are checked on PostgreSQL, the production database")
        with db.engine.connect() as connection:
            connection.execute(sa.text("SET enable_seqscan = off"))
            plan = "\n".join(connection.execute(sa.text("EXPLAIN " + QUERIES[index])).scalars())
    assert index in plan, plan
