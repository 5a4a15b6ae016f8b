"""Restore a backup (``flask restore FILE``) into an empty database, and prove it whole.

Only into an empty database: a restore over live records would mix two practices' histories
or silently drop the newer one. SQLite copies the backup in with its online backup API and
checks the result with ``PRAGMA integrity_check``; PostgreSQL uses pg_restore. Either way the
rows of every table are counted and printed, and the audit chain is verified.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from .audit.verify import verify_chain
from .extensions import db
from .notes.search import FTS
from .private_files import private_sqlite_file

# Tables that a freshly migrated database already fills: they don't make it "not empty".
BOOKKEEPING = {"alembic_version", "audit_chain_head"}
# On SQLite, note search's FTS5 table and the shadow tables FTS5 keeps for it (its settings
# fill them even when empty): an index of note_search, which is counted itself.
INDEXES = (FTS.name,)


class RestoreError(RuntimeError):
    """The restore was refused or failed; the message says why."""


def rows_by_table(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        names = sa.inspect(connection).get_table_names()
        return {
            name: connection.scalar(sa.select(sa.func.count()).select_from(sa.table(name)))
            for name in sorted(names)
        }


def refuse_unless_empty(engine: sa.Engine) -> None:
    filled = {
        name: count
        for name, count in rows_by_table(engine).items()
        if count and name not in BOOKKEEPING and not name.startswith(INDEXES)
    }
    if filled:
        shown = ", ".join(f"{name} ({count:,})" for name, count in list(filled.items())[:5])
        raise RestoreError(
            f"The database is not empty: {shown}. Restore into a new, empty database "
            "(point DATABASE_URL at it), never over records in use."
        )


def restore_sqlite(backup: Path, database: Path) -> str:
    """Copy the backup in page by page; SQLite's verdict on the result."""
    with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as source:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise RestoreError(f"{backup} fails SQLite's integrity check: not restored.")
        target = sqlite3.connect(database)
        try:
            source.backup(target)
            return target.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            target.close()


def restore_postgres(backup: Path, url: sa.URL) -> None:
    if shutil.which("pg_restore") is None:
        raise RestoreError("pg_restore is not installed (Debian package postgresql-client).")
    plain = url.set(drivername="postgresql", password=None).render_as_string()
    # --clean: an empty database may still hold the (empty) tables `db upgrade` made.
    command = ["pg_restore", "--no-owner", "--clean", "--if-exists", "--exit-on-error"]
    env = dict(os.environ, PGPASSWORD=url.password or "")
    result = subprocess.run(  # noqa: S603
        [*command, "--dbname", plain, str(backup)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if result.returncode != 0:
        raise RestoreError(f"pg_restore failed: {result.stderr.strip()[:500]}")


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(backup: Path) -> None:
    """Restore BACKUP (from `flask backup`) into the configured database, which must be empty."""
    url = sa.make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        refuse_unless_empty(db.engine)
        db.engine.dispose()  # no connection of ours may hold the database while it is replaced
        if url.get_backend_name() == "sqlite":
            private_sqlite_file(str(url))
            verdict = restore_sqlite(backup, Path(url.database))
            click.echo(f"PRAGMA integrity_check: {verdict}")
            if verdict != "ok":
                raise RestoreError("The restored database fails SQLite's integrity check.")
        else:
            restore_postgres(backup, url)
    except (RestoreError, sqlite3.Error) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {backup}. Rows in each table:")
    for name, count in rows_by_table(db.engine).items():
        click.echo(f"  {name:<24} {count:>9,}")
    chain = verify_chain(db.session)
    click.echo(
        f"Audit trail intact: {chain.rows:,} rows."
        if chain.intact
        else f"Audit trail broken: {chain.fault}."
    )
