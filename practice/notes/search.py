"""Search over a counselor's own notes: full text on PostgreSQL, LIKE on SQLite.

Both backends read the sections' decoded text (json_each_text / json_each), never the raw
JSON, so keys and escapes never match and accented words are found as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, false, func, literal_column, select
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..couples.models import Couple
from ..db_types import escape_like
from ..extensions import db
from .models import SessionNote, TherapySession

PER_PAGE = 20
MAX_QUERY = 200
SNIPPET_CHARS = 90


@dataclass(frozen=True)
class Hit:
    note: SessionNote
    snippet: str


def _postgres_match(query: str):
    values = func.json_each_text(SessionNote.sections).table_valued("value")
    document = select(func.string_agg(values.c.value, literal_column("' '"))).scalar_subquery()
    vector = func.to_tsvector("english", func.coalesce(document, ""))
    tsquery = func.plainto_tsquery("english", query)
    return vector.bool_op("@@")(tsquery), func.ts_rank(vector, tsquery).desc()


def _sqlite_match(query: str):
    # Every word must appear in some section; LIKE is case-insensitive for ASCII here.
    conditions = []
    for word in query.split()[:10]:
        values = func.json_each(SessionNote.sections).table_valued("value")
        conditions.append(
            exists(
                select(1)
                .select_from(values)
                .where(values.c.value.like(f"%{escape_like(word)}%", escape="\\"))
            )
        )
    return and_(*conditions), None


def search_notes(counselor: User, query: str, page: int = 1):
    """A page (Flask-SQLAlchemy Pagination) of Hits among this counselor's cases' notes."""
    query = " ".join(query.split())[:MAX_QUERY]
    statement = (
        select(SessionNote)
        .join(TherapySession, SessionNote.therapy_session_id == TherapySession.id)
        .join(Couple, TherapySession.couple_id == Couple.id)
        .where(Couple.counselor_id == counselor.id)
        .options(joinedload(SessionNote.therapy_session).joinedload(TherapySession.couple))
    )
    if not query:
        condition, rank = false(), None
    elif db.session.get_bind().dialect.name == "postgresql":
        condition, rank = _postgres_match(query)
    else:
        condition, rank = _sqlite_match(query)
    statement = statement.where(condition)
    order = [TherapySession.starts_at.desc(), SessionNote.id.desc()]
    statement = statement.order_by(*([rank] if rank is not None else []), *order)
    result = db.paginate(statement, page=page, per_page=PER_PAGE, error_out=False)
    result.items = [Hit(note, snippet(note, query)) for note in result.items]
    return result


def snippet(note: SessionNote, query: str) -> str:
    """A short plain-text excerpt around the first word of the query that appears,
    cut at word boundaries."""
    text = " ".join(" ".join(note.sections.values()).split())
    lowered = text.lower()
    found = [p for p in (lowered.find(word.lower()) for word in query.split()) if p >= 0]
    start = max(0, min(found) - SNIPPET_CHARS // 3) if found else 0
    if start > 0:
        start = text.find(" ", start) + 1 or start
    end = start + SNIPPET_CHARS
    cut = text.rfind(" ", start, end)
    if end < len(text) and cut > start:
        end = cut
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{text[start:end]}{suffix}"
