"""Sign-in, sign-out and password change."""

from __future__ import annotations

from flask import (
    Blueprint,
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
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from ..audit.record import audit
from ..carry import carried_from
from ..db_types import utcnow
from ..extensions import db, limiter
from ..urls import safe_next
from ..web_form import form_status
from .forms import ChangePasswordForm, SignInForm
from .models import User
from .navigation import home_for
from .passwords import hash_password, verify_password
from .sessions import end_session, end_sessions_of, start_session

bp = Blueprint("auth", __name__, url_prefix="/auth")

SIGN_IN_FAILED = "That email and password don't match an active account. Check both and try again."


def _submitted_account() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


def _sign_in_failed(response) -> bool:
    return bool(g.get("sign_in_failed"))


@bp.route("/sign-in", methods=["GET", "POST"])
# Counted per account, and only failures: the 11th failure in a minute is refused (SECURITY 2).
@limiter.limit(
    lambda: current_app.config["SIGN_IN_LIMIT"],
    key_func=_submitted_account,
    methods=["POST"],
    deduct_when=_sign_in_failed,
)
# A looser cap per address stops one client spraying many accounts.
@limiter.limit("60 per minute", methods=["POST"], deduct_when=_sign_in_failed)
def sign_in():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = SignInForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(db.select(User).filter_by(email=email))
        if verify_password(user.password_hash if user else None, form.password.data) and (
            user.active
        ):
            # A fresh cookie session: nothing from before sign-in survives (SECURITY 4).
            session.clear()
            g.pop("csrf_token", None)  # Flask-WTF caches the old token for this request
            start_session(user)
            login_user(user)
            session.permanent = True
            audit("sign-in", obj=user, actor=user)
            db.session.commit()
            if carried := carried_from(request.form):
                action, fields = carried
                return render_template(
                    "auth/resend.html",
                    action=action,
                    fields=fields,
                    message="Welcome back. The changes you made before you were signed out "
                    "have not been saved yet.",
                    # With JavaScript the words go straight on to the page they came from.
                    autosend=True,
                )
            return redirect(safe_next(request.args.get("next")) or home_for(user))
        g.sign_in_failed = True
        current_app.logger.warning(
            "sign-in failed: account=%s address=%s at=%s",
            email,
            request.remote_addr,
            utcnow().isoformat(),
        )
        audit("sign-in", actor=user, actor_email=email, outcome="failure")
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
        end_session(current_user.session_token)
        audit("sign-out", obj=current_user._get_current_object())
        logout_user()
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
    form = ChangePasswordForm()
    form.account_email = current_user.email
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            g.password_change_failed = True
            audit("password-change", obj=current_user._get_current_object(), outcome="failure")
            db.session.commit()
            form.current_password.errors.append("That is not your current password.")
        else:
            user = current_user._get_current_object()
            user.password_hash = hash_password(form.new_password.data)
            user.password_changed_at = utcnow()
            # Every other browser signed in as this user is signed out (SECURITY 5).
            end_sessions_of(user, except_token=user.session_token)
            audit("password-change", obj=user)
            db.session.commit()
            flash("Your password has been changed. Other devices have been signed out.", "success")
            return redirect(home_for(user))
    return render_template("auth/change_password.html", form=form), form_status(form)
