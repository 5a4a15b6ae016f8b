"""Portal invitations: single-use links, valid 7 days, stored only as a hash."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select

from ..audit.record import audit
from ..audit.who import Who
from ..auth.accounts import email_taken
from ..auth.models import Role, User
from ..auth.passwords import hash_password
from ..auth.sessions import end_sessions_of, token_digest
from ..couples.models import CaseStatus, Client, Invitation
from ..couples.portal_access import revoke_open
from ..db_types import utcnow
from ..extensions import db

VALID_FOR = timedelta(days=7)


class InvitationError(ValueError):
    """Why an invitation can't be made or used; the message is for the person."""


def invite(client: Client, *, by: User, who: Who) -> str:
    """Revoke earlier open invitations, make a new one and return its secret token."""
    if not client.email:
        raise InvitationError("Add an email address for this partner before inviting them.")
    if client.couple.status == CaseStatus.CLOSED:
        raise InvitationError("This case is closed. Reopen it before inviting anyone.")
    if email_taken(client.email, except_id=client.user_id):
        raise InvitationError(
            "Another account already uses this email address. Use a different address."
        )
    revoke_open(client)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        client=client,
        created_by_id=by.id,
        token_hash=token_digest(token),
        email=client.email,
        expires_at=utcnow() + VALID_FOR,
    )
    db.session.add(invitation)
    db.session.flush()
    audit("invitation-create", who=who, obj=invitation, couple_id=client.couple_id)
    return token


def find_usable(token: str) -> Invitation:
    invitation = db.session.scalar(select(Invitation).filter_by(token_hash=token_digest(token)))
    if invitation is None or invitation.revoked_at is not None:
        raise InvitationError(
            "This invitation link isn't valid any more. Ask your counselor for a new one."
        )
    if invitation.used_at is not None:
        raise InvitationError(
            "This invitation has already been used. Sign in with your email and password."
        )
    if not invitation.is_usable(utcnow()):
        raise InvitationError(
            "This invitation has expired (links last 7 days). Ask your counselor for a new one."
        )
    if invitation.client.couple.status == CaseStatus.CLOSED:
        raise InvitationError(
            "This invitation isn't valid any more. Please contact your counselor."
        )
    # Since it was sent, another account (the other partner's, or a staff one) may have taken
    # the address; one address can't sign in to two accounts.
    if email_taken(invitation.email, except_id=invitation.client.user_id):
        raise InvitationError(
            "This invitation can't be used: its email address now belongs to another account. "
            "Please ask your counselor to invite you at a different address."
        )
    return invitation


def accept(invitation: Invitation, password: str, *, who: Who) -> User:
    """Create (or re-open) the partner's client account with the chosen password."""
    client = invitation.client
    user = client.user
    if user is None:
        user = User(
            email=invitation.email,
            name=client.full_name,
            role=Role.CLIENT,
            password_hash=hash_password(password),
        )
        db.session.add(user)
        client.user = user
    else:
        # A re-invitation resets the password: any old sessions end with it. The account
        # takes the address the invitation went to, which the welcome page promised.
        user.email = invitation.email
        user.password_hash = hash_password(password)
        user.password_changed_at = utcnow()
        user.active = True
        end_sessions_of(user)
    invitation.used_at = utcnow()
    db.session.flush()
    audit("invitation-accept", who=who.acting_as(user), obj=invitation, couple_id=client.couple_id)
    return user
