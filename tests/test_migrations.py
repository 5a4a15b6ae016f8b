"""The schema `flask db upgrade` builds is exactly the models' schema, on this run's database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from practice import create_app
from practice.extensions import db

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
