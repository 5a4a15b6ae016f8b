"""The counselor's note settings. Plain functions: they flush, the view commits."""

from __future__ import annotations

from ..audit.record import audit
from ..audit.who import Who
from ..auth.models import User
from ..db_types import utcnow
from ..extensions import db
from .formats import NOTE_FORMATS
from .models import NotePreference

FALLBACK_FORMAT = "soap"


def default_format(user: User) -> str:
    """The format this counselor's new notes open in (SOAP until they choose)."""
    preference = db.session.get(NotePreference, user.id)
    if preference is None or preference.default_format not in NOTE_FORMATS:
        return FALLBACK_FORMAT
    return preference.default_format


def set_default_format(user: User, format_key: str, *, who: Who) -> bool:
    """Remember the format; returns whether it changed."""
    if format_key not in NOTE_FORMATS:
        raise ValueError(f"unknown note format {format_key!r}")
    preference = db.session.get(NotePreference, user.id)
    if preference is None:
        preference = NotePreference(user_id=user.id, default_format=FALLBACK_FORMAT)
        db.session.add(preference)
    elif preference.default_format == format_key:
        return False
    changed = preference.default_format != format_key or preference.updated_at is None
    preference.default_format = format_key
    preference.updated_at = utcnow()
    db.session.flush()
    audit("note-settings", who=who, detail=f"default-format={format_key}")
    return changed
