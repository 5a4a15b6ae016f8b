"""Plain helpers that put sessions, notes and check-ins straight into the database."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from practice.audit.who import system
from practice.checkins.measure import trust_measure
from practice.checkins.models import CheckInRequest
from practice.checkins.services import record_checkin
from practice.db_types import utcnow
from practice.extensions import db
from practice.models import (
    CheckInFlag,
    Client,
    Couple,
    NoteAddendum,
    SessionNote,
    TherapySession,
    User,
)

# The actor of the rows these tests write without a request.
TESTS = system("tests")


def add_session(app, couple, *, starts_at=None, status="completed", kind="joint", minutes=50):
    with app.app_context():
        therapy_session = TherapySession(
            couple_id=couple.id,
            created_by_id=couple.counselor_id,
            starts_at=starts_at or datetime(2026, 3, 2, 15, 0, tzinfo=UTC),
            minutes=minutes,
            kind=kind,
            modality="in_person",
            status=status,
        )
        db.session.add(therapy_session)
        db.session.commit()
        return therapy_session.id


def add_note(app, session_id, *, note_format="soap", sections=None, signed=False):
    with app.app_context():
        therapy_session = db.session.get(TherapySession, session_id)
        counselor_id = therapy_session.couple.counselor_id
        note = SessionNote(
            therapy_session_id=session_id,
            author_id=counselor_id,
            format=note_format,
            sections=sections or {"subjective": "They said the week was calm.", "plan": ""},
            signed_at=utcnow() if signed else None,
            signed_by_id=counselor_id if signed else None,
        )
        db.session.add(note)
        db.session.commit()
        return note.id


def add_addendum(app, note_id):
    with app.app_context():
        note = db.session.get(SessionNote, note_id)
        addendum = NoteAddendum(
            note_id=note_id,
            author_id=note.author_id,
            reason="Correction",
            text="The date was Tuesday.",
            signed_at=utcnow(),
        )
        db.session.add(addendum)
        db.session.commit()
        return addendum.id


def scores(mean: int) -> dict[str, int]:
    return dict.fromkeys(trust_measure().item_ids, mean)


def add_checkin(app, client_id, mean, *, days_ago=0, by_user_id=None, request_id=None):
    with app.app_context():
        client = db.session.get(Client, client_id)
        user = db.session.get(User, by_user_id or client.couple.counselor_id)
        checkin_request = db.session.get(CheckInRequest, request_id) if request_id else None
        checkin = record_checkin(
            client,
            scores(mean),
            entered_by_user=user,
            checkin_request=checkin_request,
            answered_at=utcnow() - timedelta(days=days_ago),
            who=TESTS,
        )
        db.session.commit()
        return checkin.id


def add_request(app, couple, *, every_days=None, days_ago=0):
    with app.app_context():
        checkin_request = CheckInRequest(
            couple_id=couple.id,
            requested_by_id=couple.counselor_id,
            every_days=every_days,
            created_at=utcnow() - timedelta(days=days_ago),
        )
        db.session.add(checkin_request)
        db.session.commit()
        return checkin_request.id


def give_portal_account(app, make_user, couple, position: int) -> User:
    """A client account for one partner of the couple."""
    partner = couple.partners[position - 1]
    user = make_user("client", email=partner.email, name=partner.full_name)
    with app.app_context():
        db.session.get(Client, partner.id).user_id = user.id
        db.session.commit()
    return user


def owned_records(app, counselor, couple) -> dict[str, int]:
    """One of every session, note and check-in record, owned by this counselor's couple."""
    session_id = add_session(app, couple)
    note_id = add_note(app, session_id, signed=True)
    add_addendum(app, note_id)
    request_id = add_request(app, couple, every_days=7, days_ago=30)
    first, second = couple.partners
    add_checkin(app, first.id, 8, days_ago=14)
    checkin_id = add_checkin(app, first.id, 4, days_ago=7)
    add_checkin(app, second.id, 6, days_ago=7)
    with app.app_context():
        flag_id = db.session.scalar(db.select(CheckInFlag.id).filter_by(couple_id=couple.id))
        assert db.session.get(Couple, couple.id).counselor_id == counselor.id
    return {
        "session_id": session_id,
        "request_id": request_id,
        "checkin_id": checkin_id,
        "flag_id": flag_id,
    }


def once_token(client, url: str) -> str:
    """The one-time token of the form on a page, as a browser would send it back."""
    match = re.search(r'name="once" type="hidden" value="([^"]+)"', client.get(url).text)
    assert match, f"no one-time token on {url}"
    return match.group(1)
