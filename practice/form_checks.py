"""Small validators shared by forms in several domains."""

from __future__ import annotations

from datetime import date

from wtforms.validators import ValidationError

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)


def plausible_date(form, field) -> None:
    """Refuse dates no counseling record can have (year 0001, 9999: a typo, or a probe)."""
    if field.data and not EARLIEST <= field.data <= LATEST:
        raise ValidationError("Enter a date between 1900 and 2100.")
