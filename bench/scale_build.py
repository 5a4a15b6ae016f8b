"""Builds a practice for bench/scale.py: a counselor with N cases and everything a busy
practice accumulates, written in bulk (core inserts), with realistic text.

Per case, as measured in issue 18's practice: 2 partners (one with a portal account),
12 sessions (11 completed with signed notes, one soon), 5-6 assignments with both partners'
responses in every state, 16 check-ins, about 90 audit events.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, insert, select

from practice.auth.passwords import hash_password
from practice.clock import practice_today, practice_zone
from practice.extensions import db
from practice.library.loader import get_library
from practice.models import (
    AnswerFlag,
    Assignment,
    AuditEvent,
    CheckIn,
    CheckInFlag,
    Client,
    Couple,
    NoteAddendum,
    Response,
    Role,
    SessionNote,
    TherapySession,
    User,
)
from practice.notes.derived import copy_signatures
from practice.notes.search_index import reindex

FIRST = [
    "Jordan",
    "Sam",
    "Alex",
    "Riley",
    "Casey",
    "Morgan",
    "Avery",
    "Quinn",
    "Rowan",
    "Sage",
    "Emerson",
    "Harper",
    "Noor",
    "Amara",
    "Kai",
    "Theo",
    "Mira",
    "Lena",
    "Omar",
    "Yusuf",
    "Priya",
    "Ines",
    "Mateo",
    "Lucia",
    "Tomas",
    "Hana",
    "Ade",
    "Bea",
]
LAST = [
    "Ellis",
    "Whitaker",
    "Chen",
    "Morgan",
    "Okafor",
    "Reyes",
    "Haddad",
    "Brandt",
    "Silva",
    "Novak",
    "Kowalski",
    "Ito",
    "Varga",
    "Mensah",
    "Dubois",
    "Lindqvist",
    "Moreau",
    "Adeyemi",
    "Petrov",
    "Santos",
    "Nakamura",
    "Byrne",
    "Farah",
]
SENTENCES = [
    "{a} said the week felt calmer and that one evening ended without an argument.",
    "{b} described checking the phone again and feeling ashamed afterwards.",
    "They talked about the budget spreadsheet and who had kept what from whom.",
    "{a} acknowledged the affair directly for the first time in session.",
    "Voices rose once; both used the pause signal without prompting.",
    "{b} said, \u201cI finally felt heard,\u201d after the reflective listening exercise.",
    "Safety screening repeated: no concerns raised by either partner.",
    "Homework review: the transparency agreement was half finished at home.",
    "{a} arrived anxious and spoke quickly; {b} was quiet, then engaged.",
    "Plan: keep the daily ten-minute check-in and revisit boundaries with family.",
    "They disagreed about how much detail about the past is helpful to share now.",
    "Trust remains fragile around money; both want a monthly review together.",
    "Discussed a holiday with the in-laws and what each needs to feel safe there.",
    "{b} named jealousy about a colleague and {a} listened without defending.",
]
ACTIONS = [
    "case-view",
    "note-view",
    "assignment-view",
    "note-save",
    "session-create",
    "response-submit",
    "checkin-enter",
    "timeline-view",
    "response-save",
]
SLUGS = ["preparing-for-counseling", "transparency-agreement", "weekly-relationship-check-in"]


def _text(rng: random.Random, a: str, b: str, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES).format(a=a, b=b) for _ in range(sentences))


def _insert(model, rows: list[dict]) -> list[int]:
    if not rows:
        return []
    return list(db.session.scalars(insert(model).returning(model.id), rows))


def build(email: str, cases: int, *, seed: int = 7, batch: int = 250) -> User:
    """The counselor `email` with `cases` cases (made once: an existing one is returned)."""
    existing = db.session.scalar(select(User).filter_by(email=email))
    if existing is not None:
        return existing
    rng = random.Random(seed)
    password = hash_password("bench password 1")
    counselor = User(
        email=email, name="Bench Counselor", role=Role.COUNSELOR, password_hash=password
    )
    db.session.add(counselor)
    db.session.flush()
    library = get_library()
    snapshots = {slug: library.get(slug) for slug in SLUGS}
    for start in range(0, cases, batch):
        _build_batch(counselor, range(start, min(cases, start + batch)), rng, snapshots, password)
        db.session.commit()
    return counselor


def _build_batch(counselor, numbers, rng, worksheets, password) -> None:
    now = datetime.now(UTC)
    today = practice_today()
    zone = practice_zone()
    couple_rows, partner_names = [], []
    for n in numbers:
        a, b = rng.choice(FIRST), rng.choice(FIRST)
        last_a, last_b = rng.choice(LAST), rng.choice(LAST)
        status = rng.choices(["active", "paused", "closed"], [8, 1, 1])[0]
        couple_rows.append(
            {
                "counselor_id": counselor.id,
                "display_name": f"{a} & {b} {n}",
                "status": status,
                "start_date": today - timedelta(days=rng.randint(30, 700)),
                "presenting_concerns": _text(rng, a, b, 2),
                "trust_damage": ["infidelity-or-deception"],
                "trust_damage_other": "",
                "goals": _text(rng, a, b, 1),
                "safety_screening": "no-concerns",
                "created_at": now,
                "last_activity_at": now - timedelta(minutes=rng.randint(0, 500_000)),
                "version": 1,
            }
        )
        partner_names.append((f"{a} {last_a}", f"{b} {last_b}"))
    couple_ids = _insert(Couple, couple_rows)
    tag = counselor.id
    user_ids = _insert(
        User,
        [
            {
                "email": f"bench{tag}-{cid}@example.org",
                "name": names[0],
                "role": Role.CLIENT,
                "password_hash": password,
                "active": True,
            }
            for cid, names in zip(couple_ids, partner_names, strict=True)
        ],
    )
    client_rows = []
    for cid, uid, names in zip(couple_ids, user_ids, partner_names, strict=True):
        for position, name in enumerate(names, start=1):
            client_rows.append(
                {
                    "couple_id": cid,
                    "position": position,
                    "full_name": name,
                    "preferred_name": "",
                    "pronouns": "",
                    "email": "",
                    "phone": "",
                    "user_id": uid if position == 1 else None,
                }
            )
    client_ids = _insert(Client, client_rows)
    partners = {cid: (client_ids[2 * i], client_ids[2 * i + 1]) for i, cid in enumerate(couple_ids)}

    sessions, notes_for = [], []
    for cid, names in zip(couple_ids, partner_names, strict=True):
        a, b = names[0].split()[0], names[1].split()[0]
        for k in range(12):
            soon = k == 11
            day = (
                today + timedelta(days=rng.randint(0, 6))
                if soon
                else today - timedelta(days=7 * (11 - k) + rng.randint(1, 3))
            )
            starts = datetime.combine(day, time(rng.randint(8, 18)), zone).astimezone(UTC)
            sessions.append(
                {
                    "couple_id": cid,
                    "created_by_id": counselor.id,
                    "starts_at": starts,
                    "minutes": 50,
                    "kind": "intake" if k == 0 else "joint",
                    "modality": "in_person",
                    "status": "scheduled" if soon else "completed",
                    "attended_client_id": None,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
            )
            notes_for.append(None if soon else (a, b, rng.random() < 0.995))
    session_ids = _insert(TherapySession, sessions)
    note_rows = []
    for sid, session_row, plan in zip(session_ids, sessions, notes_for, strict=True):
        if plan is None:
            continue
        a, b, signed = plan
        sections = {
            key: _text(rng, a, b, rng.randint(1, 3))
            for key in ("subjective", "objective", "assessment", "plan")
        }
        note_rows.append(
            {
                "therapy_session_id": sid,
                "author_id": counselor.id,
                "format": "soap",
                "sections": sections,
                "created_at": now,
                "updated_at": now,
                "version": 1,
                "signed_at": session_row["starts_at"] + timedelta(hours=2) if signed else None,
                "signed_by_id": counselor.id if signed else None,
            }
        )
    note_ids = _insert(SessionNote, note_rows)
    _insert(
        NoteAddendum,
        [
            {
                "note_id": nid,
                "author_id": counselor.id,
                "reason": "Correction",
                "text": "The date of the argument was the Tuesday, not the Monday.",
                "created_at": now,
                "signed_at": now,
            }
            for nid, row in zip(note_ids, note_rows, strict=True)
            if row["signed_at"] and rng.random() < 0.05
        ],
    )
    # Bulk inserts skip the ORM flush: the derived rows are written as the app writes them.
    reindex(db.session, set(note_ids))
    copy_signatures(db.session, set(note_ids))

    _homework(counselor, couple_ids, partners, rng, worksheets, now, today)
    _checkins_and_audit(counselor, couple_ids, partners, rng, now)


def _homework(counselor, couple_ids, partners, rng, worksheets, now, today) -> None:
    assignments, plans = [], []
    for cid in couple_ids:
        for _ in range(rng.choice([5, 5, 6])):
            ws = worksheets[rng.choice(SLUGS)]
            due = today + timedelta(days=rng.randint(-300, 14))
            assignments.append(
                {
                    "couple_id": cid,
                    "assigned_by_id": counselor.id,
                    "slug": ws.slug,
                    "worksheet_version": ws.version,
                    "content_hash": ws.content_hash,
                    "definition": ws.to_snapshot(),
                    "title": ws.title,
                    "recipients": "each",
                    "for_client_id": None,
                    "due_date": due,
                    "instructions": "Before our next session.",
                    "share_when_both_submitted": False,
                    "created_at": now,
                    "cancelled_at": None,
                }
            )
            plans.append(cid)
    assignment_ids = _insert(Assignment, assignments)
    responses = []
    for aid, cid in zip(assignment_ids, plans, strict=True):
        for client_id in partners[cid]:
            status = rng.choices(["reviewed", "submitted", "draft", "not_started"], [6, 2, 1, 1])[0]
            done = status in ("reviewed", "submitted")
            responses.append(
                {
                    "assignment_id": aid,
                    "client_id": client_id,
                    "status": status,
                    "answers": {"hopes": "To trust each other again."}
                    if status != "not_started"
                    else {},
                    "submitted_at": now - timedelta(days=rng.randint(1, 300)) if done else None,
                    "reviewed_at": now if status == "reviewed" else None,
                    "feedback": "",
                    "reopen_note": "",
                    "version": 1,
                }
            )
    response_ids = _insert(Response, responses)
    by_assignment = dict(zip(assignment_ids, plans, strict=True))
    flags = [
        {
            "response_id": rid,
            "couple_id": by_assignment[row["assignment_id"]],
            "prompt_id": "unsafe",
            "message": "A partner answered that they feel unsafe at home.",
            "raised_at": now - timedelta(days=rng.randint(0, 60)),
            "acknowledged_at": None if rng.random() < 0.3 else now,
        }
        for rid, row in zip(response_ids, responses, strict=True)
        if row["status"] in ("submitted", "reviewed") and rng.random() < 0.03
    ]
    _insert(AnswerFlag, flags)


def _checkins_and_audit(counselor, couple_ids, partners, rng, now) -> None:
    checkins = []
    for cid in couple_ids:
        for client_id in partners[cid]:
            for week in range(8):
                total = rng.randint(20, 50)
                checkins.append(
                    {
                        "couple_id": cid,
                        "client_id": client_id,
                        "request_id": None,
                        "answered_at": now - timedelta(days=7 * week + 1),
                        "measure_version": 1,
                        "scores": {"safe": 5},
                        "total": total,
                        "item_count": 5,
                        "entered_by": "client",
                        "entered_by_user_id": counselor.id,
                    }
                )
    checkin_ids = _insert(CheckIn, checkins)
    flags = []
    for i in range(0, len(checkin_ids) - 1, 8):
        if rng.random() < 0.02:
            row = checkins[i]
            flags.append(
                {
                    "couple_id": row["couple_id"],
                    "client_id": row["client_id"],
                    "checkin_id": checkin_ids[i],
                    "previous_checkin_id": checkin_ids[i + 1],
                    "raised_at": row["answered_at"],
                    "acknowledged_at": None,
                }
            )
    _insert(CheckInFlag, flags)
    events = [
        {
            "at": now - timedelta(minutes=rng.randint(0, 525_600)),
            "actor_id": counselor.id,
            "action": rng.choice(ACTIONS),
            "object_type": "couple",
            "object_id": cid,
            "couple_id": cid,
            "outcome": "success",
            "ip_address": "127.0.0.1",
        }
        for cid in couple_ids
        for _ in range(90)
    ]
    db.session.execute(insert(AuditEvent), events)


def counts(counselor: User) -> dict[str, int]:
    mine = select(Couple.id).where(Couple.counselor_id == counselor.id)
    return {
        "cases": db.session.scalar(select(func.count()).where(Couple.counselor_id == counselor.id)),
        "notes": db.session.scalar(
            select(func.count(SessionNote.id))
            .join(TherapySession)
            .where(TherapySession.couple_id.in_(mine))
        ),
        "submitted": db.session.scalar(
            select(func.count(Response.id))
            .join(Assignment)
            .where(Assignment.couple_id.in_(mine), Response.status == "submitted")
        ),
    }
