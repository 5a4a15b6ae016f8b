"""Demo sessions, notes and check-ins for the demo practice (called from demo/load.py).

Idempotent: a couple that already has sessions is left alone.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import func, select

from ..checkins.measure import trust_measure
from ..checkins.models import CheckInRequest
from ..checkins.services import record_checkin
from ..clock import practice_today, practice_zone
from ..couples.models import Couple
from ..db_types import utcnow
from ..extensions import db
from ..notes.formats import NOTE_FORMATS
from ..notes.models import NoteAddendum, SessionNote, TherapySession
from ..notes.sessions import to_utc
from .people import DEMO, demo_couples

NOTE_TEXT = {
    "subjective": "Both said the week felt calmer. {a} described one evening where a question "
    "about the phone did not turn into an argument. {b} said, \u201cI finally felt heard.\u201d",
    "objective": "Sat closer than at intake. Turn-taking held for most of the hour; voices "
    "rose once and both used the pause signal without prompting.",
    "assessment": "Early repair is visible. Trust remains fragile around the affair; "
    "{b} still checks for signs of secrecy. No safety concerns.",
    "plan": "Keep the daily ten-minute check-in. Next session: the transparency agreement.",
    "data": "Reviewed the week. {a} shared the budget spreadsheet unprompted; {b} noticed "
    "and said so. One conflict about a late message, resolved the same evening.",
    "behavior": "{a} arrived anxious and spoke quickly; {b} was quiet at first, then engaged.",
    "intervention": "Speaker-listener exercise on the night the affair came to light; "
    "reflective listening and validation coaching.",
    "response": "Both could summarise the other's feelings accurately by the second round.",
    "narrative": "Intake session. The couple described how trust broke, what each hopes for, "
    "and what would tell them counseling is working. Safety screening done: no concerns. "
    "Agreed to weekly joint sessions and a trust check-in each week.",
}

# (days from today, local hour, kind, modality, status, note format or None, signed, addendum)
PLANS = {
    "Jordan & Sammy": [
        (-35, 10, "intake", "in_person", "completed", "narrative", True, False),
        (-28, 10, "joint", "in_person", "completed", "dap", True, True),
        (-21, 10, "joint", "video", "completed", "birp", True, False),
        (-14, 10, "joint", "in_person", "completed", "soap", True, False),
        (-7, 10, "joint", "in_person", "completed", "soap", False, False),
        (0, 16, "joint", "in_person", "scheduled", None, False, False),
        (7, 10, "joint", "in_person", "scheduled", None, False, False),
    ],
    "Aisha & Grace": [
        (-14, 14, "intake", "video", "completed", "soap", True, False),
        (-7, 14, "individual", "phone", "completed", None, False, False),
        (2, 14, "joint", "video", "scheduled", None, False, False),
    ],
}
# Each partner's weekly mean (whole numbers, so the demo chart is easy to read), and how
# many days ago the last one was: Aisha & Grace are due again, so their portal asks.
CHECKIN_MEANS = {
    "Jordan & Sammy": (([4, 5, 5, 6, 6, 7], [5, 6, 6, 7, 3, 4]), 1),  # Sammy drops by ~4
    "Aisha & Grace": (([3, 4, 5], [6, 6, 7]), 8),
}
SPREAD = ((0, -1, 1, 0, 1, -1), (1, 0, -1, -1, 0, 1), (-1, 1, 0, 1, -1, 0))


def _note_text(section: str, couple: Couple) -> str:
    first, second = (p.display_name for p in couple.partners)
    return NOTE_TEXT[section].format(a=first, b=second)


def _add_session(couple: Couple, plan: tuple, today: date) -> None:
    days, hour, kind, modality, status, note_format, signed, addendum = plan
    counselor = couple.counselor
    starts_at = to_utc(today + timedelta(days=days), time(hour), practice_zone())
    therapy_session = TherapySession(
        couple=couple,
        created_by_id=counselor.id,
        starts_at=starts_at,
        minutes=50 if kind != "intake" else 80,
        kind=kind,
        attended_client_id=couple.partners[0].id if kind == "individual" else None,
        modality=modality,
        status=status,
    )
    db.session.add(therapy_session)
    if note_format is None:
        return
    written = starts_at + timedelta(hours=3)
    note = SessionNote(
        therapy_session=therapy_session,
        author_id=counselor.id,
        format=note_format,
        sections={key: _note_text(key, couple) for key in NOTE_FORMATS[note_format].keys},
        created_at=written,
        updated_at=written,
        signed_at=written if signed else None,
        signed_by_id=counselor.id if signed else None,
    )
    db.session.add(note)
    if addendum:
        db.session.add(
            NoteAddendum(
                note=note,
                author_id=counselor.id,
                reason="Correction: detail learned at the next session",
                text="The late message mentioned in Data was from a work colleague, as "
                "both confirmed the following week.",
                created_at=written + timedelta(days=6),
                signed_at=written + timedelta(days=6),
            )
        )


def _add_checkins(couple: Couple, means: tuple[list[int], list[int]], last_days_ago: int) -> None:
    counselor = couple.counselor
    weeks = len(means[0])
    first_day = utcnow() - timedelta(days=7 * (weeks - 1) + last_days_ago, hours=2)
    db.session.add(
        CheckInRequest(
            couple_id=couple.id,
            requested_by_id=counselor.id,
            every_days=7,
            created_at=first_day - timedelta(days=1),
        )
    )
    item_ids = trust_measure().item_ids
    for partner, partner_means in zip(couple.partners, means, strict=True):
        for week, mean in enumerate(partner_means):
            spread = SPREAD[(week + partner.position) % len(SPREAD)]
            scores = {i: max(0, min(10, mean + d)) for i, d in zip(item_ids, spread, strict=True)}
            answered_at = first_day + timedelta(days=7 * week, hours=partner.position)
            record_checkin(
                partner, scores, entered_by_user=counselor, answered_at=answered_at, who=DEMO
            )


def load_demo_records() -> None:
    today = practice_today()

    couples = db.session.scalars(demo_couples().where(Couple.display_name.in_(PLANS))).all()
    for couple in couples:
        has_sessions = db.session.scalar(
            select(func.count()).select_from(TherapySession).filter_by(couple_id=couple.id)
        )
        if has_sessions:
            continue
        for plan in PLANS[couple.display_name]:
            _add_session(couple, plan, today)
        db.session.flush()
        _add_checkins(couple, *CHECKIN_MEANS[couple.display_name])
    db.session.flush()
