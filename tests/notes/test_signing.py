"""Signing locks a note for good, by every route and at the model level; addenda after."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from practice.extensions import db
from practice.models import AuditEvent, NoteAddendum, SessionNote
from practice.notes.lock import SignedNoteLocked

from ..conftest import PASSWORD
from .records import add_addendum, add_note, add_session, once_token

SIGNED = "This note is signed and can&#39;t be changed. Add an addendum instead."


@pytest.fixture
def session_id(app, make_couple, counselor):
    return add_session(app, make_couple(counselor))


def note_state(app, session_id) -> tuple:
    with app.app_context():
        note = db.session.scalar(select(SessionNote).filter_by(therapy_session_id=session_id))
        addenda = db.session.execute(select(NoteAddendum.__table__)).all()
        row = (note.format, dict(note.sections), note.version, note.signed_at, note.signed_by_id)
        return row, sorted(map(tuple, addenda))


def actions(app, action) -> list[tuple]:
    with app.app_context():
        return [
            (e.outcome, e.detail)
            for e in db.session.scalars(
                select(AuditEvent).filter_by(action=action).order_by(AuditEvent.id)
            )
        ]


def test_signing_needs_the_right_password(app, signed_in, session_id, counselor):
    add_note(app, session_id)
    review = signed_in.get(f"/sessions/{session_id}/note/sign")
    assert b"Read the note as it will be signed." in review.data
    assert b"They said the week was calm." in review.data
    before = note_state(app, session_id)
    wrong = signed_in.post(
        f"/sessions/{session_id}/note/sign", data={"password": "not it", "version": "1"}
    )
    assert wrong.status_code == 422
    assert b"That password is not right, so nothing was signed." in wrong.data
    assert note_state(app, session_id) == before
    assert actions(app, "note-sign") == [("refused", "wrong-password")]
    once = once_token(signed_in, f"/sessions/{session_id}/note/sign")
    right = signed_in.post(
        f"/sessions/{session_id}/note/sign",
        data={"password": PASSWORD, "version": "1", "once": once},
    )
    assert right.status_code == 302
    (*_, signed_at, signed_by), _ = note_state(app, session_id)
    assert signed_at is not None and signed_by == counselor.id
    assert actions(app, "note-sign")[-1] == ("success", None)
    page = signed_in.get(right.location)
    assert b"Signed by Maya Okafor" in page.data and b"Add an addendum" in page.data
    assert b"data-autosave-url" not in page.data


def test_signing_what_changed_since_review_is_refused(app, signed_in, session_id):
    add_note(app, session_id)
    signed_in.post(
        f"/sessions/{session_id}/note/draft",
        json={"version": 1, "fields": [["subjective", "Changed in another tab."]]},
    )
    stale = signed_in.post(
        f"/sessions/{session_id}/note/sign", data={"password": PASSWORD, "version": "1"}
    )
    assert stale.status_code == 409 and b"changed after you opened this page" in stale.data
    assert note_state(app, session_id)[0][3] is None


def test_an_empty_note_is_not_signed(app, signed_in, session_id):
    add_note(app, session_id, sections={"subjective": "  ", "plan": ""})
    response = signed_in.post(
        f"/sessions/{session_id}/note/sign", data={"password": PASSWORD, "version": "1"}
    )
    assert response.status_code == 422 and b"The note is empty." in response.data
    assert note_state(app, session_id)[0][3] is None


def test_a_signed_note_refuses_every_route(app, signed_in, session_id):
    add_note(app, session_id)
    draft = {"version": "1", "subjective": "An edit made before signing.", "next_step": "save"}
    assert signed_in.post(f"/sessions/{session_id}/note/draft", data=draft).status_code == 302
    once = once_token(signed_in, f"/sessions/{session_id}/note/sign")
    signed_in.post(
        f"/sessions/{session_id}/note/sign",
        data={"password": PASSWORD, "version": "2", "once": once},
    )
    before = note_state(app, session_id)

    replayed = signed_in.post(f"/sessions/{session_id}/note/draft", data=draft)
    form = signed_in.post(
        f"/sessions/{session_id}/note/draft",
        data={"version": "3", "subjective": "A late change.", "next_step": "save"},
    )
    for response in (replayed, form):
        assert response.status_code == 409
        assert SIGNED.encode() in response.data
    # The words typed are offered as the start of an addendum, not thrown away.
    assert b"A late change.</textarea>" in form.data

    json = signed_in.post(
        f"/sessions/{session_id}/note/draft",
        json={"version": 3, "fields": [["subjective", "From a stale tab."]]},
        headers={"X-Requested-With": "autosave"},
    )
    assert json.status_code == 409
    assert json.json["message"] == (
        "This note is signed and can't be changed. Add an addendum instead."
    )
    switched = signed_in.post(f"/sessions/{session_id}/note/format", data={"format": "dap"})
    assert switched.status_code == 409 and SIGNED.encode() in switched.data
    resigned = signed_in.post(
        f"/sessions/{session_id}/note/sign", data={"password": PASSWORD, "version": "3"}
    )
    assert resigned.status_code == 409 and b"already signed" in resigned.data
    restarted = signed_in.post(f"/sessions/{session_id}/note", data={"format": "birp"})
    assert restarted.status_code == 302
    assert note_state(app, session_id) == before
    refusals = actions(app, "note-save")
    assert refusals[-3:] == [("refused", "signed")] * 3


@pytest.mark.parametrize(
    "change",
    [
        lambda note: setattr(note, "sections", {"subjective": "Rewritten."}),
        lambda note: note.sections.__setitem__("subjective", "Changed in place."),
        lambda note: setattr(note, "format", "dap"),
        lambda note: setattr(note, "signed_at", None),
        lambda note: setattr(note, "signed_by_id", None),
        lambda note: db.session.delete(note),
    ],
    ids=["sections", "in-place", "format", "unsign", "signer", "delete"],
)
def test_the_lock_holds_at_the_model_level(app, session_id, change):
    note_id = add_note(app, session_id, signed=True)
    before = note_state(app, session_id)
    with app.app_context():
        note = db.session.get(SessionNote, note_id)
        change(note)
        with pytest.raises(SignedNoteLocked, match=r"can't be changed\. Add an addendum instead\."):
            db.session.flush()
        db.session.rollback()
    assert note_state(app, session_id) == before


def test_a_draft_can_still_change_and_be_signed_at_the_model_level(app, session_id):
    note_id = add_note(app, session_id)
    with app.app_context():
        note = db.session.get(SessionNote, note_id)
        note.sections = {"subjective": "Finished."}
        db.session.flush()
        note.signed_at = note.created_at
        note.signed_by_id = note.author_id
        db.session.commit()


def test_addenda_are_signed_with_the_password(app, signed_in, session_id, counselor):
    note_id = add_note(app, session_id, signed=True)
    form = {"reason": "Correction", "text": "It was Tuesday, not Monday.", "password": "nope"}
    wrong = signed_in.post(f"/sessions/{session_id}/note/addenda", data=form)
    assert wrong.status_code == 422 and b"That password is not right" in wrong.data
    assert b"It was Tuesday, not Monday." in wrong.data  # kept on screen
    assert note_state(app, session_id)[1] == []
    missing = signed_in.post(
        f"/sessions/{session_id}/note/addenda", data={**form, "reason": "", "password": PASSWORD}
    )
    assert b"Say briefly why you are adding to the note." in missing.data
    assert note_state(app, session_id)[1] == []
    once = once_token(signed_in, f"/sessions/{session_id}/note")
    added = signed_in.post(
        f"/sessions/{session_id}/note/addenda", data={**form, "password": PASSWORD, "once": once}
    )
    assert added.status_code == 302
    page = signed_in.get(added.location)
    assert b"It was Tuesday, not Monday." in page.data
    assert b"Reason:</strong> Correction" in page.data
    with app.app_context():
        addendum = db.session.scalar(select(NoteAddendum))
        assert addendum.note_id == note_id and addendum.author_id == counselor.id
        assert addendum.signed_at is not None
    assert [o for o, _ in actions(app, "addendum-create")] == ["refused", "success"]


def test_an_addendum_on_a_draft_is_refused(app, signed_in, session_id):
    add_note(app, session_id)
    form = {"reason": "Correction", "text": "Text", "password": PASSWORD}
    response = signed_in.post(f"/sessions/{session_id}/note/addenda", data=form)
    assert response.status_code == 409
    assert note_state(app, session_id)[1] == []


@pytest.mark.parametrize("change", ["text", "reason", "delete"])
def test_addenda_are_immutable_at_the_model_level(app, session_id, change):
    note_id = add_note(app, session_id, signed=True)
    addendum_id = add_addendum(app, note_id)
    before = note_state(app, session_id)
    with app.app_context():
        addendum = db.session.get(NoteAddendum, addendum_id)
        if change == "delete":
            db.session.delete(addendum)
        else:
            setattr(addendum, change, "Rewritten later")
        with pytest.raises(SignedNoteLocked, match="addendum is signed"):
            db.session.flush()
        db.session.rollback()
    assert note_state(app, session_id) == before


def test_too_many_wrong_passwords_are_refused(app, signed_in, session_id):
    add_note(app, session_id)
    for _ in range(10):
        signed_in.post(f"/sessions/{session_id}/note/sign", data={"password": "x", "version": "1"})
    response = signed_in.post(
        f"/sessions/{session_id}/note/sign", data={"password": PASSWORD, "version": "1"}
    )
    assert response.status_code == 429
    assert note_state(app, session_id)[0][3] is None


def test_a_replayed_addendum_is_added_once(app, signed_in, session_id):
    add_note(app, session_id, signed=True)
    once = once_token(signed_in, f"/sessions/{session_id}/note")
    form = {"reason": "Correction", "text": "It was Tuesday.", "password": PASSWORD, "once": once}
    first = signed_in.post(f"/sessions/{session_id}/note/addenda", data=form)
    again = signed_in.post(f"/sessions/{session_id}/note/addenda", data=form)
    assert first.status_code == again.status_code == 302
    page = signed_in.get(again.location).get_data(as_text=True)
    assert "had already been added (the form was sent twice)" in page
    assert page.count("It was Tuesday.") == 1
    assert len(note_state(app, session_id)[1]) == 1
    assert actions(app, "addendum-create") == [("success", None), ("refused", "sent-twice")]


def test_an_addendum_without_its_form_token_is_not_added_and_keeps_its_text(
    app, signed_in, session_id
):
    add_note(app, session_id, signed=True)
    form = {"reason": "Correction", "text": "Typed with care.", "password": PASSWORD}
    for token in ("", "forged-token"):
        response = signed_in.post(
            f"/sessions/{session_id}/note/addenda", data={**form, "once": token}
        )
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "This form had expired" in page and "Typed with care.</textarea>" in page
    assert note_state(app, session_id)[1] == []


def test_a_replayed_signature_signs_once(app, signed_in, session_id):
    add_note(app, session_id)
    once = once_token(signed_in, f"/sessions/{session_id}/note/sign")
    form = {"password": PASSWORD, "version": "1", "once": once}
    assert signed_in.post(f"/sessions/{session_id}/note/sign", data=form).status_code == 302
    assert signed_in.post(f"/sessions/{session_id}/note/sign", data=form).status_code == 409
    assert [o for o, _ in actions(app, "note-sign")] == ["success"]


def test_extra_fields_cannot_sign_or_reassign_a_note(app, signed_in, session_id, make_user):
    """SECURITY.md 10: fields the form doesn't have (signed, signed_at, author_id) are ignored."""
    add_note(app, session_id)
    other = make_user()
    draft = {
        "version": "1",
        "subjective": "Saved with extra fields.",
        "next_step": "save",
        "signed": "1",
        "signed_at": "2026-01-01T00:00:00Z",
        "signed_by_id": str(other.id),
        "author_id": str(other.id),
    }
    assert signed_in.post(f"/sessions/{session_id}/note/draft", data=draft).status_code == 302
    (_, sections, version, signed_at, signed_by), addenda = note_state(app, session_id)
    assert sections["subjective"] == "Saved with extra fields." and version == 2
    assert signed_at is None and signed_by is None and addenda == []
    with app.app_context():
        note = db.session.scalar(select(SessionNote))
        assert note.author_id != other.id
