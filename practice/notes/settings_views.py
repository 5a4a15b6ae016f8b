"""The counselor's note settings: the format new notes open in."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ..audit.who import request_who
from ..extensions import db
from ..roles import counselor_required
from ..web_form import form_status
from .blueprint import bp
from .formats import NOTE_FORMATS
from .forms import NoteSettingsForm
from .preferences import default_format, set_default_format


@bp.route("/settings/notes", methods=["GET", "POST"])
@counselor_required
def settings():
    form = NoteSettingsForm(format=default_format(current_user))
    if form.validate_on_submit():
        set_default_format(current_user, form.format.data, who=request_who())
        db.session.commit()
        chosen = NOTE_FORMATS[form.format.data].name
        flash(f"New notes now open in {chosen} format.", "success")
        return redirect(url_for("notes.settings"))
    page = render_template("notes/settings.html", form=form, note_formats=NOTE_FORMATS.values())
    return page, form_status(form)
