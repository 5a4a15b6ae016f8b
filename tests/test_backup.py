"""Backups taken from a live database restore to an intact copy with the same rows."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
import time

import sqlalchemy as sa
from flask_migrate import upgrade

from practice import create_app
from practice.audit.record import audit
from practice.audit.who import system
from practice.extensions import db

from .conftest import create_scratch_database, test_settings

# The actor of the rows these tests write without a request.
TESTS = system("tests")


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


def test_a_backup_taken_while_writes_run_restores_whole(
    app, runner, tmp_path, tmp_path_factory, database_url
):
    assert runner.invoke(args=["demo", "--password", "a demo password"]).exit_code == 0
    with app.app_context():
        before = row_counts(db.engine)

    # Another app, as another worker would, keeps writing audited changes meanwhile.
    writer_app = create_app(test_settings(database_url))
    stop, written = threading.Event(), []

    def keep_writing() -> None:
        with writer_app.app_context():
            while not stop.is_set():
                audit("backup-test", detail=f"write {len(written)}", who=TESTS)
                db.session.commit()
                written.append(1)
            db.session.remove()
            db.engine.dispose()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(written) < 5:  # writes are under way before the backup starts
            time.sleep(0.01)
        target = tmp_path / "live.dump"
        backed_up = runner.invoke(args=["backup", "-o", str(target)])
    finally:
        stop.set()
        writer.join()
    assert backed_up.exit_code == 0, backed_up.output

    url, drop = create_scratch_database(tmp_path_factory)
    fresh = create_app(test_settings(url))
    try:
        with fresh.app_context():
            upgrade()  # migrated but empty counts as empty
            db.engine.dispose()
        result = fresh.test_cli_runner().invoke(args=["restore", str(target)])
        assert result.exit_code == 0, result.output
        if url.startswith("sqlite"):
            assert "PRAGMA integrity_check: ok" in result.output
        # The copy is one moment of the live database: whole, with its audit chain unbroken.
        assert "Audit trail intact" in result.output
        with fresh.app_context():
            restored = row_counts(db.engine)
            db.engine.dispose()
        assert restored["couples"] == 5
        for table, count in before.items():
            if table != "audit_events":
                assert restored[table] == count, table
        assert before["audit_events"] < restored["audit_events"]
        assert restored["audit_events"] <= before["audit_events"] + len(written)
        assert f"audit_events {restored['audit_events']:,}" in " ".join(result.output.split())
    finally:
        drop()


def test_restore_refuses_a_database_in_use(runner, tmp_path):
    assert runner.invoke(args=["demo", "--password", "a demo password"]).exit_code == 0
    target = tmp_path / "backup.dump"
    assert runner.invoke(args=["backup", "-o", str(target)]).exit_code == 0
    result = runner.invoke(args=["restore", str(target)])
    assert result.exit_code == 1
    assert "The database is not empty: " in result.output and "Traceback" not in result.output
