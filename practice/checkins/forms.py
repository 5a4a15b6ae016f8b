"""Forms for answering the trust check-in and for requesting it."""

from __future__ import annotations

from functools import cache

from wtforms import IntegerField, RadioField
from wtforms.validators import InputRequired, ValidationError

from ..couples.models import Couple
from ..web_form import WebForm
from .measure import SCALE_MAX, SCALE_MIN, trust_measure
from .services import MAX_EVERY_DAYS

SCORE_CHOICES = {value: str(value) for value in range(SCALE_MIN, SCALE_MAX + 1)}
SCORE_MESSAGE = f"Choose a number from {SCALE_MIN} to {SCALE_MAX}."


class ScoreField(RadioField):
    """A 0-10 choice whose every kind of wrong answer gets the same plain message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None

    def pre_validate(self, form):
        if self.data not in SCORE_CHOICES:
            raise ValidationError(SCORE_MESSAGE)


@cache
def checkin_form_class() -> type[WebForm]:
    """One 0-10 choice per item of the measure, named by the item's id."""
    measure = trust_measure()
    fields = {
        item.id: ScoreField(
            item.text, choices=SCORE_CHOICES, coerce=int, validators=[InputRequired(SCORE_MESSAGE)]
        )
        for item in measure.items
    }
    return type("CheckInForm", (WebForm,), fields)


def checkin_form(**kwargs) -> WebForm:
    return checkin_form_class()(**kwargs)


def scores_from(form: WebForm) -> dict[str, int]:
    return {item_id: form[item_id].data for item_id in trust_measure().item_ids}


@cache
def counselor_form_class() -> type[WebForm]:
    """The same items, plus which partner the counselor is entering answers for in session."""

    class CounselorCheckInForm(checkin_form_class()):
        partner = RadioField(
            "Whose check-in is this?",
            coerce=int,
            validators=[InputRequired("Choose the partner who is answering.")],
        )

        def __init__(self, couple: Couple, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.partner.choices = {p.id: p.full_name for p in couple.partners}

    return CounselorCheckInForm


class BlankableIntegerField(IntegerField):
    """A whole number where blank means "not given" (checked by the form, not refused here)."""

    def process_formdata(self, valuelist):
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        super().process_formdata(valuelist)


class RequestForm(WebForm):
    repeat = RadioField(
        "How often",
        choices={"once": "Once", "every": "Again and again, every few days"},
        default="every",
        validators=[InputRequired("Choose once or repeating.")],
    )
    every_days = BlankableIntegerField(
        "Every how many days",
        description=f"From 1 to {MAX_EVERY_DAYS}. Weekly (7) suits most couples.",
        default=7,
    )

    def validate_every_days(self, field) -> None:
        if self.repeat.data != "every":
            return
        if field.data is None or not 1 <= field.data <= MAX_EVERY_DAYS:
            raise ValidationError(f"Enter a number of days from 1 to {MAX_EVERY_DAYS}.")

    @property
    def cadence_days(self) -> int | None:
        return self.every_days.data if self.repeat.data == "every" else None
