"""Small checks shared by forms in several domains."""

from __future__ import annotations

from datetime import date

from flask import flash
from wtforms.validators import ValidationError

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def plausible_date(form, field) -> None:
    """Refuse dates no counseling record can have (year 0001, 9999: a typo, or a probe)."""
    if field.data and not EARLIEST <= field.data <= LATEST:
        raise ValidationError("Enter a date between 1900 and 2100.")


def changed_since_opened(record, form, what: str) -> bool:
    """Whether ``record`` was saved after this form was opened (its ``version`` moved on).

    If so, says so and points the form at the current version: the caller shows the form
    again with its text (a 409), so nobody's change is overwritten and nothing is dropped.
    """
    if str(record.version) == (form.version.data or ""):
        return False
    flash(
        f"This {what} was changed elsewhere after you opened this form, so your changes were "
        f"not saved. They are still below: compare them with the {what}, then save again.",
        "warning",
    )
    form.version.data = record.version
    return True
