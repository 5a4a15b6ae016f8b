"""Account administration. Functions add and flush; the view commits."""

from __future__ import annotations

from sqlalchemy import select

from ..audit.record import audit
from ..audit.who import Who
from ..auth.accounts import email_taken
from ..auth.models import Role, User
from ..auth.passwords import hash_password
from ..auth.sessions import end_sessions_of
from ..extensions import db

STAFF_ROLES = (Role.ADMIN, Role.COUNSELOR)


class AccountError(ValueError):
    """A change that would leave the accounts in a bad state; the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def staff_accounts() -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.role.in_(STAFF_ROLES)).order_by(User.active.desc(), User.name)
        )
    )


def create_account(
    *, email: str, name: str, role: str, password: str, active: bool = True, who: Who
):
    if email_taken(email):
        raise AccountError("email", "An account with this email already exists.")
    user = User(
        email=email.strip().lower(),
        name=name.strip(),
        role=Role(role),
        password_hash=hash_password(password),
        active=active,
    )
    db.session.add(user)
    db.session.flush()
    audit("account-create", who=who, obj=user, detail=f"role={user.role}")
    return user


def update_account(
    user: User, *, acting: User, email: str, name: str, role: str, active: bool, who: Who
):
    if email_taken(email, except_id=user.id):
        raise AccountError("email", "Another account already uses this email.")
    if user.id == acting.id and (not active or role != Role.ADMIN):
        raise AccountError(
            "active", "You can't deactivate your own account or remove your own admin role."
        )
    changed = []
    for field, value in (
        ("email", email.strip().lower()),
        ("name", name.strip()),
        ("role", Role(role)),
        ("active", active),
    ):
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if "active" in changed and not active:
        end_sessions_of(user)
    if changed:
        audit("account-update", who=who, obj=user, detail=",".join(changed))
    return changed
