"""Load the demo practice: people, then homework, then sessions, notes and check-ins.

Idempotent: accounts are found by email and cases by name, so running it twice changes
nothing but the demo accounts' password.
"""

from __future__ import annotations

from ..auth.passwords import hash_password
from .homework import load_demo_homework
from .people import DEMO_ACCOUNTS, load_people, practice_is_empty
from .records import load_demo_records

__all__ = ["DEMO_ACCOUNTS", "load_demo", "practice_is_empty"]


def load_demo(password: str) -> list[tuple[str, str, str]]:
    """Load what is missing; returns the portal accounts it made ready."""
    password_hash = hash_password(password)
    load_people(password_hash)
    portal_accounts = load_demo_homework(password_hash)
    load_demo_records()
    return portal_accounts
