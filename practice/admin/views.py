from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ..auth.models import User
from ..auth.second_factor.checks import (
    accounts_with_second_factor,
    factor_of,
    reset_second_factor,
)
from ..extensions import db
from ..roles import admin_required
from .forms import NewUserForm, UserForm
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
    if form.validate_on_submit():
        try:
            user = create_account(
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                password=form.new_password.data,
                active=form.active.data,
            )
        except AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Account for {user.name} created.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


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
            )
        except AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash("Account saved." if changed else "Nothing had changed.", "success")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/user_form.html", form=form, user=user, second_factor=factor_of(user.id)
    )


@bp.post("/users/<int:user_id>/second-factor/reset")
@admin_required
def reset_two_step(user_id: int):
    """For a lost phone: forget the account's authenticator and recovery codes."""
    user = _staff_user(user_id)
    if user.id == current_user.id:
        flash("You can't reset your own two-step sign-in. Ask another admin.", "error")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    reset_second_factor(user)
    db.session.commit()
    flash(
        f"Two-step sign-in for {user.name} was reset, and they were signed out. "
        "They set it up again, with their new phone, the next time they sign in.",
        "success",
    )
    return redirect(url_for("admin.edit_user", user_id=user.id))
