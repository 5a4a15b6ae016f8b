"""Sessions as iCalendar: titles with initials only, never a note or a concern.

Times are written in the practice's zone with its VTIMEZONE, so a calendar anywhere shows
the session at the hour it was booked, across clock changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from icalendar import Calendar, Event

from ..clock import practice_zone
from ..db_types import utcnow
from ..notes.models import SessionStatus, TherapySession


def initials(full_name: str) -> str:
    return "".join(f"{part[0].upper()}." for part in full_name.split() if part)


def counselor_title(therapy_session: TherapySession) -> str:
    """'A.M. & R.C. · Joint session': enough for the counselor's day, nothing for a glance."""
    names = " & ".join(initials(p.full_name) for p in therapy_session.couple.partners)
    return f"{names} \u00b7 {therapy_session.kind_label} session"


def client_title() -> str:
    return f"Appointment \u00b7 {current_app.config['PRACTICE_NAME']}"


def _event(therapy_session: TherapySession, title: str) -> Event:
    zone = practice_zone()
    event = Event()
    host = current_app.config["PUBLIC_URL"].split("://")[-1]
    event.add("uid", f"session-{therapy_session.id}@{host}")
    event.add("dtstamp", utcnow())
    event.add("dtstart", therapy_session.starts_at.astimezone(zone))
    event.add("dtend", therapy_session.ends_at.astimezone(zone))
    event.add("summary", title)
    event.add("description", therapy_session.modality_label)
    event.add("sequence", therapy_session.version)
    if therapy_session.status == SessionStatus.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def calendar_of(sessions: Iterable[tuple[TherapySession, str]], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Trustwork//Sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", practice_zone().key)
    for therapy_session, title in sessions:
        calendar.add_component(_event(therapy_session, title))
    calendar.add_missing_timezones()
    return calendar.to_ical()
