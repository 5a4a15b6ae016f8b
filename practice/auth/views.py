"""Sign-in, sign-out and password change."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, logout_user
from flask_wtf.csrf import generate_csrf

from ..audit.record import audit, audit_apart
from ..audit.who import Who, request_who
from ..carry import carried_from
from ..db_types import utcnow
from ..extensions import db, limiter
from ..urls import safe_next
from ..web_form import form_status
from .accounts import account_key
from .attempts import give_back, take_place
from .forms import ChangePasswordForm, SignInForm
from .models import User
from .navigation import home_for
from .passwords import hash_password, verify_password
from .second_factor.checks import asks_for_second_factor
from .second_factor.pending import end_pending
from .second_factor.views import ask_for_second_factor
from .second_factor.views import bp as second_factor_bp
from .sessions import end_session, end_sessions_of
from .sign_in_steps import finish_sign_in, landing_page

bp = Blueprint("auth", __name__, url_prefix="/auth")
# Two-step sign-in's pages live under /auth/second-factor/ (endpoints auth.second_factor.*).
bp.register_blueprint(second_factor_bp)

SIGN_IN_FAILED = "That email and password don't match an active account. Check both and try again."


def _refuse_too_many(email: str, user: User | None, who: Who):
    """The 11th attempt in a minute: logged and audited like a failure, then a 429."""
    current_app.logger.warning(
        "sign-in refused, too many attempts: account=%s address=%s at=%s",
        email,
        request.remote_addr,
        utcnow().isoformat(),
    )
    db.session.rollback()
    audit_apart("sign-in", who=who.acting_as(user, email=email), outcome="limited")
    abort(429)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = SignInForm()
    if form.validate_on_submit():
        who = request_who()
        email = account_key(form.email.data)
        user = db.session.scalar(db.select(User).filter_by(email=email))
        # Counted before the password is checked, per account and per address: the 11th
        # failure in a minute is refused, however many arrive at once (SECURITY 2).
        place = take_place(email, request.remote_addr)
        if place is None:
            _refuse_too_many(email, user, who)
        if verify_password(user.password_hash if user else None, form.password.data) and (
            user.active
        ):
            give_back(place)  # only failures use up the limit
            carried = carried_from(request.form)
            next_url = safe_next(request.args.get("next"))
            if asks_for_second_factor(user):
                return ask_for_second_factor(user, who=who, carried=carried, next_url=next_url)
            finish_sign_in(user, who=who)
            db.session.commit()
            return landing_page(user, carried=carried, next_url=next_url)
        current_app.logger.warning(
            "sign-in failed: account=%s address=%s at=%s",
            email,
            request.remote_addr,
            utcnow().isoformat(),
        )
        audit("sign-in", who=who.acting_as(user, email=email), outcome="failure")
        db.session.commit()
        form.password.errors.append(SIGN_IN_FAILED)
    carried = carried_from(request.form) if request.method == "POST" else None
    return render_template(
        "auth/sign_in.html",
        form=form,
        carry_action=carried[0] if carried else None,
        carry_fields=carried[1] if carried else (),
    ), form_status(form)


@bp.get("/csrf-token")
@login_required
def csrf_token():
    """A fresh token for a page whose own expired (the autosave script asks for it)."""
    return jsonify(csrf_token=generate_csrf())


@bp.post("/sign-out")
def sign_out():
    if current_user.is_authenticated:
        who = request_who()
        end_session(current_user.session_token)
        audit("sign-out", who=who, obj=current_user._get_current_object())
        logout_user()
    end_pending()  # a sign-in given up half way, at its code
    db.session.commit()
    session.clear()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.sign_in"))


def _password_change_failed(response) -> bool:
    return bool(g.get("password_change_failed"))


def _signed_in_account() -> str:
    return f"password-change:{current_user.get_id()}"


@bp.route("/password", methods=["GET", "POST"])
@login_required
# Guessing the current password from a borrowed, signed-in browser is limited like sign-in.
@limiter.limit(
    lambda: current_app.config["SIGN_IN_LIMIT"],
    key_func=_signed_in_account,
    methods=["POST"],
    deduct_when=_password_change_failed,
)
def change_password():
    who = request_who()
    form = ChangePasswordForm()
    form.account_email = current_user.email
    form.account_name = current_user.name
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            g.password_change_failed = True
            audit(
                "password-change",
                who=who,
                obj=current_user._get_current_object(),
                outcome="failure",
            )
            db.session.commit()
            form.current_password.errors.append("That is not your current password.")
        elif form.new_password.data == form.current_password.data:
            form.new_password.errors.append(
                "That is your current password. Choose a new one to change it."
            )
        else:
            user = current_user._get_current_object()
            user.password_hash = hash_password(form.new_password.data)
            user.password_changed_at = utcnow()
            # Every other browser signed in as this user is signed out (SECURITY 5).
            end_sessions_of(user, except_token=user.session_token)
            audit("password-change", who=who, obj=user)
            db.session.commit()
            flash("Your password has been changed. Other devices have been signed out.", "success")
            return redirect(home_for(user))
    return render_template("auth/change_password.html", form=form), form_status(form)
