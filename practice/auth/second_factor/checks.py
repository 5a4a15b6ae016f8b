"""Who is asked for a second factor, and checking the code they give.

Functions add and flush; the view commits.
"""

from __future__ import annotations

import enum

from flask import current_app
from sqlalchemy import delete, or_, select, update

from ...audit.record import audit
from ...audit.who import Who
from ...db_types import utcnow
from ...extensions import db
from ..models import Role, User
from ..sessions import end_sessions_of
from . import recovery_codes
from .models import PendingSignIn, RecoveryCode, SecondFactor
from .pending import forget_pending_sign_ins
from .totp import matching_step

STAFF_ROLES = (Role.ADMIN, Role.COUNSELOR)


class Verdict(enum.StrEnum):
    APP_CODE = "authenticator app"
    RECOVERY_CODE = "recovery code"
    REPLAYED = "replayed"
    WRONG = "wrong"

    @property
    def accepted(self) -> bool:
        return self in (Verdict.APP_CODE, Verdict.RECOVERY_CODE)


def factor_of(user_id: int) -> SecondFactor | None:
    return db.session.scalar(select(SecondFactor).filter_by(user_id=user_id))


def accounts_with_second_factor() -> set[int]:
    return set(db.session.scalars(select(SecondFactor.user_id)))


def asks_for_second_factor(user: User) -> bool:
    """Counselors and admins: when the practice requires it, or they have set one up.
    Clients (partners) sign in with a password alone."""
    if user.role not in STAFF_ROLES:
        return False
    return bool(current_app.config["REQUIRE_MFA"]) or factor_of(user.id) is not None


def digits_only(typed: str) -> str:
    return "".join(ch for ch in typed if not ch.isspace() and ch != "-")


def confirm_enrolment(pending: PendingSignIn, typed: str, *, who: Who) -> list[str] | None:
    """Keep the secret shown at enrolment if the code is right: the recovery codes to show
    once, or None for a wrong code."""
    code = digits_only(typed)
    secret = pending.enrolment_secret
    step = matching_step(secret, code, utcnow()) if secret and len(code) == 6 else None
    if step is None:
        return None
    user = pending.user
    db.session.add(SecondFactor(user_id=user.id, totp_secret=secret, last_used_step=step))
    codes = recovery_codes.replace_codes(user.id)
    audit("second-factor-enrol", who=who.acting_as(user), obj=user)
    return codes


def check_code(factor: SecondFactor, typed: str, *, recovery_code_ok: bool = True) -> Verdict:
    """An authenticator code (each good once) or a recovery code (each good once)."""
    code = digits_only(typed)
    if len(code) == 6 and code.isdigit():
        step = matching_step(factor.totp_secret, code, utcnow())
        if step is None:
            return Verdict.WRONG
        return Verdict.APP_CODE if _spend_step(factor, step) else Verdict.REPLAYED
    if not recovery_code_ok:
        return Verdict.WRONG
    if recovery_codes.looks_like_a_recovery_code(typed) and recovery_codes.use_code(
        factor.user_id, typed
    ):
        return Verdict.RECOVERY_CODE
    return Verdict.WRONG


def _spend_step(factor: SecondFactor, step: int) -> bool:
    """Accept a code's step only if it is later than the last accepted one.

    One conditional UPDATE: of two requests racing with the same code, only one matches.
    """
    spent = db.session.execute(
        update(SecondFactor)
        .where(
            SecondFactor.id == factor.id,
            or_(SecondFactor.last_used_step.is_(None), SecondFactor.last_used_step < step),
        )
        .values(last_used_step=step)
        .execution_options(synchronize_session=False)
    )
    return spent.rowcount == 1


def replace_recovery_codes(user: User, *, who: Who) -> list[str]:
    codes = recovery_codes.replace_codes(user.id)
    audit("recovery-codes-replace", who=who, obj=user)
    return codes


def reset_second_factor(user: User, *, who: Who) -> None:
    """Forget the account's authenticator and recovery codes (an admin's remedy for a lost
    phone). Its sessions end too: at the next sign-in the person sets up a new one."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(SecondFactor).where(SecondFactor.user_id == user.id))
    forget_pending_sign_ins(user.id)
    end_sessions_of(user)
    audit("second-factor-reset", who=who, obj=user)
