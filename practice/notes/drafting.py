"""Writing, signing and adding to notes. Plain functions: they flush, the view commits."""

from __future__ import annotations

from sqlalchemy.orm.exc import StaleDataError

from ..audit.record import audit
from ..audit.who import Who
from ..auth.models import User
from ..auth.passwords import verify_password
from ..db_types import utcnow
from ..extensions import db
from .formats import NOTE_FORMATS, SECTION_LIMIT, carry_sections
from .lock import SIGNED_MESSAGE
from .models import NoteAddendum, SessionNote, SessionStatus, TherapySession

CONFLICT_MESSAGE = (
    "This note was saved somewhere else (another tab or device) after you opened it, so "
    "this save was not applied. Your text is kept here: compare it with the saved note."
)
NOT_CONFIRMED = "That password is not right, so nothing was signed. Try again."


class NoteRefused(Exception):
    """A change the note's state does not allow; the message is for the counselor."""

    def __init__(self, message: str, *, conflict: bool = False, wrong_password: bool = False):
        super().__init__(message)
        self.message = message
        self.conflict = conflict
        self.wrong_password = wrong_password


def _audit(action: str, note: SessionNote, *, who: Who, **kwargs) -> None:
    audit(action, who=who, obj=note, couple_id=note.therapy_session.couple_id, **kwargs)


def refuse_if_signed(note: SessionNote) -> None:
    if note.is_signed:
        raise NoteRefused(SIGNED_MESSAGE)


def start_note(
    therapy_session: TherapySession, author: User, format_key: str, *, who: Who
) -> SessionNote:
    """The session's note, started in this format; a replayed start changes nothing."""
    if therapy_session.note is not None:
        return therapy_session.note
    note = SessionNote(
        therapy_session=therapy_session,
        author_id=author.id,
        format=format_key,
        sections={key: "" for key in NOTE_FORMATS[format_key].keys},
    )
    db.session.add(note)
    db.session.flush()
    _audit("note-start", note, who=who, detail=f"format={format_key}")
    return note


def _flush_or_conflict() -> None:
    # Two requests that both read the same version: SQLAlchemy's version check refuses one.
    try:
        db.session.flush()
    except StaleDataError as error:
        raise NoteRefused(CONFLICT_MESSAGE, conflict=True) from error


def save_sections(
    note: SessionNote, submitted: dict[str, str], based_on: int | None, *, who: Who
) -> bool:
    """Save a draft's sections; returns whether anything changed.

    Only the format's own sections are read: anything else submitted is ignored.
    """
    refuse_if_signed(note)
    if based_on != note.version:
        raise NoteRefused(CONFLICT_MESSAGE, conflict=True)
    sections = dict.fromkeys(note.note_format.keys, "") | dict(note.sections)
    for key in note.note_format.keys:
        if submitted.get(key) is not None:
            # Browsers send form text with CRLF and autosave with LF: store one kind.
            sections[key] = submitted[key].replace("\r\n", "\n")
    sections = {key: sections[key] for key in note.note_format.keys}
    changed = [key for key in sections if sections[key] != note.sections.get(key, "")]
    if not changed:
        return False
    note.sections = sections
    note.updated_at = utcnow()
    _flush_or_conflict()
    _audit("note-save", note, who=who, detail=",".join(changed))
    return True


def change_format(note: SessionNote, format_key: str, *, who: Who) -> bool:
    refuse_if_signed(note)
    if format_key == note.format:
        return False
    old, new = note.note_format, NOTE_FORMATS[format_key]
    sections = carry_sections(dict(note.sections), old, new)
    if any(len(text) > SECTION_LIMIT for text in sections.values()):
        raise NoteRefused(
            f"Moving this text into {new.name} would put a section over the "
            f"{SECTION_LIMIT:,} character limit. Shorten the note first."
        )
    note.format, note.sections, note.updated_at = format_key, sections, utcnow()
    _flush_or_conflict()
    _audit("note-format", note, who=who, detail=f"{old.key}->{new.key}")
    return True


def _password_confirms(signer: User, password: str) -> bool:
    return verify_password(signer.password_hash, password or "")


def sign_note(
    note: SessionNote, signer: User, password: str, based_on: int | None, *, who: Who
) -> None:
    """Sign what the counselor reviewed (the version they saw), after their password."""
    refuse_if_signed(note)
    if based_on != note.version:
        raise NoteRefused(
            "The note changed after you opened this page. Review it again, then sign.",
            conflict=True,
        )
    if not _password_confirms(signer, password):
        _audit("note-sign", note, who=who, outcome="refused", detail="wrong-password")
        raise NoteRefused(NOT_CONFIRMED, wrong_password=True)
    if note.is_empty:
        raise NoteRefused("The note is empty. Write at least one section before signing.")
    _complete(note.therapy_session, who=who)
    note.signed_at = utcnow()
    note.signed_by_id = signer.id
    _flush_or_conflict()
    _audit("note-sign", note, who=who)


def not_started(therapy_session: TherapySession) -> bool:
    """True while the session's start time is still ahead: signing then asks first."""
    return therapy_session.starts_at > utcnow()


def _complete(therapy_session: TherapySession, *, who: Who) -> None:
    """A signed note records a session that took place: a scheduled one is now completed.

    Flushed before the note is signed, as the lock refuses session changes after that.
    """
    if therapy_session.status != SessionStatus.SCHEDULED:
        return
    therapy_session.status = SessionStatus.COMPLETED
    therapy_session.updated_at = utcnow()
    _flush_or_conflict()
    audit(
        "session-update",
        who=who,
        obj=therapy_session,
        couple_id=therapy_session.couple_id,
        detail="status:completed-on-signing",
    )


def add_addendum(
    note: SessionNote, author: User, *, reason: str, text: str, password: str, who: Who
) -> NoteAddendum:
    if not note.is_signed:
        raise NoteRefused("This note is still a draft: change it directly instead.")
    if not _password_confirms(author, password):
        _audit("addendum-create", note, who=who, outcome="refused", detail="wrong-password")
        raise NoteRefused(NOT_CONFIRMED, wrong_password=True)
    now = utcnow()
    addendum = NoteAddendum(
        note=note, author_id=author.id, reason=reason.strip(), text=text, signed_at=now
    )
    db.session.add(addendum)
    db.session.flush()
    audit("addendum-create", who=who, obj=addendum, couple_id=note.therapy_session.couple_id)
    return addendum
