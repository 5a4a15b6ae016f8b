"""Demo sessions, notes and check-ins: every state, and safe to load twice."""

from __future__ import annotations

from sqlalchemy import func, select

from practice.demo.load import load_demo
from practice.demo.records import load_demo_records
from practice.extensions import db
from practice.models import (
    CheckIn,
    CheckInFlag,
    CheckInRequest,
    NoteAddendum,
    SessionNote,
    TherapySession,
    User,
)
from practice.notes.schedule import sessions_overview


def counts() -> tuple[int, ...]:
    models = (TherapySession, SessionNote, NoteAddendum, CheckIn, CheckInFlag, CheckInRequest)
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in models)


def test_demo_records_cover_every_state_and_load_once(app):
    with app.test_request_context():
        load_demo("demo-password-2026")
        load_demo_records()
        db.session.commit()
        first = counts()
        # Three check-in flags: Sammy's drop, and two low "safe to say what I feel" answers.
        assert first == (10, 6, 1, 18, 3, 2)
        notes = db.session.scalars(select(SessionNote)).all()
        assert {n.format for n in notes} == {"soap", "dap", "birp", "narrative"}
        assert sum(n.is_signed for n in notes) == 5
        maya = db.session.scalar(select(User).filter_by(email="maya.okafor@example.org"))
        overview = sessions_overview(maya)
        assert overview.today and overview.upcoming and len(overview.unsigned) == 2
        flag = db.session.scalar(select(CheckInFlag).where(CheckInFlag.item.is_(None)))
        assert flag.client.display_name == "Sammy" and flag.drop == 3.8  # self-rated left out
        load_demo_records()
        db.session.commit()
        assert counts() == first
