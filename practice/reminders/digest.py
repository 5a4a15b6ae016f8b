"""The daily digest: a counselor who chose it gets one email a day, after DIGEST_AT in the
practice's zone, counting the notices that waited for it."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from flask import current_app
from sqlalchemy import select, update

from ..auth.models import User
from ..clock import local_time, practice_zone
from ..db_types import utcnow
from ..extensions import db
from .links import external_url
from .messages import DIGEST_LINES, counselor_email
from .models import OutboxMessage, Status
from .outbox import enqueue


def fold_digests() -> int:
    """Queue today's digest for each counselor with notices from before today's DIGEST_AT
    waiting; the number queued. What arrives later waits for tomorrow's."""
    today = local_time(utcnow()).date()
    cutoff = datetime.combine(today, current_app.config["DIGEST_AT"], tzinfo=practice_zone())
    if utcnow() < cutoff:
        return 0
    waiting = db.session.execute(
        select(OutboxMessage.id, OutboxMessage.user_id, OutboxMessage.kind).where(
            OutboxMessage.status == Status.DIGEST, OutboxMessage.created_at < cutoff
        )
    ).all()
    by_user: dict[int, list] = defaultdict(list)
    for row in waiting:
        by_user[row.user_id].append(row)
    queued = 0
    for user_id, rows in by_user.items():
        counselor = db.session.get(User, user_id)
        counts = Counter(row.kind for row in rows)
        lines = [f"- {n} {DIGEST_LINES[kind]}" for kind, n in sorted(counts.items())]
        email = counselor_email(
            name=counselor.name,
            subject="Your daily summary",
            line="Since your last summary:\n" + "\n".join(lines),
            link=external_url("pages.dashboard"),
            settings=external_url("reminders.settings"),
        )
        if not enqueue(
            key=f"digest:{user_id}:{today}",
            kind="digest",
            to_address=counselor.email,
            subject=email.subject,
            body=email.body,
            user_id=user_id,
        ):
            continue  # today's went out already: these wait for tomorrow's
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([row.id for row in rows]))
            .values(status=Status.FOLDED)
        )
        queued += 1
    return queued
