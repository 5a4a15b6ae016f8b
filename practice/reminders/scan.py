"""Client reminders: one pass that finds what is due and queues each reminder once.

Run by `send-due` before it sends. Each reminder's key names its subject and day, so a
second pass (the next cron run, or two senders at once) queues nothing new. Only partners
with a portal account, in an active case, who have not turned reminders off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from ..assignments.models import WAITING, Assignment, Response
from ..auth.models import User
from ..checkins.models import CheckIn
from ..checkins.services import active_requests, next_due_on
from ..clock import local_time, practice_today, practice_zone
from ..couples.models import CaseStatus, Client, Couple
from ..db_types import utcnow
from ..extensions import db
from ..notes.models import MODALITY_LABELS, SessionStatus, TherapySession
from ..notes.sessions import local_day_bounds
from .links import external_url, unsubscribe_url
from .messages import CHECKIN_LINE, client_email, session_line, worksheet_line
from .models import ReminderOptOut
from .outbox import enqueue

# An overdue reminder only for homework that fell due lately: turning reminders on must not
# greet a partner with every worksheet they let go months ago.
OVERDUE_LOOKBACK = timedelta(days=7)


@dataclass(frozen=True)
class Recipient:
    client: Client
    address: str


def reminder_recipients() -> list[Recipient]:
    opted_out = select(ReminderOptOut.client_id)
    rows = db.session.execute(
        select(Client, User.email)
        .join(User, Client.user_id == User.id)
        .join(Couple, Client.couple_id == Couple.id)
        .where(
            User.active.is_(True),
            Couple.status == CaseStatus.ACTIVE,
            Client.id.not_in(opted_out),
        )
        .order_by(Client.id)
    ).all()
    return [Recipient(client, email) for client, email in rows]


def _queue(recipient: Recipient, kind: str, key: str, line: str) -> bool:
    client = recipient.client
    email = client_email(
        name=client.display_name,
        line=line,
        portal=external_url("pages.portal_home"),
        unsubscribe=unsubscribe_url(client.id),
    )
    return enqueue(
        key=f"{kind}:{client.id}:{key}",
        kind=kind,
        to_address=recipient.address,
        subject=email.subject,
        body=email.body,
        client_id=client.id,
    )


def _title_shown(assignment: Assignment) -> str | None:
    if not current_app.config["REMINDERS_SHOW_TITLES"]:
        return None
    if assignment.is_private or assignment.discreet:
        return None
    return assignment.title


def worksheet_reminders(recipient: Recipient) -> int:
    today = practice_today()
    soon = today + timedelta(days=current_app.config["REMINDER_DUE_DAYS"])
    waiting = db.session.scalars(
        select(Response)
        .join(Assignment)
        .where(
            Assignment.couple_id == recipient.client.couple_id,
            Assignment.cancelled_at.is_(None),
            or_(Response.client_id == recipient.client.id, Response.client_id.is_(None)),
            Response.status.in_(WAITING),
            Assignment.due_date >= today - OVERDUE_LOOKBACK,
            Assignment.due_date <= soon,
        )
        .options(joinedload(Response.assignment))
    ).all()
    queued = 0
    for response in waiting:
        assignment = response.assignment
        overdue = assignment.due_date < today
        kind = "worksheet-overdue" if overdue else "worksheet-due"
        line = worksheet_line(assignment.due_date, title=_title_shown(assignment), overdue=overdue)
        queued += _queue(recipient, kind, f"{assignment.id}:{assignment.due_date}", line)
    return queued


def _opened_at(request, client: Client) -> datetime | None:
    """When this partner's check-in opened, if it is open now."""
    due_on = next_due_on(request, client)
    if due_on is None or due_on > practice_today():
        return None
    answered = db.session.scalar(
        select(CheckIn.id).where(
            CheckIn.client_id == client.id, CheckIn.answered_at >= request.created_at
        )
    )
    if answered is None:
        return request.created_at
    return local_day_bounds(due_on, practice_zone())[0]


def checkin_reminders(recipient: Recipient) -> int:
    after = timedelta(hours=current_app.config["CHECKIN_REMINDER_HOURS"])
    queued = 0
    for request in active_requests(recipient.client.couple):
        opened = _opened_at(request, recipient.client)
        if opened is None or utcnow() - opened < after:
            continue
        day = local_time(opened).date()
        queued += _queue(recipient, "checkin-open", f"{request.id}:{day}", CHECKIN_LINE)
    return queued


def session_reminders(recipient: Recipient) -> int:
    tomorrow = practice_today() + timedelta(days=1)
    start, end = local_day_bounds(tomorrow, practice_zone())
    client = recipient.client
    sessions = db.session.scalars(
        select(TherapySession).where(
            TherapySession.couple_id == client.couple_id,
            TherapySession.status == SessionStatus.SCHEDULED,
            TherapySession.starts_at >= start,
            TherapySession.starts_at < end,
            or_(
                TherapySession.attended_client_id.is_(None),
                TherapySession.attended_client_id == client.id,
            ),
        )
    ).all()
    queued = 0
    for therapy_session in sessions:
        line = session_line(therapy_session.starts_at, MODALITY_LABELS[therapy_session.modality])
        key = f"{therapy_session.id}:{therapy_session.starts_at:%Y%m%dT%H%M}"
        queued += _queue(recipient, "session-tomorrow", key, line)
    return queued


def queue_client_reminders() -> int:
    """Queue every reminder that is due now; the number queued. Flushes, never commits."""
    queued = 0
    for recipient in reminder_recipients():
        queued += worksheet_reminders(recipient)
        queued += checkin_reminders(recipient)
        queued += session_reminders(recipient)
    return queued
