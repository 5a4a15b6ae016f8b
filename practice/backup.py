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

from .private_files import create_private_file


class BackupError(RuntimeError):
    """The backup could not be written; the message says why."""


def backup_database(url: str, target: Path) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups of {parsed.get_backend_name()} databases aren't supported.")
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database).exists():
        raise BackupError(f"There is no database at {parsed.database}.")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        # Clinical records: a new file, owner only from its first byte, never a file or link
        # someone planted at this name (it would keep its mode, or send the copy elsewhere).
        fd = create_private_file(partial)
    except FileExistsError:
        raise BackupError(
            f"{partial} already exists: another backup is running, or one was interrupted. "
            "Nothing was written. Check it and remove it, then try again."
        ) from None
    try:
        if parsed.get_backend_name() == "sqlite":
            os.close(fd)
            _backup_sqlite(Path(parsed.database), partial)
        else:
            with os.fdopen(fd, "wb") as out:
                _backup_postgres(parsed, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)  # only a complete, checked copy takes the final name
    return target


def _backup_sqlite(source: Path, partial: Path) -> None:
    live = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    try:
        live.backup(copy)
        intact = copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        copy.close()
        live.close()
    if not intact:
        raise BackupError("The copy failed SQLite's integrity check; nothing was kept.")


def _backup_postgres(url, out) -> None:
    if shutil.which("pg_dump") is None:
        raise BackupError("pg_dump is not installed (Debian package postgresql-client).")
    command = ["pg_dump", "--format=custom", "--no-owner"]
    command += ["--dbname", url.set(drivername="postgresql", password=None).render_as_string()]
    # The password travels in the environment, not on a command line others can read in ps.
    env = dict(os.environ, PGPASSWORD=url.password or "")
    # The dump goes to the file we opened, not to a path pg_dump would open (and follow).
    result = subprocess.run(  # noqa: S603
        command, stdout=out, stderr=subprocess.PIPE, check=False, env=env
    )
    if result.returncode != 0:
        stderr = result.stderr.decode(errors="replace").strip()
        raise BackupError(f"pg_dump failed: {stderr[:500]}")


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
