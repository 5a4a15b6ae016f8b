"""Drafting notes: formats, autosave, the lost-update guard, limits, homework beside it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from practice.clock import format_date
from practice.extensions import db
from practice.models import Assignment, AuditEvent, Response, SessionNote
from practice.notes.formats import NOTE_FORMATS

from .records import add_note, add_session


@pytest.fixture
def session_id(app, make_couple, counselor):
    return add_session(app, make_couple(counselor))


def note_row(app, session_id) -> tuple | None:
    with app.app_context():
        note = db.session.scalar(select(SessionNote).filter_by(therapy_session_id=session_id))
        if note is None:
            return None
        return (note.format, dict(note.sections), note.version, note.signed_at)


def autosave(client, session_id, version, **sections):
    return client.post(
        f"/sessions/{session_id}/note/draft",
        json={"version": version, "fields": [[k, v] for k, v in sections.items()]},
        headers={"X-Requested-With": "autosave"},
    )


@pytest.mark.parametrize("note_format", list(NOTE_FORMATS))
def test_each_format_has_its_labelled_sections_and_guidance(
    app, signed_in, session_id, note_format
):
    start = signed_in.get(f"/sessions/{session_id}/note")
    assert b"Write the note" in start.data and b"Subjective" in start.data
    response = signed_in.post(f"/sessions/{session_id}/note", data={"format": note_format})
    assert response.status_code == 302
    page = signed_in.get(response.location)
    body = page.get_data(as_text=True)
    for section in NOTE_FORMATS[note_format].sections:
        assert f'data-prompt-id="{section.key}"' in body
        assert section.label in body and section.guidance.replace("'", "&#39;") in body
    assert 'data-autosave-url="/sessions/' in body and "data-conflict-text" in body
    assert note_row(app, session_id)[0] == note_format


def test_soap_guidance_says_what_belongs_where():
    soap = {s.label: s.guidance for s in NOTE_FORMATS["soap"].sections}
    assert soap["Subjective"] == "What the couple reported, in their words."
    assert list(soap) == ["Subjective", "Objective", "Assessment", "Plan"]


def test_starting_twice_keeps_the_first_note(app, signed_in, session_id):
    signed_in.post(f"/sessions/{session_id}/note", data={"format": "dap"})
    signed_in.post(f"/sessions/{session_id}/note", data={"format": "birp"})
    assert note_row(app, session_id)[0] == "dap"


def test_autosave_saves_and_answers_with_the_new_version(app, signed_in, session_id):
    add_note(app, session_id)
    response = autosave(signed_in, session_id, 1, subjective="They spoke calmly.", plan="Homework")
    assert response.status_code == 200
    assert response.json["version"] == 2 and response.json["saved_at"]
    assert note_row(app, session_id)[1] == {
        "subjective": "They spoke calmly.",
        "objective": "",
        "assessment": "",
        "plan": "Homework",
    }
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="note-save"))
        assert event.detail == "subjective,plan"  # field names, never the text
        assert "calmly" not in (event.detail or "")


def test_two_saves_from_the_same_version_the_second_gets_409(app, signed_in, session_id):
    add_note(app, session_id)
    first = autosave(signed_in, session_id, 1, subjective="From the first tab.")
    assert first.status_code == 200
    second = autosave(signed_in, session_id, 1, subjective="From the second tab.")
    assert second.status_code == 409
    assert second.json["conflict"] is True and "saved somewhere else" in second.json["message"]
    assert note_row(app, session_id)[1]["subjective"] == "From the first tab."
    assert note_row(app, session_id)[2] == 2


def test_the_no_js_form_conflict_keeps_the_text_on_screen(app, signed_in, session_id):
    add_note(app, session_id)
    autosave(signed_in, session_id, 1, subjective="Saved elsewhere.")
    form = {"version": "1", "subjective": "Typed in a stale tab.", "next_step": "save"}
    response = signed_in.post(f"/sessions/{session_id}/note/draft", data=form)
    assert response.status_code == 409
    assert b"Typed in a stale tab." in response.data and b"saved somewhere else" in response.data
    assert note_row(app, session_id)[1]["subjective"] == "Saved elsewhere."


def test_the_save_draft_button_works_without_javascript(app, signed_in, session_id):
    add_note(app, session_id)
    form = {"version": "1", "subjective": "Line one\r\nLine two", "next_step": "save"}
    response = signed_in.post(f"/sessions/{session_id}/note/draft", data=form)
    assert response.status_code == 302
    assert b"Draft saved at" in signed_in.get(response.location).data
    assert note_row(app, session_id)[1]["subjective"] == "Line one\nLine two"
    sign = {"version": "2", "plan": "Next week.", "next_step": "sign"}
    response = signed_in.post(f"/sessions/{session_id}/note/draft", data=sign)
    assert response.location.endswith(f"/sessions/{session_id}/note/sign")


def test_a_draft_opened_days_later_says_which_day_it_was_saved(app, auth, counselor, session_id):
    add_note(app, session_id)
    with time_machine.travel(timedelta(days=2)):
        auth.sign_in(counselor)
        editor = auth.client.get(f"/sessions/{session_id}/note").get_data(as_text=True)
    with app.app_context():
        saved = db.session.scalar(select(SessionNote.updated_at))
        assert f"last saved on {format_date(saved)} at " in editor


def test_the_save_draft_view_keeps_text_when_signed_out(app, client, session_id):
    from practice import carry

    assert app.view_functions["notes.save_draft"].keeps_text is True
    response = client.post(
        f"/sessions/{session_id}/note/draft",
        data={"version": "1", "subjective": "Kept words"},
        headers={"Origin": "http://localhost"},  # our own page's form
    )
    assert response.status_code == 401 and b"Kept words" in response.data
    assert carry.CARRY_PREFIX.encode() in response.data
    json = client.post(f"/sessions/{session_id}/note/draft", json={"version": 1, "fields": []})
    assert json.status_code == 401 and json.json["signed_out"] is True


def test_a_section_over_the_limit_is_refused_with_a_message(app, signed_in, session_id):
    add_note(app, session_id)
    before = note_row(app, session_id)
    too_long = "x" * 20_001
    response = autosave(signed_in, session_id, 1, subjective=too_long)
    assert response.status_code == 422
    assert "over the 20,000 character limit" in response.json["errors"]["subjective"]
    form = {"version": "1", "subjective": too_long, "plan": "keep me"}
    page = signed_in.post(f"/sessions/{session_id}/note/draft", data=form)
    assert page.status_code == 422
    assert b"over the 20,000 character limit" in page.data and b"keep me" in page.data
    assert note_row(app, session_id) == before
    assert autosave(signed_in, session_id, 1, subjective="x" * 20_000).status_code == 200


def test_unknown_fields_and_bad_payloads_change_nothing(app, signed_in, session_id):
    add_note(app, session_id)
    response = autosave(signed_in, session_id, 1, signed_at="2026-01-01", narrative="sneaky")
    assert response.status_code == 200
    assert note_row(app, session_id)[1]["subjective"] == "They said the week was calm."
    assert "narrative" not in note_row(app, session_id)[1]
    assert note_row(app, session_id)[3] is None
    bad = signed_in.post(
        f"/sessions/{session_id}/note/draft",
        json={"version": "1", "fields": "nope"},
        headers={"X-Requested-With": "autosave"},
    )
    assert bad.status_code == 400


def test_changing_format_while_draft_loses_no_text(app, signed_in, session_id):
    add_note(
        app,
        session_id,
        sections={"subjective": "Reported calm.", "objective": "Relaxed.", "plan": "Repeat."},
    )
    response = signed_in.post(f"/sessions/{session_id}/note/format", data={"format": "dap"})
    assert response.status_code == 302
    note_format, sections, *_ = note_row(app, session_id)
    assert note_format == "dap"
    assert sections["plan"] == "Repeat."
    assert "Subjective:\nReported calm." in sections["data"]
    assert "Objective:\nRelaxed." in sections["data"]
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="note-format"))
        assert event.detail == "soap->dap"


def test_the_note_shows_that_days_homework(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    # 15:00 UTC on March 2 is 10:00 in New York: the session's local day is March 2.
    session_id = add_session(app, couple, starts_at=datetime(2026, 3, 2, 15, tzinfo=UTC))
    with app.app_context():

        def assignment(title, created_at):
            return Assignment(
                couple_id=couple.id,
                assigned_by_id=counselor.id,
                slug="x",
                worksheet_version=1,
                content_hash="0" * 64,
                definition={},
                title=title,
                recipients="each",
                due_date=date(2026, 3, 9),
                created_at=created_at,
            )

        given = assignment("Given that day", datetime(2026, 3, 2, 16, tzinfo=UTC))
        # 02:00 UTC on March 3 is still March 2 in New York.
        late = assignment("Given that evening", datetime(2026, 3, 3, 2, tzinfo=UTC))
        other_day = assignment("Given another day", datetime(2026, 3, 4, 16, tzinfo=UTC))
        reviewed = assignment("Reviewed that day", datetime(2026, 2, 20, tzinfo=UTC))
        reviewed.responses.append(
            Response(
                client_id=couple.partners[0].id,
                status="reviewed",
                reviewed_at=datetime(2026, 3, 2, 20, tzinfo=UTC),
            )
        )
        db.session.add_all([given, late, other_day, reviewed])
        db.session.commit()
    page = signed_in.get(f"/sessions/{session_id}/note")
    assert b"Given that day" in page.data and b"Given that evening" in page.data
    assert b"Reviewed that day" in page.data and b"Given another day" not in page.data
    has_link = "assignments.new" in app.view_functions
    assert (b"Assign a worksheet" in page.data) is has_link


def test_views_of_a_note_are_audited(app, signed_in, session_id):
    note_id = add_note(app, session_id)
    signed_in.get(f"/sessions/{session_id}/note")
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="note-view"))
        assert event.object_type == "SessionNote" and event.object_id == note_id
        assert event.couple_id is not None and event.ip_address == "127.0.0.1"
