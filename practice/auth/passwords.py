"""Password hashing (argon2) and the rules a new password must meet."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from zxcvbn import zxcvbn

MIN_LENGTH = 10
MAX_LENGTH = 256
# zxcvbn's own limit, and its time grows fast with length: the start of a long pasted
# password is judged, and a strong start makes a strong password.
JUDGED_LENGTH = 72
# zxcvbn's scale runs 0-4; 3 is "safely unguessable: moderate protection from offline attacks".
MIN_SCORE = 3

_hasher = PasswordHasher()
# Verified against when the account does not exist, so a miss costs as long as a hit.
_DUMMY_HASH = _hasher.hash("not-a-real-password-but-the-same-cost")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


@cache
def common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(line.strip().lower() for line in path.read_text().splitlines() if line)


def context_words(*texts: str) -> list[str]:
    """Words a guesser would try first for this account: the texts whole and word by word."""
    words = {"trustwork"}
    if has_app_context():
        texts = (*texts, current_app.config.get("PRACTICE_NAME", ""))
    for text in texts:
        if text:
            parts = [part for part in re.split(r"[^\w]+", text.lower()) if len(part) > 2]
            # Whole, word by word, and run together ("MayaOkafor2026").
            words.update([text.lower(), "".join(parts), *parts])
    return sorted(words)


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why a chosen password is not acceptable, or None. Unicode and pasted text are fine.

    Besides length and a list of the most common passwords, zxcvbn estimates how many guesses
    it would take, knowing the account's email and name, the practice's name and ours.
    """
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters. A short phrase of a few words works well."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if password.lower() in common_passwords():
        return "That password is one of the most common ones. Choose something less predictable."
    judged = zxcvbn(password[:JUDGED_LENGTH], user_inputs=context_words(email, name))
    if judged["score"] < MIN_SCORE:
        feedback = judged["feedback"]
        hints = " ".join(filter(None, [feedback["warning"], *feedback["suggestions"][:1]]))
        return (
            "That password would be easy to guess (it uses a name, a pattern or common words). "
            + (hints or "A short phrase of a few unrelated words works well.")
        )
    return None
