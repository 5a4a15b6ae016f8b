"""Backups taken from a live database restore to an intact copy with the same rows."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import sqlalchemy as sa

from practice.extensions import db

from .conftest import create_scratch_database


def row_counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


def test_backup_restores_with_the_same_rows(app, runner, tmp_path, tmp_path_factory):
    assert runner.invoke(args=["demo", "--password", "a demo password"]).exit_code == 0
    with app.app_context():
        original = row_counts(db.engine)
        url = db.engine.url
    assert original["couples"] == 5 and original["responses"] > 0

    target = tmp_path / "backup.dump"
    result = runner.invoke(args=["backup", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Backup written to" in result.output
    assert target.stat().st_mode & 0o077 == 0  # owner only: these are clinical records

    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(target) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        restored = sa.create_engine(f"sqlite:///{target}")
    else:
        restored_url, drop = create_scratch_database(tmp_path_factory)
        plain = sa.engine.make_url(restored_url).set(drivername="postgresql")
        subprocess.run(
            [
                shutil.which("pg_restore"),
                "--no-owner",
                "--dbname",
                plain.render_as_string(hide_password=False),
                str(target),
            ],
            check=True,
        )
        restored = sa.create_engine(restored_url)
    try:
        assert row_counts(restored) == original
    finally:
        restored.dispose()
        if url.get_backend_name() != "sqlite":
            drop()


def test_backup_to_an_unwritable_place_fails_clearly(runner):
    result = runner.invoke(args=["backup", "-o", "/proc/no-such-place/backup.db"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "Error" in result.output
