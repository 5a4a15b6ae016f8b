"""Ten single-use recovery codes, for signing in when the phone is lost.

Shown once, when made; only argon2 hashes are kept, as for passwords. Functions add and
flush; the view commits.
"""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update

from ...db_types import utcnow
from ...extensions import db
from .models import RecoveryCode

COUNT = 10
# No 0/o, 1/l: read off paper and typed, they are easy to confuse. 32 letters, 10 of them:
# 50 random bits, far beyond guessing within the attempt limit.
ALPHABET = "23456789abcdefghijkmnpqrstuvwxyz"
LENGTH = 10

# OWASP's minimum argon2id settings: each wrong try checks up to ten hashes, so the
# password cost (64 MiB, 3 passes) would make one try take seconds.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def normalised(typed: str) -> str:
    """What a person typed, as stored: lower case, without the dash, spaces or NULs."""
    return "".join(ch for ch in typed.lower() if ch.isalnum())


def looks_like_a_recovery_code(typed: str) -> bool:
    code = normalised(typed)
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)


def shown(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def replace_codes(user_id: int) -> list[str]:
    """New codes for the account, in place of any it had: the plain codes, to show once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = ["".join(secrets.choice(ALPHABET) for _ in range(LENGTH)) for _ in range(COUNT)]
    db.session.add_all(RecoveryCode(user_id=user_id, code_hash=_hasher.hash(c)) for c in codes)
    db.session.flush()
    return [shown(code) for code in codes]


def use_code(user_id: int, typed: str) -> bool:
    """Spend a recovery code: True once for each code, then never again."""
    code = normalised(typed)
    unused = db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))
    )
    for row in unused:
        if _matches(row.code_hash, code):
            # Only one of two requests racing with the same code finds it still unused.
            spent = db.session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == row.id, RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            return spent.rowcount == 1
    return False


def codes_left(user_id: int) -> int:
    return len(
        db.session.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )


def _matches(code_hash: str, code: str) -> bool:
    try:
        return _hasher.verify(code_hash, code)
    except (VerificationError, InvalidHashError):
        return False
