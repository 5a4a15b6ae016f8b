"""Search over a counselor's own notes, served by the search index (search_index.py).

PostgreSQL matches the stored tsvector (GIN index, or the counselor's notes newest first) and
ranks with ts_rank; SQLite matches its FTS5 table and ranks with bm25. Only the newest
CANDIDATES matches are ranked. One query returns the page, the total (a window count over
those candidates) and a snippet per hit, computed for the page's rows only. Matched words
come back between marks that marked() turns into <mark> after escaping everything else, so a
note's text can never become HTML.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import column, func, literal_column, select, table
from sqlalchemy.orm import contains_eager

from ..auth.models import User
from ..couples.models import Couple
from ..extensions import db
from .models import SessionNote, TherapySession
from .search_index import LESS_THAN, MARK_END, MARK_START, REGCONFIG, NoteSearchDocument

PER_PAGE = 20
# At most this many matches are ranked, the newest: see _candidates.
CANDIDATES = 500
MAX_QUERY = 200
MAX_WORDS = 10
SNIPPET_WORDS = 24
WORD = re.compile(r"\w+")
# SQLite's FTS5 table (migration 0009): not a model, so named here for the queries.
FTS = table("note_search_fts", column("rowid"), column("rank"))
FTS_NAME = literal_column("note_search_fts")
HEADLINE = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


@dataclass(frozen=True)
class Hit:
    note: SessionNote
    snippet: Markup


@dataclass
class Results:
    """A page of hits, shaped like Flask-SQLAlchemy's Pagination for the pager macro."""

    items: list[Hit]
    total: int
    page: int
    per_page: int = PER_PAGE
    # More notes match than are ranked: the pages show the best of the newest `total`.
    capped: bool = False

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def marked(snippet: str) -> Markup:
    """The snippet as HTML: every character of the note escaped, matches in <mark>."""
    html, inside = [], False
    for part in re.split(f"([{MARK_START}{MARK_END}])", snippet):
        if part == MARK_START:
            html.append("" if inside else "<mark>")
            inside = True
        elif part == MARK_END:
            html.append("</mark>" if inside else "")
            inside = False
        else:
            html.append(str(escape(part.replace(LESS_THAN, "<"))))
    if inside:
        html.append("</mark>")
    return Markup("".join(html))  # noqa: S704  (every part of the note escaped above)


def search_notes(counselor: User, query: str, page: int = 1) -> Results:
    """A page of Hits among this counselor's cases' notes, best match first."""
    words = WORD.findall(query[:MAX_QUERY])[:MAX_WORDS]
    page = max(1, page)
    if not words:
        return Results(items=[], total=0, page=page)
    if db.session.get_bind().dialect.name == "postgresql":
        statement = _postgres(counselor, words, page)
    else:
        statement = _sqlite(counselor, words, page)
    rows = db.session.execute(statement).all()
    total = rows[0].total if rows else 0
    return Results(
        items=[Hit(note, marked(text or "")) for note, text, _, extra in rows if not extra],
        total=min(total, CANDIDATES),
        page=page,
        capped=total > CANDIDATES,
    )


def _mine(statement, counselor: User, note_id):
    """Scoped to the counselor's own cases, whatever matched."""
    return (
        statement.join(SessionNote, SessionNote.id == note_id)
        .join(TherapySession, SessionNote.therapy_session_id == TherapySession.id)
        .join(Couple, TherapySession.couple_id == Couple.id)
        .where(Couple.counselor_id == counselor.id)
    )


def _candidates(counselor: User, note_id, *conditions):
    """The newest CANDIDATES matching notes of this counselor's: what gets ranked.

    A word in most notes must not cost a rank (and a read of its vector) per note: the work
    is bounded whatever the size of the practice, and a search that broad is narrowed by
    adding a word, not by paging past the 25th page.
    """
    return (
        _mine(
            select(
                note_id.label("note_id"),
                func.row_number().over(order_by=note_id.desc()).label("newness"),
            ),
            counselor,
            note_id,
        )
        .where(*conditions)
        .order_by(note_id.desc())
        .limit(CANDIDATES + 1)  # one more, to know there are more
        .subquery()
    )


def _page(statement, page: int, rank, note_id, newness):
    """The page's note ids with their rank and the total, as a subquery. The one candidate
    past CANDIDATES (there only to say there are more) sorts last and is never shown."""
    extra = newness > CANDIDATES
    return (
        statement.add_columns(
            rank.label("rank"), extra.label("extra"), func.count().over().label("total")
        )
        .order_by(extra, rank, note_id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .subquery()
    )


def _hits(hits, snippet):
    return (
        select(SessionNote, snippet, hits.c.total, hits.c.extra)
        .join(hits, hits.c.note_id == SessionNote.id)
        .join(TherapySession, SessionNote.therapy_session_id == TherapySession.id)
        .join(Couple, TherapySession.couple_id == Couple.id)
        .options(contains_eager(SessionNote.therapy_session).contains_eager(TherapySession.couple))
        .order_by(hits.c.extra, hits.c.rank, SessionNote.id.desc())
    )


def _postgres(counselor: User, words: list[str], page: int):
    tsquery = func.plainto_tsquery(REGCONFIG, " ".join(words))
    doc = NoteSearchDocument
    matches = doc.vector.bool_op("@@")(tsquery)
    candidates = _candidates(counselor, doc.note_id, matches, doc.counselor_id == counselor.id)
    ranked = select(doc.note_id.label("note_id")).join(
        candidates, candidates.c.note_id == doc.note_id
    )
    # Negated so that, as with bm25, a smaller rank is a better match.
    rank = -func.ts_rank(doc.vector, tsquery)
    hits = _page(ranked, page, rank, doc.note_id, candidates.c.newness)
    body = func.replace(doc.body, "<", LESS_THAN)
    headline = func.ts_headline(REGCONFIG, body, tsquery, HEADLINE)
    return _hits(hits, headline).join(doc, doc.note_id == SessionNote.id)


def _sqlite(counselor: User, words: list[str], page: int):
    # Each word quoted, so typed text is never FTS5 query syntax; every word must appear.
    match = FTS_NAME.op("MATCH")(" ".join(f'"{word}"' for word in words))
    candidates = _candidates(counselor, FTS.c.rowid, match)
    ranked = (
        select(FTS.c.rowid.label("note_id"))
        .join(candidates, candidates.c.note_id == FTS.c.rowid)
        .where(match)
    )
    hits = _page(ranked, page, FTS.c.rank, FTS.c.rowid, candidates.c.newness)
    snippet = func.snippet(FTS_NAME, 0, MARK_START, MARK_END, " … ", SNIPPET_WORDS)
    # snippet() reads the match it belongs to: the FTS table is matched again, for this page.
    return _hits(hits, snippet).join(FTS, FTS.c.rowid == SessionNote.id).where(match)
