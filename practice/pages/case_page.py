"""The case page: the case with its homework, portal access, timeline and check-in chart."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..assignments.models import Assignment
from ..assignments.queries import given_privately, in_the_packet
from ..checkins.chart import chart_data
from ..clock import format_datetime
from ..couples.models import Client, Couple
from ..couples.portal_access import open_invitation
from ..extensions import db
from ..notes.schedule import todays_sessions
from .case_timeline import timeline_for


@dataclass
class PortalState:
    label: str
    detail: str = ""
    can_invite: bool = False
    can_revoke: bool = False
    invite_label: str = "Invite to the portal"


def portal_state(client: Client, couple: Couple) -> PortalState:
    user = client.user
    invitation = open_invitation(client)
    if user is not None and user.active:
        state = PortalState("Portal account active", invite_label="Send a new sign-in link")
    elif user is not None:
        state = PortalState("Portal account deactivated", invite_label="Invite again")
    elif invitation is not None:
        state = PortalState("Invited", invite_label="Resend invitation", can_revoke=True)
    else:
        state = PortalState("Not invited yet")
    if invitation is not None:
        state.can_revoke = True
        state.detail = f"Link valid until {format_datetime(invitation.expires_at)}"
    state.can_invite = couple.is_open and bool(client.email)
    if not client.email:
        state.detail = "Add an email address to invite this partner."
    return state


def case_page(couple: Couple, *, timeline_page: int = 1) -> dict:
    assignments = db.session.scalars(
        select(Assignment)
        .where(Assignment.couple_id == couple.id)
        .options(selectinload(Assignment.responses))
        .order_by(Assignment.created_at.desc(), Assignment.id.desc())
    ).all()
    still_open = [a for a in assignments if a.is_open]
    return {
        "assignments": assignments,
        "in_the_packet": in_the_packet(still_open),
        "given_privately": given_privately(still_open),
        "portal": {client.id: portal_state(client, couple) for client in couple.partners},
        "timeline": timeline_for(couple, timeline_page),
        "chart": chart_data(couple),
        "today_sessions": todays_sessions(couple),
    }
