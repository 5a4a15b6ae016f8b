"""The base of every form, and the one contract for a submission that is refused.

A refused submission, whether a form post or an autosave, answers the same way:
- 422 (REFUSED): something to fix; nothing was saved; the page (or the JSON) says what,
  beside the field, and keeps everything the person typed.
- 409 (CONFLICT): a newer version was saved first (another tab, another person); nothing was
  saved; the person's text is kept on the page to compare and copy.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import request
from flask_wtf import FlaskForm

REFUSED = HTTPStatus.UNPROCESSABLE_ENTITY.value
CONFLICT = HTTPStatus.CONFLICT.value


class WebForm(FlaskForm):
    """A FlaskForm that ignores JSON bodies and uploaded files.

    Flask-WTF feeds either into a form when one comes; then numbers, lists and files reach
    validators written for text, and the person gets a 500. No page of ours sends them, so a
    post that does is read as the (empty) form it is, and gets the usual field messages.
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            if formdata is None or hasattr(formdata, "getlist"):
                return formdata  # given by the view, as autosave gives its fields
            # Otherwise it is Flask-WTF's marker for "read the request".
            return request.form if form.is_submitted() else None


class ConfirmForm(WebForm):
    """A bare form: its CSRF token is all a confirm-only POST needs."""


def form_status(form: FlaskForm) -> int:
    """The status of a form page: 200 when it is shown, REFUSED when it came back to fix."""
    return REFUSED if form.errors else HTTPStatus.OK.value
