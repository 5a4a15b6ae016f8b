"""Password hashing (argon2) and the rules a new password must meet."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 256

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


def password_problem(password: str, *, email: str = "") -> str | None:
    """Why a chosen password is not acceptable, or None. Unicode and pasted text are fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters. A short phrase of a few words works well."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if password.lower() in common_passwords():
        return "That password is one of the most common ones. Choose something less predictable."
    local_part = email.split("@")[0].lower()
    if local_part and len(local_part) >= 4 and password.lower() == local_part:
        return "Don't use your email name as your password."
    return None
