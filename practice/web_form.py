"""The base of every form: it reads what a browser's form sends, and nothing else."""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm


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
