"""Case operations: plain functions that add and flush; the view commits once."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload, undefer

from ..audit.record import audit
from ..audit.who import Who
from ..auth.models import User
from ..db_types import escape_like, utcnow
from ..extensions import db
from .models import CaseStatus, Client, Couple
from .portal_access import close_portal

CASE_FIELDS = (
    "display_name",
    "start_date",
    "presenting_concerns",
    "trust_damage",
    "trust_damage_other",
    "goals",
    "safety_screening",
)
PARTNER_FIELDS = ("full_name", "preferred_name", "pronouns", "email", "phone", "side")


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""
    status: str = ""
    page: int = 1


def _matching(statement, text: str):
    """Cases whose name, or a partner's full or preferred name, contains every word."""
    for word in text.split()[:5]:
        pattern = f"%{escape_like(word)}%"
        partner_match = (
            select(Client.id)
            .where(Client.couple_id == Couple.id)
            .where(
                or_(
                    Client.full_name.ilike(pattern, escape="\\"),
                    Client.preferred_name.ilike(pattern, escape="\\"),
                )
            )
            .exists()
        )
        statement = statement.where(
            or_(partner_match, Couple.display_name.ilike(pattern, escape="\\"))
        )
    return statement


def cases_of(counselor: User, query: CaseQuery, per_page: int):
    statement = select(Couple).where(Couple.counselor_id == counselor.id)
    if query.status in CaseStatus.__members__.values():
        statement = statement.where(Couple.status == query.status)
    statement = _matching(statement, query.text)
    statement = statement.order_by(Couple.last_activity_at.desc(), Couple.id.desc()).options(
        selectinload(Couple.partners),  # every card names both partners
        undefer(Couple.safety_concerns_open),  # and shows the case's safety status
    )
    return db.paginate(statement, page=query.page, per_page=per_page, error_out=False)


PICK_LIMIT = 10


def cases_to_pick(counselor: User, text: str, *, limit: int = PICK_LIMIT) -> list[Couple]:
    """The open cases matching the typed words, most recently active first: a short list to
    choose from (one more than shown, so the page can say there are more)."""
    statement = select(Couple).where(
        Couple.counselor_id == counselor.id, Couple.status != CaseStatus.CLOSED
    )
    statement = (
        _matching(statement, text)
        .order_by(Couple.last_activity_at.desc(), Couple.id.desc())
        .options(selectinload(Couple.partners))
        .limit(limit + 1)
    )
    return list(db.session.scalars(statement))


def default_display_name(partners: list[dict]) -> str:
    names = [p.get("preferred_name") or p["full_name"].split()[0] for p in partners]
    name = " & ".join(names)
    # Two long names could outgrow the column (PostgreSQL refuses, SQLite would not).
    limit = Couple.display_name.type.length
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "\u2026"


def _clean(value):
    return value.strip() if isinstance(value, str) else value


def create_case(counselor: User, case: dict, partners: list[dict], *, who: Who) -> Couple:
    values = {field: _clean(case.get(field)) for field in CASE_FIELDS}
    values["display_name"] = values["display_name"] or default_display_name(partners)
    couple = Couple(counselor=counselor, status=CaseStatus.ACTIVE, **values)
    for position, partner in enumerate(partners, start=1):
        fields = {field: _clean(partner.get(field)) or "" for field in PARTNER_FIELDS}
        fields["email"] = fields["email"].lower()
        couple.partners.append(Client(position=position, **fields))
    db.session.add(couple)
    db.session.flush()
    audit("case-create", who=who, obj=couple, couple_id=couple.id)
    return couple


def update_case(couple: Couple, case: dict, partners: list[dict], *, who: Who) -> list[str]:
    """Apply an edit; returns the names of the fields that changed (for the audit row)."""
    changed = []
    values = {field: _clean(case.get(field)) for field in CASE_FIELDS}
    values["display_name"] = values["display_name"] or default_display_name(partners)
    for field, value in values.items():
        if getattr(couple, field) != value:
            setattr(couple, field, value)
            changed.append(field)
    for client, partner in zip(couple.partners, partners, strict=True):
        for field in PARTNER_FIELDS:
            value = _clean(partner.get(field)) or ""
            if field == "email":
                value = value.lower()
            if getattr(client, field) != value:
                setattr(client, field, value)
                changed.append(f"partner{client.position}.{field}")
    if changed:
        couple.touch()
        audit("case-update", who=who, obj=couple, couple_id=couple.id, detail=",".join(changed))
    return changed


def set_status(couple: Couple, status: CaseStatus, *, who: Who) -> bool:
    if couple.status == status:
        return False
    previous = couple.status
    couple.status = status
    couple.closed_at = utcnow() if status == CaseStatus.CLOSED else None
    if status == CaseStatus.CLOSED:
        close_portal(couple, who=who)
    couple.touch()
    audit("case-status", who=who, obj=couple, couple_id=couple.id, detail=f"{previous}->{status}")
    return True
