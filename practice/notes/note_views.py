"""Write, autosave, sign and add to a session's note.

Every route that could change a note asks drafting.py, which refuses a signed note; the
model-level lock (lock.py) stands behind it.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from .. import autosave
from ..assignments.forms import assign_form_for
from ..assignments.queries import given_privately, in_the_packet, open_assignments
from ..audit.record import audit_apart, audit_read
from ..audit.who import Who, request_who
from ..carry import keeps_text
from ..clock import format_time, practice_zone
from ..extensions import db, limiter
from ..form_once import Spending, issue, spend
from ..roles import counselor_required
from ..web_form import CONFLICT, REFUSED, form_status
from .access import session_for
from .blueprint import bp
from .drafting import (
    NoteRefused,
    add_addendum,
    change_format,
    not_started,
    save_sections,
    sign_note,
    start_note,
)
from .formats import NOTE_FORMATS
from .forms import AddendumForm, NoteFormatForm, SignForm, StartNoteForm, note_form_class
from .models import SessionNote
from .preferences import default_format
from .session_homework import homework_of_session

SIGNING_ATTEMPTS = "10 per minute"
# The audit action of each one-time form, as drafting.py writes it.
ONCE_ACTIONS = {"addendum": "addendum-create", "sign": "note-sign"}
SENT_TWICE = {
    "addendum": "This addendum had already been added (the form was sent twice). It is in the "
    "note once.",
    "sign": "This note had already been signed (the form was sent twice).",
}
EARLY_MESSAGE = (
    "This session has not started yet. Tick the box to sign the note anyway; signing marks "
    "the session as completed."
)
FORM_EXPIRED = (
    "This form had expired, so nothing was signed. Your text is still here: check it, "
    "enter your password and send it again."
)


def _signer_key() -> str:
    return f"note-signer:{getattr(current_user, 'id', None)}"


def _password_refused(response) -> bool:
    return bool(g.get("password_refused"))


# Counted per counselor and only on refusals: a stolen session can't guess the password here.
password_limited = limiter.limit(
    SIGNING_ATTEMPTS, key_func=_signer_key, methods=["POST"], deduct_when=_password_refused
)


def _version(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _refused(note: SessionNote, refusal: NoteRefused, who: Who, action: str = "note-save") -> None:
    """Undo the attempt, but keep a record that it was refused (and why, without text)."""
    db.session.rollback()
    reason = "signed" if note.is_signed else "stale-version" if refusal.conflict else "refused"
    audit_apart(
        action,
        who=who,
        obj=note,
        couple_id=note.therapy_session.couple_id,
        outcome="refused",
        detail=reason,
    )


def _keep_only_a_refused_password(refusal: NoteRefused) -> None:
    """A wrong password wrote its audit row and nothing else: commit it. Any other refusal
    (a conflict, an empty note) keeps nothing, half-made rows included."""
    if refusal.wrong_password:
        db.session.commit()
    else:
        db.session.rollback()


def _note_of(who: Who, session_id: int) -> SessionNote:
    note = session_for(who, session_id).note
    if note is None:
        abort(404)
    return note


def _page(note_session, status: int = 200, **forms):
    """The note page: the start form, the draft editor, or the signed note with addenda."""
    note = note_session.note
    default = default_format(current_user)
    context = {
        "session": note_session,
        "note": note,
        "homework": homework_of_session(note_session, practice_zone()),
        "format_form": forms.get("format_form")
        or NoteFormatForm(formdata=None, format=note.format if note else default),
        "default_format": NOTE_FORMATS[default],
        "packet": [],
        "given_privately": [],
        "note_formats": NOTE_FORMATS.values(),
    }
    if note is not None and not note.is_signed:
        data = {**note.sections, "version": note.version}
        context["form"] = forms.get("form") or note_form_class(note.note_format)(
            formdata=None, data=data
        )
    if note is not None and note.is_signed and note_session.couple.is_open:
        context["assign_form"] = assign_form_for(note_session.couple, None, formdata=None)
    if note is not None and note.is_signed:
        homework = open_assignments(note_session.couple)
        context["packet"] = in_the_packet(homework)
        context["given_privately"] = given_privately(homework)
        addendum_form = forms.get("addendum_form") or AddendumForm(formdata=None)
        context["addendum_form"] = _with_token(addendum_form, "addendum", note)
    return render_template("notes/note.html", **context), status


def _with_token(form, purpose: str, note: SessionNote):
    """The form with a one-time token: the one it was sent with, or a new one."""
    if not form.once.data:
        form.once.data = issue(f"{purpose}:{note.id}", current_user.id)
    return form


def _spent_once(form, purpose: str, note: SessionNote, who: Who) -> bool:
    """Spend the form's token with the change; False (and the change undone) when the
    form was sent before, or its token is missing or too old."""
    spending = spend(form.once.data, f"{purpose}:{note.id}", current_user.id)
    if spending is Spending.SPENT:
        return True
    db.session.rollback()
    audit_apart(
        ONCE_ACTIONS[purpose],
        who=who,
        obj=note,
        couple_id=note.therapy_session.couple_id,
        outcome="refused",
        detail="sent-twice" if spending is Spending.ALREADY else "form-expired",
    )
    if spending is Spending.ALREADY:
        flash(SENT_TWICE[purpose], "info")
    else:
        flash(FORM_EXPIRED, "warning")
        form.once.data = None  # the page gets a fresh token
    return False


@bp.get("/sessions/<int:session_id>/note")
@counselor_required
def note(session_id: int):
    who = request_who()
    note_session = session_for(who, session_id)
    if note_session.note is not None:
        audit_read("note-view", who=who, obj=note_session.note, couple_id=note_session.couple_id)
    return _page(note_session)


@bp.post("/sessions/<int:session_id>/note")
@counselor_required
def start(session_id: int):
    who = request_who()
    note_session = session_for(who, session_id)
    form = StartNoteForm()
    if not form.validate_on_submit():
        return _page(note_session, REFUSED)
    start_note(
        note_session, current_user, form.format.data or default_format(current_user), who=who
    )
    db.session.commit()
    return redirect(url_for("notes.note", session_id=session_id))


@bp.post("/sessions/<int:session_id>/note/draft")
@counselor_required
@keeps_text
def save_draft(session_id: int):
    """Autosave (JSON, see practice/autosave.py) and the no-JS "Save draft" button."""
    who = request_who()
    note = _note_of(who, session_id)
    if autosave.is_autosave(request):
        return _autosave(note, who)
    form = note_form_class(note.note_format)()
    if not form.validate_on_submit():
        return _page(note.therapy_session, REFUSED, form=form)
    submitted = {key: form[key].data for key in note.note_format.keys if key in request.form}
    try:
        save_sections(note, submitted, _version(form.version.data), who=who)
    except NoteRefused as refusal:
        _refused(note, refusal, who)
        flash(refusal.message, "warning")
        if note.is_signed:  # keep their words: offer them as the start of an addendum
            kept = "\n\n".join(text for text in submitted.values() if text.strip())
            addendum = AddendumForm(formdata=None, data={"text": kept})
            return _page(note.therapy_session, CONFLICT, addendum_form=addendum)
        form.version.data = note.version
        return _page(note.therapy_session, CONFLICT, form=form)
    db.session.commit()
    if request.form.get("next_step") == "sign":
        return redirect(url_for("notes.sign", session_id=session_id))
    flash(f"Draft saved at {format_time(note.updated_at)}.", "success")
    return redirect(url_for("notes.note", session_id=session_id))


def _autosave(note: SessionNote, who: Who):
    try:
        payload = autosave.parse_payload(request)
    except autosave.BadPayload as error:
        return {"error": str(error)}, 400
    form = note_form_class(note.note_format)(formdata=payload.fields, meta={"csrf": False})
    if not form.validate():
        return autosave.invalid({key: errors[0] for key, errors in form.errors.items()})
    submitted = {key: form[key].data for key in note.note_format.keys if key in payload.fields}
    try:
        save_sections(note, submitted, payload.version, who=who)
    except NoteRefused as refusal:
        _refused(note, refusal, who)
        return autosave.conflict(refusal.message)
    db.session.commit()
    return autosave.saved(note.version, format_time(note.updated_at))


@bp.post("/sessions/<int:session_id>/note/format")
@counselor_required
def switch_format(session_id: int):
    who = request_who()
    note = _note_of(who, session_id)
    form = NoteFormatForm()
    if not form.validate_on_submit():
        return _page(note.therapy_session, REFUSED, format_form=form)
    try:
        changed = change_format(note, form.format.data, who=who)
    except NoteRefused as refusal:
        _refused(note, refusal, who, "note-format")
        flash(refusal.message, "warning")
        return _page(note.therapy_session, CONFLICT)
    db.session.commit()
    if changed:
        flash(f"The note is now in {note.note_format.name} format. No text was lost.", "success")
    return redirect(url_for("notes.note", session_id=session_id))


@bp.route("/sessions/<int:session_id>/note/sign", methods=["GET", "POST"])
@password_limited
@counselor_required
def sign(session_id: int):
    who = request_who()
    note = _note_of(who, session_id)
    if note.is_signed:
        flash("This note is already signed. Add an addendum for anything new.", "info")
        status = CONFLICT if request.method == "POST" else 200
        audit_read("note-view", who=who, obj=note, couple_id=note.therapy_session.couple_id)
        return _page(note.therapy_session, status)
    form = SignForm(data={"version": note.version})
    refused = None  # a refusal the form's fields can't show: a conflict, an empty note
    early = not_started(note.therapy_session)
    valid = form.validate_on_submit()
    if valid and early and not form.early.data:
        form.early.errors.append(EARLY_MESSAGE)  # asked first; nothing signed
    elif valid:
        try:
            sign_note(note, current_user, form.password.data, _version(form.version.data), who=who)
            if not _spent_once(form, "sign", note, who):
                return redirect(url_for("notes.sign", session_id=session_id))
        except NoteRefused as refusal:
            g.password_refused = refusal.wrong_password
            _keep_only_a_refused_password(refusal)
            if refusal.wrong_password:
                form.password.errors.append(refusal.message)
            else:
                flash(refusal.message, "warning")
                form.version.data = note.version
                refused = CONFLICT if refusal.conflict else REFUSED
        else:
            db.session.commit()
            flash("Note signed. It is now locked; add an addendum for any later change.", "success")
            return redirect(url_for("notes.note", session_id=session_id))
    audit_read(
        "note-view",
        who=who,
        obj=note,
        couple_id=note.therapy_session.couple_id,
        detail="sign-review",
    )
    form = _with_token(form, "sign", note)
    return render_template(
        "notes/sign.html", note=note, session=note.therapy_session, form=form, early=early
    ), refused or form_status(form)


@bp.post("/sessions/<int:session_id>/note/addenda")
@password_limited
@counselor_required
@keeps_text
def addendum(session_id: int):
    who = request_who()
    note = _note_of(who, session_id)
    form = AddendumForm()
    if not form.validate_on_submit():
        return _page(note.therapy_session, REFUSED, addendum_form=form)
    try:
        add_addendum(
            note,
            current_user,
            reason=form.reason.data,
            text=form.text.data,
            password=form.password.data,
            who=who,
        )
    except NoteRefused as refusal:
        g.password_refused = refusal.wrong_password
        _keep_only_a_refused_password(refusal)
        if not refusal.wrong_password:
            flash(refusal.message, "warning")
            return _page(note.therapy_session, CONFLICT)
        form.password.errors.append(refusal.message)
        return _page(note.therapy_session, REFUSED, addendum_form=form)
    if not _spent_once(form, "addendum", note, who):
        if form.once.data:  # sent twice (an expired token was cleared): added the first time
            return redirect(url_for("notes.note", session_id=session_id))
        return _page(note.therapy_session, REFUSED, addendum_form=form)
    db.session.commit()
    flash("Addendum signed and added to the note.", "success")
    return redirect(url_for("notes.note", session_id=session_id))
