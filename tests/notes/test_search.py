"""Search over a counselor's own notes: the search index (tsvector on PostgreSQL, FTS5 on
SQLite), kept in step with every note and addendum written."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from practice.auth.models import User
from practice.extensions import db
from practice.models import AuditEvent, SessionNote
from practice.notes.search import search_notes

from .records import add_addendum, add_note, add_session


def notes_for(app, couple, *texts, signed=False) -> list[int]:
    ids = []
    for text in texts:
        session_id = add_session(app, couple)
        add_note(app, session_id, sections={"subjective": text, "plan": ""}, signed=signed)
        ids.append(session_id)
    return ids


def found(app, counselor, query) -> list[int]:
    with app.app_context():
        user = db.session.get(User, counselor.id)
        return sorted(hit.note.therapy_session_id for hit in search_notes(user, query).items)


def test_search_finds_own_drafts_and_signed_notes(app, make_user, make_couple, counselor):
    couple = make_couple(counselor)
    (draft,) = notes_for(app, couple, "They argued about the hidden budget spreadsheet.")
    (signed,) = notes_for(app, couple, "The budget talk went well this week.", signed=True)
    notes_for(app, couple, "Nothing about money here.")
    assert found(app, counselor, "budget") == sorted([draft, signed])
    assert found(app, counselor, "hidden budget") == [draft]
    assert found(app, counselor, "BUDGET") == sorted([draft, signed])
    assert found(app, counselor, "holiday") == []
    assert found(app, counselor, "") == []


def test_another_counselors_notes_never_appear(app, signed_in, make_user, make_couple, counselor):
    other = make_user(name="Other Counselor")
    mine = make_couple(counselor)
    theirs = make_couple(other, names=("Robin Vale", "Kai Ito"))
    (own,) = notes_for(app, mine, "A shared budget was agreed.")
    notes_for(app, theirs, "Their secret budget was found.", signed=True)
    assert found(app, counselor, "budget") == [own]
    assert found(app, other, "secret") != []
    assert found(app, counselor, "secret") == []
    page = signed_in.get("/notes/search?q=budget")
    assert b"shared <mark>budget</mark> was agreed" in page.data
    assert b"secret" not in page.data and b"Robin" not in page.data
    assert b"1 note found." in page.data


def test_keys_and_json_syntax_never_match(app, make_couple, counselor):
    couple = make_couple(counselor)
    notes_for(app, couple, "Calm week.")
    assert found(app, counselor, "subjective") == []
    assert found(app, counselor, '"') == []


def test_like_wildcards_are_taken_literally(app, make_couple, counselor):
    couple = make_couple(counselor)
    (percent,) = notes_for(app, couple, "Agreed to 100% transparency.")
    notes_for(app, couple, "Agreed to full transparency.")
    assert found(app, counselor, "100%") == [percent]


def test_the_search_page_audits_without_the_words(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    notes_for(app, couple, "Discussed the affair openly.")
    assert b"Words to find" in signed_in.get("/notes/search").data
    page = signed_in.get("/notes/search?q=affair")
    assert page.status_code == 200 and b"Discussed the" in page.data
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="notes-search"))
        assert event.detail == "results=1" and "affair" not in event.detail


def test_results_are_paged(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    notes_for(app, couple, *[f"Week {n}: progress on trust." for n in range(23)])
    first = signed_in.get("/notes/search?q=progress")
    assert b"23 notes found." in first.data and b"Page 1 of 2" in first.data
    second = signed_in.get("/notes/search?q=progress&page=2")
    assert second.data.count(b'class="search-result"') == 3


def test_matches_are_marked_and_note_text_is_never_html(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    notes_for(
        app,
        couple,
        "She wrote <script>alert(1)</script> & <b>bold</b> in the budget \ue000note\ue001.",
    )
    page = signed_in.get("/notes/search?q=budget")
    assert b"<mark>budget</mark>" in page.data
    assert b"<script>alert" not in page.data and b"<b>bold" not in page.data
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page.data
    # Marks typed into a note are dropped from the index: they never open a <mark>.
    assert page.data.count(b"<mark>") == 1


def test_addenda_of_signed_notes_are_found(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    (session_id,) = notes_for(app, couple, "A calm session.", signed=True)
    assert found(app, counselor, "Tuesday") == []
    with app.app_context():
        note_id = db.session.scalar(select(SessionNote.id).filter_by(therapy_session_id=session_id))
    add_addendum(app, note_id)  # "The date was Tuesday."
    assert found(app, counselor, "tuesday") == [session_id]
    assert b"date was <mark>Tuesday</mark>" in signed_in.get("/notes/search?q=tuesday").data


def test_an_edited_draft_is_found_by_its_new_words_only(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    (session_id,) = notes_for(app, couple, "First draft about the garden.")
    with app.app_context():
        note = db.session.scalar(select(SessionNote).filter_by(therapy_session_id=session_id))
        version = note.version
    saved = signed_in.post(
        f"/sessions/{session_id}/note/draft",
        data={"subjective": "Second draft about the kitchen.", "version": version},
    )
    assert saved.status_code == 302
    assert found(app, counselor, "kitchen") == [session_id]
    assert found(app, counselor, "garden") == []


def test_the_best_match_comes_first(app, make_couple, counselor):
    couple = make_couple(counselor)
    once, often = notes_for(
        app,
        couple,
        "They spoke about money once, then about the holidays and the children.",
        "Money, money: the money talk was all about money.",
    )
    with app.app_context():
        user = db.session.get(User, counselor.id)
        hits = search_notes(user, "money").items
    assert [hit.note.therapy_session_id for hit in hits] == [often, once]


def test_stemmed_words_and_accents_are_found(app, make_couple, counselor):
    couple = make_couple(counselor)
    (session_id,) = notes_for(app, couple, "They were arguing at the café about apologies.")
    assert found(app, counselor, "argue apology") == [session_id]
    assert found(app, counselor, "café") == [session_id]


def test_a_word_in_most_notes_ranks_only_the_newest(app, signed_in, make_couple, counselor):
    import practice.notes.search as search

    couple = make_couple(counselor)
    ids = notes_for(app, couple, *[f"Week {n}: talked about trust again." for n in range(6)])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "CANDIDATES", 4)
        page = signed_in.get("/notes/search?q=trust").text
        assert "More than 4 notes found: these are the best matches among the newest 4." in page
        assert page.count('class="search-result"') == 4
        assert f"/sessions/{ids[0]}/note" not in page and f"/sessions/{ids[-1]}/note" in page
