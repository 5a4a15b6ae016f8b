"""A partner's reminders on or off; a counselor's notice settings. Functions flush; the view
commits."""

from __future__ import annotations

from ..audit.record import audit
from ..audit.who import Who
from ..couples.models import Client
from ..extensions import db
from .models import NotificationSettings, ReminderOptOut
from .notices import settings_of


def reminders_off(client: Client) -> bool:
    return db.session.get(ReminderOptOut, client.id) is not None


def turn_reminders_off(client: Client, *, who: Who) -> bool:
    if reminders_off(client):
        return False
    db.session.add(ReminderOptOut(client_id=client.id))
    audit("reminders-off", who=who, obj=client, couple_id=client.couple_id)
    db.session.flush()
    return True


def turn_reminders_on(client: Client, *, who: Who) -> bool:
    opt_out = db.session.get(ReminderOptOut, client.id)
    if opt_out is None:
        return False
    db.session.delete(opt_out)
    audit("reminders-on", who=who, obj=client, couple_id=client.couple_id)
    db.session.flush()
    return True


def notification_settings_for(user_id: int) -> NotificationSettings:
    """The counselor's choices: their row, or the defaults (not added until saved)."""
    return settings_of(db.session, user_id)


def save_notification_settings(settings: NotificationSettings) -> None:
    db.session.add(settings)
    db.session.flush()
