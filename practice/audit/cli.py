"""`flask audit verify`: is the audit trail as it was written?"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..extensions import db
from .chain import HEAD_ID
from .models import AuditChainHead
from .verify import verify_chain

audit_cli = AppGroup("audit", help="Check the audit trail.")


@audit_cli.command("verify")
def verify() -> None:
    """Check every audit row's hash and link; name the first row that was changed, removed
    or inserted out of order (exit 1), or count the intact rows (exit 0)."""
    verdict = verify_chain(db.session)
    if not verdict.intact:
        click.echo(f"Audit trail broken: {verdict.fault}.", err=True)
        click.echo(f"The {verdict.rows:,} rows before it are intact.", err=True)
        raise SystemExit(1)
    head = db.session.get(AuditChainHead, HEAD_ID)
    click.echo(f"Audit trail intact: {verdict.rows:,} rows.")
    if head is not None:
        # Kept somewhere else (a ticket, a printout), this shows later that no one rewrote
        # the whole chain from the start.
        click.echo(f"Last hash: {head.last_hash}")
