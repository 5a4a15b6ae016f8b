"""The demo practice's people: an admin, two counselors and five couples in every status.

Idempotent: accounts are found by email and cases by name, so running it twice changes
nothing but the demo accounts' password.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from ..audit.who import system
from ..auth.models import Role, User
from ..clock import practice_today
from ..couples.models import CaseStatus, Client, Couple
from ..db_types import utcnow
from ..extensions import db

DEMO_ACCOUNTS = [
    ("admin@example.org", "Priya Raman", Role.ADMIN),
    ("maya.okafor@example.org", "Maya Okafor", Role.COUNSELOR),
    ("daniel.reyes@example.org", "Daniel Reyes", Role.COUNSELOR),
]

# (counselor email, status, days since start, partners, concerns, causes, goals, screening)
DEMO_CASES = [
    (
        "maya.okafor@example.org",
        CaseStatus.ACTIVE,
        42,
        [
            ("Jordan Ellis", "", "they/them", "jordan.ellis@example.org", "+1 555 010 2211"),
            ("Sam Whitaker", "Sammy", "he/him", "sam.whitaker@example.org", ""),
        ],
        "Sam's emotional affair came to light in the spring. Both want to stay together but "
        "conversations turn into arguments within minutes.",
        ["infidelity-or-deception", "communication-failures"],
        "Talk about the affair without shouting; agree on what openness looks like.",
        "no-concerns",
    ),
    (
        "maya.okafor@example.org",
        CaseStatus.ACTIVE,
        18,
        [
            ("Aisha Bello", "", "she/her", "aisha.bello@example.org", "+1 555 010 3344"),
            ("Grace Lindqvist", "", "she/her", "grace.lindqvist@example.org", ""),
        ],
        "Aisha checks Grace's phone often and feels ashamed about it. Grace feels watched.",
        ["personal-insecurities", "past-wounds"],
        "Understand where the worry comes from; build reassurance that does not rely on checking.",
        "no-concerns",
    ),
    (
        "maya.okafor@example.org",
        CaseStatus.PAUSED,
        120,
        [
            ("Tomasz Nowak", "Tom", "he/him", "", "+1 555 010 7788"),
            ("Lucia Ferreira", "", "she/her", "lucia.ferreira@example.org", ""),
        ],
        "Hidden debt discovered last year. Paused while Lucia travels for work.",
        ["infidelity-or-deception", "other"],
        "A shared budget both can see; rebuild confidence in money talks.",
        "concerns-monitoring",
    ),
    (
        "daniel.reyes@example.org",
        CaseStatus.ACTIVE,
        65,
        [
            ("Kenji Watanabe", "", "he/him", "kenji.watanabe@example.org", ""),
            ("Marcus Oyelaran", "", "he/him", "marcus.oyelaran@example.org", "+1 555 010 9900"),
        ],
        "Long hours and missed plans left both feeling like an afterthought.",
        ["communication-failures"],
        "A weekly check-in that actually happens; keep small promises.",
        "no-concerns",
    ),
    (
        "daniel.reyes@example.org",
        CaseStatus.CLOSED,
        300,
        [
            ("Rosa Delgado", "", "she/her", "rosa.delgado@example.org", ""),
            ("Imran Qureshi", "", "he/him", "imran.qureshi@example.org", ""),
        ],
        "Recovered from a past betrayal in a previous relationship; completed the plan.",
        ["past-wounds"],
        "Maintain the weekly review on their own.",
        "no-concerns",
    ),
]


# Each partner's side of the trust injury, where the demo's story says it: the assign form
# then shows perspective versions picked by side.
DEMO_SIDES = {
    "Jordan Ellis": "hurt",
    "Sam Whitaker": "broke-trust",
    "Tomasz Nowak": "broke-trust",
    "Lucia Ferreira": "hurt",
}

# The demo's audit rows (a case assigned homework, check-ins entered) name the demo loader.
DEMO = system("demo")


def demo_couples():
    """A select of the demo counselors' couples: demo data never touches anyone else's cases."""
    emails = [email for email, _, role in DEMO_ACCOUNTS if role == Role.COUNSELOR]
    return select(Couple).join(User, Couple.counselor_id == User.id).where(User.email.in_(emails))


def practice_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(User))


def _account(email: str, name: str, role: Role, password_hash: str) -> User:
    user = db.session.scalar(select(User).filter_by(email=email))
    if user is None:
        user = User(email=email, name=name, role=role, password_hash=password_hash)
        db.session.add(user)
    user.password_hash = password_hash
    user.active = True
    return user


def load_people(password_hash: str) -> None:
    """The demo accounts, and the demo cases that are missing."""
    users = {
        email: _account(email, name, role, password_hash) for email, name, role in DEMO_ACCOUNTS
    }
    db.session.flush()
    today = practice_today()
    for email, status, days, partners, concerns, causes, goals, screening in DEMO_CASES:
        counselor = users[email]
        name = " & ".join(pref or full.split()[0] for full, pref, *_ in partners)
        exists = db.session.scalar(
            select(Couple).filter_by(counselor_id=counselor.id, display_name=name)
        )
        if exists:
            continue
        couple = Couple(
            counselor=counselor,
            display_name=name,
            status=status,
            start_date=today - timedelta(days=days),
            presenting_concerns=concerns,
            trust_damage=causes,
            trust_damage_other="Hidden debt" if "other" in causes else "",
            goals=goals,
            safety_screening=screening,
            last_activity_at=utcnow() - timedelta(days=days // 10),
            closed_at=utcnow() - timedelta(days=20) if status == CaseStatus.CLOSED else None,
        )
        for position, (full, preferred, pronouns, mail, phone) in enumerate(partners, start=1):
            couple.partners.append(
                Client(
                    position=position,
                    full_name=full,
                    preferred_name=preferred,
                    pronouns=pronouns,
                    email=mail,
                    phone=phone,
                    side=DEMO_SIDES.get(full, ""),
                )
            )
        db.session.add(couple)
    db.session.flush()
