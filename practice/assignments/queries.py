"""Read-side questions about assignments, asked the same way wherever they are shown."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..auth.models import User
from ..couples.models import CaseStatus, Couple
from ..extensions import db
from .models import Assignment


def open_assignments(couple: Couple) -> list[Assignment]:
    """The couple's homework still waiting for answers, soonest due first."""
    return list(
        db.session.scalars(
            select(Assignment)
            .where(Assignment.couple_id == couple.id, Assignment.is_open)
            .options(selectinload(Assignment.responses))
            .order_by(Assignment.due_date, Assignment.id)
        )
    )


def in_the_packet(assignments: list[Assignment]) -> list[Assignment]:
    """The homework that goes in the couple's shared packet: all but sheets about safety.

    A sheet printed under the neutral title (`discreet`) asks about safety or makes a safety
    plan. A packet is one file the couple takes home, and one partner must never find the
    other's safety questions in it: each partner is given theirs on its own.
    """
    return [a for a in assignments if not a.discreet]


def given_privately(assignments: list[Assignment]) -> list[Assignment]:
    """The sheets about safety that in_the_packet leaves out, each printed per partner."""
    return [a for a in assignments if a.discreet]


def overdue_assignments(counselor: User, today: date) -> list[Assignment]:
    """Open homework past its due date in this counselor's active cases, oldest first."""
    return list(
        db.session.scalars(
            select(Assignment)
            .join(Couple)
            .where(
                Couple.counselor_id == counselor.id,
                Couple.status == CaseStatus.ACTIVE,
                Assignment.is_open,
                Assignment.due_date < today,
            )
            .options(selectinload(Assignment.responses), joinedload(Assignment.couple))
            .order_by(Assignment.due_date)
        )
    )
