"""Forms for assigning a worksheet and reviewing responses."""

from __future__ import annotations

from datetime import timedelta

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from ..clock import practice_today
from ..couples.models import Couple
from ..form_checks import plausible_date
from ..library.loader import get_library
from ..web_form import WebForm
from .services import EACH, TOGETHER


def _not_in_the_past(form, field) -> None:
    if field.data and field.data < practice_today():
        raise ValidationError("Choose today or a later date.")


def _a_week_from_today():
    return practice_today() + timedelta(days=7)


class AssignForm(WebForm):
    worksheet = SelectField("Worksheet", validators=[DataRequired("Choose a worksheet.")])
    for_whom = RadioField("Who is it for", default=EACH)
    due_date = DateField(
        "Due date",
        default=_a_week_from_today,
        validators=[
            plausible_date,
            DataRequired("Enter a due date, for example 2026-12-07."),
            _not_in_the_past,
        ],
    )
    instructions = TextAreaField(
        "Instructions for the clients",
        description="Shown above the worksheet. For example what to focus on this week.",
        validators=[Optional(), Length(max=2000)],
    )
    share = BooleanField(
        "Let the partners see each other's answers once both have submitted",
        description="Off by default. Each partner always sees their own answers. "
        "Never offered for a private worksheet.",
    )
    reason = TextAreaField(
        "Why joint work is right for this couple now",
        description="Needed before a together worksheet, or sharing, while the case has not "
        "been screened for safety or a safety flag is open. Kept in the audit trail.",
        validators=[Optional(), Length(max=300)],
    )
    # A worksheet in perspective versions: the version each partner gets (see versions.py),
    # and the worksheet whose versions the counselor has been shown.
    version_1 = SelectField("First partner's version", validate_choice=False)
    version_2 = SelectField("Second partner's version", validate_choice=False)
    versions_seen = HiddenField()


class AcknowledgeForm(WebForm):
    note = TextAreaField(
        "What you did",
        description="For example: called them on their own and made a safety plan.",
        validators=[Optional(), Length(max=300)],
    )


class SharingForm(WebForm):
    share = RadioField(choices={"on": "Share", "off": "Stop sharing"}, default="on")
    reason = TextAreaField(
        "Why sharing is right for this couple now",
        description="Needed while the case has not been screened for safety or a safety flag "
        "is open. Kept in the audit trail.",
        validators=[Optional(), Length(max=300)],
    )


class ExtendForm(WebForm):
    due_date = DateField(
        "New due date",
        validators=[
            DataRequired("Enter the new due date."),
            _not_in_the_past,
            plausible_date,
        ],
    )


class FeedbackForm(WebForm):
    feedback = TextAreaField(
        "Feedback for this partner",
        description="The partner sees this in their portal.",
        validators=[Optional(), Length(max=5000)],
    )
    # Two buttons: "Save feedback" keeps the words; "Mark as reviewed" says the answers were
    # read (and keeps any words written too). Only the second changes the response's status.
    save = SubmitField("Save feedback")
    mark_reviewed = SubmitField("Mark as reviewed")
    # The response's version when the page loaded: a stale tab can't overwrite feedback.
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class ReopenForm(WebForm):
    note = TextAreaField(
        "What to revise",
        validators=[DataRequired("Say what to revise."), Length(max=2000)],
    )


def assign_form_for(couple: Couple, slug: str | None, **kwargs) -> AssignForm:
    """The assign form for this case: the library's worksheets and the couple's partners."""
    library = get_library()
    form = AssignForm(worksheet=slug, **kwargs)
    # A required <select> opens on an empty choice (HTML requires it), not on a worksheet
    # the counselor never picked.
    form.worksheet.choices = {"": "Choose a worksheet"} | {
        ws.slug: ws.title for ws in library.worksheets.values()
    }
    form.for_whom.choices = {
        EACH: "Each partner, separately",
        TOGETHER: "Both partners together (one shared set of answers)",
    } | {str(p.id): f"Only {p.full_name}" for p in couple.partners}
    chosen = library.get(slug) if slug else None
    if not form.is_submitted() and chosen is not None and chosen.audience == "together":
        form.for_whom.data = TOGETHER  # opens on what the worksheet allows, said beside it
    return form
