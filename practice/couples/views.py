"""Case list, create, edit and status; the case page itself is in pages/.

Thin: parse, authorize, call, commit, redirect.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..audit.record import audit_read
from ..audit.who import request_who
from ..carry import keeps_text
from ..extensions import db
from ..form_checks import changed_since_opened
from ..roles import counselor_required
from ..urls import page_number
from ..web_form import CONFLICT, form_status
from .access import couple_for
from .forms import CaseForm, StatusForm
from .models import CaseStatus
from .services import CaseQuery, cases_of, create_case, set_status, update_case

bp = Blueprint("couples", __name__, url_prefix="/cases")

STATUS_MESSAGES = {
    CaseStatus.ACTIVE: "The case is active again.",
    CaseStatus.PAUSED: "The case is paused. Nothing is lost; reactivate it any time.",
    CaseStatus.CLOSED: "The case is closed. Its record is kept and it can be reopened.",
}


def _partners(form: CaseForm) -> list[dict]:
    return [form.partner1.data, form.partner2.data]


def _case_values(form: CaseForm) -> dict:
    return {name: field.data for name, field in form._fields.items()}


@bp.get("/")
@counselor_required
def index():
    query = CaseQuery(
        text=request.args.get("q", "").strip()[:100],
        status=request.args.get("status", ""),
        page=page_number(),
    )
    audit_read("case-list", who=request_who())  # names of clients are clinical data too
    page = cases_of(current_user, query, current_app.config["CASES_PER_PAGE"])
    return render_template("couples/index.html", page=page, query=query, statuses=CaseStatus)


@bp.route("/new", methods=["GET", "POST"])
@counselor_required
@keeps_text
def create():
    form = CaseForm()
    if form.validate_on_submit():
        couple = create_case(current_user, _case_values(form), _partners(form), who=request_who())
        db.session.commit()
        flash(f"Case \u201c{couple.display_name}\u201d created.", "success")
        return redirect(url_for("pages.case", couple_id=couple.id))
    return render_template("couples/form.html", form=form, couple=None), form_status(form)


@bp.route("/<int:couple_id>/edit", methods=["GET", "POST"])
@counselor_required
@keeps_text
def edit(couple_id: int):
    who = request_who()
    couple = couple_for(who, couple_id)
    first, second = couple.partners
    form = CaseForm(obj=couple, partner1=first, partner2=second)
    if request.method == "GET":
        audit_read("case-view", who=who, obj=couple, couple_id=couple.id, detail="edit form")
    if form.validate_on_submit():
        if changed_since_opened(couple, form, "case"):
            return render_template("couples/form.html", form=form, couple=couple), CONFLICT
        changed = update_case(couple, _case_values(form), _partners(form), who=who)
        db.session.commit()
        flash("Changes saved." if changed else "Nothing had changed.", "success")
        return redirect(url_for("pages.case", couple_id=couple.id))
    return render_template("couples/form.html", form=form, couple=couple), form_status(form)


@bp.post("/<int:couple_id>/status")
@counselor_required
def change_status(couple_id: int):
    who = request_who()
    couple = couple_for(who, couple_id)
    form = StatusForm()
    if form.validate_on_submit():
        status = CaseStatus(form.status.data)
        if set_status(couple, status, who=who):
            db.session.commit()
            flash(STATUS_MESSAGES[status], "success")
    else:
        flash("Choose a status for the case.", "error")
    return redirect(url_for("pages.case", couple_id=couple.id))
