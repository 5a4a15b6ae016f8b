"""Forms for sessions, notes, signing and addenda."""

from __future__ import annotations

import re
from datetime import date, time
from functools import cache
from zoneinfo import ZoneInfo

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError
from wtforms.widgets import TimeInput

from ..couples.models import Couple
from ..form_checks import plausible_date
from ..web_form import WebForm
from .formats import NOTE_FORMATS, SECTION_LIMIT, NoteFormat
from .models import KIND_LABELS, MODALITY_LABELS, STATUS_LABELS, SessionKind
from .sessions import to_utc

MAX_MINUTES = 8 * 60
BOTH = "both"
TIME_SHAPE = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")
TIME_MESSAGE = "Enter the time as hours and minutes on a 24-hour clock, like 09:30 or 14:30."
SECTION_MESSAGE = (
    f"This section is over the {SECTION_LIMIT:,} character limit. "
    "Shorten it, or move some of it to another section."
)


def parse_clock(text: str | None) -> time | None:
    """'14:30' as a time; None for anything that is not a real time of day ('25:99')."""
    match = TIME_SHAPE.match(text or "")
    if not match:
        return None
    hour, minute, second = (int(part or 0) for part in match.groups())
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute)


def on_the_clock(day: date, clock: time, zone: ZoneInfo) -> bool:
    """False for a wall time the clocks skip (02:30 on the night they go forward)."""
    return to_utc(day, clock, zone).astimezone(zone).time() == clock


class SessionForm(WebForm):
    day = DateField(
        "Date",
        validators=[
            plausible_date,
            DataRequired("Enter the date of the session, for example 2026-03-14."),
        ],
    )
    start_time = StringField(
        "Start time", widget=TimeInput(), validators=[DataRequired(TIME_MESSAGE)]
    )
    minutes = IntegerField(
        "Length in minutes",
        default=50,
        validators=[
            InputRequired("Enter the length in minutes, for example 50."),
            NumberRange(
                min=1,
                max=MAX_MINUTES,
                message=f"A session lasts from 1 to {MAX_MINUTES} minutes (8 hours).",
            ),
        ],
    )
    kind = RadioField("Kind of session", choices=KIND_LABELS, default=SessionKind.JOINT)
    attended = RadioField("Who attended", default=BOTH)
    modality = RadioField("Where", choices=MODALITY_LABELS, default="in_person")
    status = RadioField("Status", choices=STATUS_LABELS, default="scheduled")
    # The version the form was loaded at: a save from a stale form is refused, not applied.
    version = HiddenField()

    def __init__(self, couple: Couple, zone_name: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.attended.choices = {BOTH: "Both partners"} | {
            str(p.id): f"Only {p.full_name}" for p in couple.partners
        }
        self.start_time.description = f"{zone_name.replace('_', ' ')} time, like 14:30."
        self.zone = ZoneInfo(zone_name)

    def validate_start_time(self, field) -> None:
        clock = parse_clock(field.data)
        if clock is None:
            raise ValidationError(TIME_MESSAGE)
        day = None if self.day.errors else self.day.data
        if day and not on_the_clock(day, clock, self.zone):
            raise ValidationError(
                f"There is no {clock:%H:%M} on {day:%B} {day.day}: "
                "the clocks go forward that night. Choose a time after the change."
            )

    def validate_attended(self, field) -> None:
        if self.kind.data == SessionKind.INDIVIDUAL and field.data == BOTH:
            raise ValidationError("An individual session is with one partner: choose who.")

    @property
    def attended_client_id(self) -> int | None:
        return None if self.attended.data == BOTH else int(self.attended.data)


class NoteFormatForm(WebForm):
    format = RadioField(
        "Note format",
        choices={f.key: f"{f.name} — {f.summary}" for f in NOTE_FORMATS.values()},
        default="soap",
        validators=[DataRequired("Choose a format for the note.")],
    )


class StartNoteForm(WebForm):
    """ "Write the note": a format if one was picked, else the counselor's default."""

    format = RadioField(
        "Note format",
        choices={f.key: f.name for f in NOTE_FORMATS.values()},
        validate_choice=False,  # checked in validate_format: an absent format is allowed
    )

    def validate_format(self, field) -> None:
        if field.data and field.data not in NOTE_FORMATS:
            raise ValidationError("Choose one of the formats listed.")


class NoteSettingsForm(WebForm):
    format = RadioField(
        "Default note format",
        description="New notes open in this format. You can still change a note's format "
        "until you sign it.",
        choices={f.key: f"{f.name} — {f.summary}" for f in NOTE_FORMATS.values()},
        validators=[DataRequired("Choose a format.")],
    )


@cache
def note_form_class(note_format: NoteFormat) -> type[WebForm]:
    """A form with one text area per section of this format, each with its guidance."""
    fields = {
        section.key: TextAreaField(
            section.label,
            description=section.guidance,
            validators=[Length(max=SECTION_LIMIT, message=SECTION_MESSAGE)],
        )
        for section in note_format.sections
    }
    fields["version"] = HiddenField()
    return type(f"{note_format.name.title()}NoteForm", (WebForm,), fields)


class SignForm(WebForm):
    password = PasswordField(
        "Your password",
        description="Signing locks the note for good. Later corrections become addenda.",
        validators=[DataRequired("Enter your password to sign.")],
    )
    version = HiddenField()
    once = HiddenField()  # a one-time token (practice/form_once.py)
    # Shown only for a session that has not started yet: signing it asks first.
    early = BooleanField("Yes, sign the note now, before the session has started")


class AddendumForm(WebForm):
    reason = StringField(
        "Reason for the addendum",
        description="For example: a correction, or information learned after the session.",
        validators=[
            DataRequired("Say briefly why you are adding to the note."),
            Length(max=300),
        ],
    )
    text = TextAreaField(
        "Addendum",
        validators=[
            DataRequired("Write the addendum."),
            Length(max=SECTION_LIMIT, message=SECTION_MESSAGE),
        ],
    )
    password = PasswordField(
        "Your password",
        description="The addendum is signed when you add it and can't be changed afterwards.",
        validators=[DataRequired("Enter your password to sign the addendum.")],
    )
    once = HiddenField()  # a one-time token: a replayed post adds nothing (form_once.py)
