"""New clinical work only goes into an open case: a closed record is kept as it was."""

from __future__ import annotations

from flask import flash, redirect, url_for

from .models import Couple

CLOSED_MESSAGE = "This case is closed, so nothing new can be added. Reopen it first."


def closed_case_redirect(couple: Couple):
    """A redirect back to the case with a message when it is closed; None when it is open."""
    if couple.is_open:
        return None
    flash(CLOSED_MESSAGE, "warning")
    return redirect(url_for("pages.case", couple_id=couple.id))
