"""SECURITY.md 11 and 12 through every export: markup typed into answers, instructions,
notes, addenda and names comes out as text, and fetches or attaches nothing."""

from __future__ import annotations

import pytest

from practice.assignments.models import Assignment
from practice.db_types import utcnow
from practice.extensions import db
from practice.models import Client, Couple, NoteAddendum

from ..notes.records import add_checkin, add_note, add_session
from .cases import response_ids, set_answers, signed_in_as
from .hostile import assert_nothing_fetched_or_attached, hostile_texts
from .pdfs import text_of


def solid(text: str) -> str:
    """Text without whitespace: a long URL may wrap anywhere in a narrow column."""
    return "".join(text.split())


@pytest.fixture
def hostile_case(app, listener, counselor, make_couple, make_assignment):
    img, attach, imports, urandom = hostile_texts(listener.url)
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"), concerns=imports)
    assignment = make_assignment(couple, "preparing-for-counseling")
    answers = {
        "why_now": img,
        "hope_for": [attach, urandom, ""],
        "hope_level": 9,
        "biggest_fear": urandom,
        "first_topic": imports,
    }
    jordan, sam = response_ids(assignment)
    set_answers(app, jordan, answers, "submitted")
    set_answers(app, sam, answers | {"hope_level": 2}, "draft")  # so the packet has it
    session_id = add_session(app, couple)
    note_id = add_note(app, session_id, sections={"subjective": img, "plan": imports}, signed=True)
    with app.app_context():
        instructions = "\n".join(hostile_texts(listener.url))
        db.session.get(Assignment, assignment.id).instructions = instructions
        live = db.session.get(Couple, couple.id)
        live.goals = urandom
        db.session.get(Client, live.partners[0].id).preferred_name = attach  # in the chart
        db.session.add(
            NoteAddendum(
                note_id=note_id,
                author_id=counselor.id,
                reason=attach,
                text=urandom,
                signed_at=utcnow(),
            )
        )
        db.session.commit()
    add_checkin(app, couple.partners[0].id, 7, days_ago=3)
    add_checkin(app, couple.partners[1].id, 5, days_ago=3)
    return couple, assignment, jordan


@pytest.mark.parametrize("kind", ["assignment", "answers", "packet", "record"])
def test_hostile_text_in_counselor_exports_is_inert(
    app, signed_in, hostile_case, listener, fetch_log, kind
):
    couple, assignment, _ = hostile_case
    url = {
        "assignment": f"/handouts/assignments/{assignment.id}.pdf",
        "answers": f"/handouts/assignments/{assignment.id}/answers.pdf",
        "packet": f"/handouts/cases/{couple.id}/packet.pdf",
        "record": f"/handouts/cases/{couple.id}/record.pdf",
    }[kind]
    response = signed_in.get(url)
    assert response.status_code == 200
    assert_nothing_fetched_or_attached(response.data, listener, fetch_log)
    text = solid(text_of(response.data))
    for hostile in hostile_texts(listener.url):
        assert solid(hostile) in text, (kind, hostile)


def test_hostile_text_in_a_partners_own_answers_is_inert(
    app, hostile_case, listener, fetch_log, make_client_account
):
    couple, _, jordan = hostile_case
    browser = signed_in_as(app, make_client_account(couple, 1))
    response = browser.get(f"/portal/responses/{jordan}.pdf")
    assert response.status_code == 200
    assert_nothing_fetched_or_attached(response.data, listener, fetch_log)
    text = solid(text_of(response.data))
    for hostile in hostile_texts(listener.url):
        assert solid(hostile) in text, hostile


def test_template_syntax_in_user_text_is_not_evaluated(app, signed_in, counselor, make_couple):
    # Evaluated, these would print words that appear nowhere else in a record. (Arithmetic
    # like {{ 6*7 }} made a flaky check: "42" is also a minute in the signing time.)
    couple = make_couple(counselor, concerns="{{ 'INJ' ~ 'ECTED' }} and {% raw %}")
    session_id = add_session(app, couple)
    add_note(
        app,
        session_id,
        sections={"subjective": "<script>alert(1)</script> {{ 'RAN' ~ 'CODE' }}"},
        signed=True,
    )
    text = text_of(signed_in.get(f"/handouts/cases/{couple.id}/record.pdf").data)
    assert "{{ 'INJ' ~ 'ECTED' }} and {% raw %}" in text and "INJECTED" not in text
    assert "<script>alert(1)</script> {{ 'RAN' ~ 'CODE' }}" in text and "RANCODE" not in text
