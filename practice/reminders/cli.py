"""`flask send-due`: for cron, every few minutes."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from .worker import run_once


@click.command("send-due")
@click.option("--limit", default=200, show_default=True, help="Most messages to send in one run.")
@with_appcontext
def send_due_command(limit: int) -> None:
    """Queue the reminders that fell due, then send what is due (quiet hours respected)."""
    queued, report = run_once(limit=limit)
    click.echo(
        f"queued {queued}, sent {report.sent}, retrying {report.retrying}, "
        f"failed {report.failed}, skipped {report.skipped}, held {report.held}, "
        f"logged {report.logged}"
    )
