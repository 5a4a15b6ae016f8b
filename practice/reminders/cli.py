"""`flask send-due`: once for cron, or `--every SECONDS` as a long-running sender."""

from __future__ import annotations

import logging
import signal
import threading

import click
from flask.cli import with_appcontext

from ..extensions import db
from .worker import run_once

log = logging.getLogger(__name__)


@click.command("send-due")
@click.option("--limit", default=200, show_default=True, help="Most messages to send in one run.")
@click.option(
    "--every",
    type=click.IntRange(min=1),
    default=None,
    metavar="SECONDS",
    help="Keep running, one run every SECONDS (instead of cron). Stop with Ctrl+C or SIGTERM.",
)
@click.option("--runs", type=click.IntRange(min=1), default=None, hidden=True)
@with_appcontext
def send_due_command(limit: int, every: int | None, runs: int | None) -> None:
    """Queue the reminders that fell due, then send what is due (quiet hours respected)."""
    if every is None:
        _report(*run_once(limit=limit))
        return
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    done = 0
    while not stop.is_set():
        try:
            _report(*run_once(limit=limit))
        except Exception:  # a database or mail outage: say so, and try again next round
            db.session.rollback()
            log.exception("send-due: this run failed; trying again in %s s", every)
        finally:
            db.session.remove()
        done += 1
        if runs is not None and done >= runs:
            break
        stop.wait(every)


def _report(queued, report) -> None:
    click.echo(
        f"queued {queued}, sent {report.sent}, retrying {report.retrying}, "
        f"failed {report.failed}, skipped {report.skipped}, held {report.held}, "
        f"logged {report.logged}"
    )
