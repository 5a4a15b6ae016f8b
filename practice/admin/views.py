from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from ..audit.queries import AuditFilter, csv_lines, known_actions, page_of
from ..audit.record import audit, audit_read
from ..audit.who import request_who
from ..auth.models import User
from ..auth.second_factor.checks import (
    accounts_with_second_factor,
    factor_of,
    reset_second_factor,
)
from ..clock import practice_today, practice_zone
from ..extensions import db
from ..reminders.models import OutboxMessage
from ..reminders.queries import masked, messages_to_look_at, outbox_counts, send_again
from ..roles import admin_required
from ..web_form import ConfirmForm, form_status
from .forms import AuditFilterForm, NewUserForm, UserForm
from .services import STAFF_ROLES, AccountError, create_account, staff_accounts, update_account

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _staff_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.role not in STAFF_ROLES:
        abort(404)
    return user


@bp.get("/users")
@admin_required
def users():
    return render_template(
        "admin/users.html", users=staff_accounts(), two_step=accounts_with_second_factor()
    )


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_user():
    form = NewUserForm()
    form.account_email = form.email.data or ""
    form.account_name = form.name.data or ""
    if form.validate_on_submit():
        try:
            user = create_account(
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                password=form.new_password.data,
                active=form.active.data,
                who=request_who(),
            )
        except AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Account for {user.name} created.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None), form_status(form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    user = _staff_user(user_id)
    form = UserForm(obj=user)
    if form.validate_on_submit():
        try:
            changed = update_account(
                user,
                acting=current_user,
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                active=form.active.data,
                who=request_who(),
            )
        except AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash("Account saved." if changed else "Nothing had changed.", "success")
            return redirect(url_for("admin.users"))
    page = render_template(
        "admin/user_form.html", form=form, user=user, second_factor=factor_of(user.id)
    )
    return page, form_status(form)


@bp.post("/users/<int:user_id>/second-factor/reset")
@admin_required
def reset_two_step(user_id: int):
    """For a lost phone: forget the account's authenticator and recovery codes."""
    user = _staff_user(user_id)
    if user.id == current_user.id:
        flash("You can't reset your own two-step sign-in. Ask another admin.", "error")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    reset_second_factor(user, who=request_who())
    db.session.commit()
    flash(
        f"Two-step sign-in for {user.name} was reset, and they were signed out. "
        "They set it up again, with their new phone, the next time they sign in.",
        "success",
    )
    return redirect(url_for("admin.edit_user", user_id=user.id))


def _audit_filter() -> tuple[AuditFilterForm, AuditFilter | None]:
    """The filters in the query string; None when one doesn't make sense (the form says why)."""
    form = AuditFilterForm(formdata=request.args)
    form.action.choices = {"": "Any action"} | {action: action for action in known_actions()}
    if not form.validate():
        return form, None
    return form, AuditFilter(
        who=(form.who.data or "").strip(),
        couple_id=form.case.data,
        action=form.action.data or "",
        since=form.since.data,
        until=form.until.data,
    )


@bp.get("/audit")
@admin_required
def audit_events():
    form, chosen = _audit_filter()
    events = None
    if chosen is not None:
        page = request.args.get("page", 1, type=int)
        events = page_of(chosen, practice_zone(), max(1, min(page, 100_000)))
        audit_read("audit-view", who=request_who(), detail=chosen.describe())
    filters = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template("admin/audit.html", form=form, events=events, filters=filters)


@bp.get("/audit.csv")
@admin_required
def audit_export():
    form, chosen = _audit_filter()
    if chosen is None:
        return render_template("admin/audit.html", form=form, events=None, filters={}), 400
    # The export is itself an event, committed (apart) before the first line is sent.
    audit_read("audit-export", who=request_who(), detail=chosen.describe())
    name = f"trustwork-audit-{practice_today().isoformat()}.csv"
    return Response(
        stream_with_context(csv_lines(chosen, practice_zone())),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/outbox")
@admin_required
def outbox():
    return render_template(
        "admin/outbox.html", messages=messages_to_look_at(), counts=outbox_counts(), masked=masked
    )


@bp.post("/outbox/<int:message_id>/send-again")
@admin_required
def send_message_again(message_id: int):
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if send_again(message):
        audit("outbox-send-again", who=request_who(), obj=message)
        db.session.commit()
        flash("The message will be sent on the next run.", "success")
    return redirect(url_for("admin.outbox"))
