"""The case form: the couple and both partners in one go."""

from __future__ import annotations

import re

from wtforms import (
    DateField,
    EmailField,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from ..clock import practice_today
from ..form_checks import plausible_date
from ..web_form import WebForm
from .models import SAFETY_SCREENING, SIDES, TRUST_DAMAGE

LONG_TEXT = 5000
PHONE_SHAPE = re.compile(r"^\+?[0-9 ()\-.]{7,25}$")


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def phone_number(form, field) -> None:
    value = (field.data or "").strip()
    if value and (not PHONE_SHAPE.match(value) or sum(c.isdigit() for c in value) < 7):
        raise ValidationError("Enter a phone number using digits, spaces, + ( ) - or dots.")


class PartnerForm(Form):
    # A plain Form: the enclosing WebForm carries the one CSRF token.
    full_name = StringField(
        "Full name",
        validators=[DataRequired("Enter this partner's full name."), Length(max=120)],
    )
    preferred_name = StringField(
        "Preferred name",
        description="What they like to be called, if not their first name.",
        validators=[Optional(), Length(max=60)],
    )
    pronouns = StringField(
        "Pronouns",
        description="For example they/them, she/her, he/him.",
        validators=[
            Optional(),
            Length(max=40),
            Regexp(r"^[\w /,\-']+$", message="Use letters, spaces and slashes only."),
        ],
    )
    email = EmailField(
        "Email",
        description="Needed later to invite them to the client portal.",
        validators=[
            Optional(),
            Email("Enter an email address like name@example.org."),
            Length(max=254),
        ],
    )
    phone = TelField("Phone", validators=[Optional(), Length(max=40), phone_number])
    side = SelectField(
        "Their side of the trust injury",
        description="Gives each partner the version of a worksheet written for their "
        "side. Never shown to the couple.",
        choices=dict(SIDES),
        default="",
    )


class CaseForm(WebForm):
    partner1 = FormField(PartnerForm, label="First partner")
    partner2 = FormField(PartnerForm, label="Second partner")
    display_name = StringField(
        "Case name",
        description="How the case appears in your lists. Leave blank to use both first names.",
        validators=[Optional(), Length(max=120)],
    )
    start_date = DateField(
        "Start date",
        default=practice_today,
        validators=[
            plausible_date,
            DataRequired("Enter the date counseling started (for example 2026-03-01)."),
        ],
    )
    presenting_concerns = TextAreaField(
        "Presenting concerns",
        description="In the couple's words where you can.",
        validators=[Optional(), Length(max=LONG_TEXT)],
    )
    trust_damage = CheckboxListField(
        "What damaged trust",
        description="Choose all that apply.",
        choices=dict(TRUST_DAMAGE),
        validators=[Optional()],
    )
    # No Optional() here: it would stop the chain before validate_trust_damage_other runs.
    trust_damage_other = StringField("Other cause", validators=[Length(max=200)])
    goals = TextAreaField("Goals", validators=[Optional(), Length(max=LONG_TEXT)])
    safety_screening = RadioField(
        "Safety screening",
        choices=dict(SAFETY_SCREENING),
        default="not-screened",
        validators=[DataRequired("Choose the safety screening status.")],
    )
    # The version the form was loaded at: a save from a stale form is refused, not applied.
    version = HiddenField()

    def validate_trust_damage_other(self, field) -> None:
        if "other" in (self.trust_damage.data or []) and not (field.data or "").strip():
            raise ValidationError("Describe the other cause, or untick \u201cOther\u201d.")

    def validate_start_date(self, field) -> None:
        if field.data and field.data > practice_today():
            raise ValidationError("The start date can't be in the future.")


class StatusForm(WebForm):
    status = RadioField(
        "Status",
        choices={"active": "Active", "paused": "Paused", "closed": "Closed"},
        validators=[DataRequired()],
    )
