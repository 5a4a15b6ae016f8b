"""One run of the reminder worker: queue what fell due, fold digests, deliver.

``run_once()`` is what cron runs (``flask --app practice send-due``) and what the job
queue should call (inside an app context) when it takes over from cron.
"""

from __future__ import annotations

from ..extensions import db
from .digest import fold_digests
from .events import catch_up_both_submitted
from .scan import queue_client_reminders
from .sender import Delivery, deliver_due


def run_once(*, limit: int = 200) -> tuple[int, Delivery]:
    queued = queue_client_reminders()
    queued += catch_up_both_submitted(db.session)
    queued += fold_digests()
    db.session.commit()
    return queued, deliver_due(limit=limit)
