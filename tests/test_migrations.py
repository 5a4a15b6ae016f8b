"""The schema `flask db upgrade` builds is exactly the models' schema, on this run's database."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from practice import create_app
from practice.extensions import db
from practice.models import SessionNote

from .conftest import create_scratch_database, test_settings


def test_upgrade_builds_exactly_the_models_schema(tmp_path_factory):
    url, drop = create_scratch_database(tmp_path_factory)
    try:
        app = create_app(test_settings(url))
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "compare_server_default": True}
                )
                differences = compare_metadata(context, db.metadata)
            assert differences == []
            downgrade(revision="base")
            with db.engine.connect() as connection:
                tables = set(db.inspect(connection).get_table_names())
            assert tables <= {"alembic_version"}
            db.engine.dispose()
    finally:
        drop()


def test_upgrading_makes_half_emojis_stored_earlier_readable(
    app, signed_in, counselor, make_couple
):
    from .notes.records import add_note, add_session

    session_id = add_session(app, make_couple(counselor))
    add_note(app, session_id, signed=True)
    with app.app_context():
        # Written as autosave stored it before the flush guard cleaned text: past the ORM.
        damaged = '{"subjective": "we talked \\ud83d calmly"}'
        db.session.execute(sa.text("UPDATE session_notes SET sections = :v"), {"v": damaged})
        db.session.commit()
        downgrade(revision="0003")  # 0004 changes data only: the schema stays as it is
        upgrade()
        db.session.expire_all()
        note = db.session.scalar(sa.select(SessionNote))
        assert note.sections["subjective"] == "we talked \ufffd calmly"
    page = signed_in.get(f"/sessions/{session_id}/note")
    assert page.status_code == 200 and "we talked \ufffd calmly" in page.text
