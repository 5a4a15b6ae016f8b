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
