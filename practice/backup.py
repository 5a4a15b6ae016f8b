"""Backups that are safe to take while the app runs (SECURITY.md 21).

SQLite is copied with its online backup API, page by page under SQLite's own locking, never
as a file copy of a live database. PostgreSQL is dumped with pg_dump in its custom format.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """The backup could not be written; the message says why."""


def backup_database(url: str, target: Path) -> Path:
    parsed = make_url(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    if parsed.get_backend_name() == "sqlite":
        return _backup_sqlite(Path(parsed.database), target)
    if parsed.get_backend_name() == "postgresql":
        return _backup_postgres(parsed, target)
    raise BackupError(f"Backups of {parsed.get_backend_name()} databases aren't supported.")


def _backup_sqlite(source: Path, target: Path) -> Path:
    if not source.exists():
        raise BackupError(f"There is no database at {source}.")
    partial = target.with_suffix(target.suffix + ".partial")
    # Clinical records: the copy is readable by its owner only, from the first byte.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    live = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    try:
        live.backup(copy)
        intact = copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        copy.close()
        live.close()
    if not intact:
        partial.unlink()
        raise BackupError("The copy failed SQLite's integrity check; nothing was kept.")
    partial.replace(target)  # only a complete, checked copy takes the final name
    return target


def _backup_postgres(url, target: Path) -> Path:
    if shutil.which("pg_dump") is None:
        raise BackupError("pg_dump is not installed (Debian package postgresql-client).")
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"]
    command += ["--dbname", url.set(drivername="postgresql", password=None).render_as_string()]
    # The password travels in the environment, not on a command line others can read in ps.
    env = dict(os.environ, PGPASSWORD=url.password or "")
    old_umask = os.umask(0o077)  # the dump is readable by its owner only
    try:
        result = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, check=False, env=env
        )
    finally:
        os.umask(old_umask)
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()[:500]}")
    return target


@click.command("backup")
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path))
@with_appcontext
def backup_command(output: Path) -> None:
    """Write a consistent backup of the database to OUTPUT."""
    try:
        written = backup_database(current_app.config["SQLALCHEMY_DATABASE_URI"], output)
    except (BackupError, OSError, sqlite3.Error) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {written} ({written.stat().st_size:,} bytes).")
