"""The second step of signing in: set up an authenticator app, or enter its code.

Nested in the auth blueprint, so its endpoints are ``auth.second_factor.*``. Views parse,
check the attempt limit, call the checks, and commit once.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from ...audit.record import audit
from ...audit.who import Who, request_who
from ...carry import carried_from
from ...db_types import utcnow
from ...extensions import db
from ...roles import role_required
from ..models import User
from ..navigation import home_for
from ..sign_in_steps import finish_sign_in, landing_page, landing_url
from . import recovery_codes, totp
from .attempts import attempt_allowed
from .checks import (
    Verdict,
    check_code,
    confirm_enrolment,
    factor_of,
    replace_recovery_codes,
)
from .forms import AppCodeForm, CodeForm, EnrolForm
from .pending import NEXT_KEY, end_pending, has_pending_mark, pending_sign_in, start_pending

bp = Blueprint("second_factor", __name__, url_prefix="/second-factor")

WRONG_CODE = (
    "That code didn't work. Enter the code your app shows now, or one of your recovery codes."
)
WRONG_ENROL_CODE = (
    "That code didn't match. Check that the app added the account, then enter the code it "
    "shows now."
)
REPLAYED_CODE = "That code has just been used. Wait for your app to show a new one, then enter it."
START_AGAIN = (
    "To keep your records private, a sign-in waits only a few minutes for its code. "
    "Please sign in again."
)


def ask_for_second_factor(user: User, *, who: Who, carried, next_url: str | None):
    """After a right password: the code step, in place of signing in.

    Unsaved words carried through sign-in ride on into this page, so none are lost.
    """
    session.clear()  # nothing from before the password survives, as at a full sign-in
    g.pop("csrf_token", None)  # Flask-WTF caches the old session's token for this request
    enrolling = factor_of(user.id) is None
    start_pending(user, next_url, enrolling=enrolling, address=who.address)
    audit("sign-in-password", who=who.acting_as(user), obj=user, detail="second factor next")
    db.session.commit()
    if carried:
        return enrol() if enrolling else verify()
    return redirect(url_for("auth.second_factor.step"))


@bp.before_app_request
def finish_signing_in_first():
    """A browser half way through signing in that opens a page is taken back to its code."""
    if request.method not in ("GET", "HEAD") or not has_pending_mark():
        return None
    endpoint = request.endpoint or ""
    if endpoint.startswith("auth.") or endpoint == "static" or current_user.is_authenticated:
        return None
    return redirect(url_for("auth.second_factor.step"))


@bp.get("/")
def step():
    pending = pending_sign_in()
    if pending is None:
        return _start_again()
    return redirect(url_for(".verify" if factor_of(pending.user_id) else ".enrol"))


@bp.route("/enrol", methods=["GET", "POST"])
def enrol():
    who = request_who()
    pending = pending_sign_in()
    if pending is None:
        return _start_again()
    user = pending.user
    if factor_of(user.id) is not None:
        return redirect(url_for(".verify"))
    if pending.enrolment_secret is None:  # had an app at the password, reset since
        return _start_again()
    form = EnrolForm(formdata=None) if _arrived_from_sign_in() else EnrolForm()
    carried = carried_from(request.form) if request.method == "POST" else None
    if _code_sent() and form.validate():
        if not attempt_allowed(user.id):
            return _too_many_attempts(user, who)
        codes = confirm_enrolment(pending, form.code.data, who=who)
        if codes:
            next_url = session.get(NEXT_KEY)
            end_pending(pending)
            finish_sign_in(user, who=who, how="a new authenticator app")
            db.session.commit()
            return render_template(
                "auth/recovery_codes.html",
                codes=codes,
                next_url=landing_url(user, next_url),
                carried=carried,
            )
        _refused(user, who)
        form.code.errors.append(WRONG_ENROL_CODE)
    secret = pending.enrolment_secret
    link = totp.setup_link(secret, account=user.email, issuer=current_app.config["PRACTICE_NAME"])
    return render_template(
        "auth/enrol.html",
        form=form,
        qr_code=totp.qr_code_image(link),
        secret=totp.grouped(secret),
        account=user.email,
        carried=carried,
    )


@bp.route("/verify", methods=["GET", "POST"])
def verify():
    who = request_who()
    pending = pending_sign_in()
    if pending is None:
        return _start_again()
    user = pending.user
    factor = factor_of(user.id)
    if factor is None:
        return redirect(url_for(".enrol"))
    form = CodeForm(formdata=None) if _arrived_from_sign_in() else CodeForm()
    carried = carried_from(request.form) if request.method == "POST" else None
    if _code_sent() and form.validate():
        if not attempt_allowed(user.id):
            return _too_many_attempts(user, who)
        verdict = check_code(factor, form.code.data)
        if verdict.accepted:
            next_url = session.get(NEXT_KEY)
            end_pending(pending)
            finish_sign_in(user, who=who, how=str(verdict))
            db.session.commit()
            if verdict is Verdict.RECOVERY_CODE:
                _tell_codes_left(user)
            return landing_page(user, carried=carried, next_url=next_url)
        _refused(user, who, replayed=verdict is Verdict.REPLAYED)
        form.code.errors.append(REPLAYED_CODE if verdict is Verdict.REPLAYED else WRONG_CODE)
    return render_template("auth/verify.html", form=form, carried=carried)


@bp.route("/manage", methods=["GET", "POST"])
@role_required("counselor", "admin")
def manage():
    """How two-step sign-in stands for the signed-in person, and new recovery codes in
    place of the old (after some were used up)."""
    who = request_who()
    user = current_user._get_current_object()
    factor = factor_of(user.id)
    form = AppCodeForm()
    if factor is not None and form.validate_on_submit():
        if not attempt_allowed(user.id):
            return _too_many_attempts(user, who)
        # Only the app: a borrowed, signed-in browser must not mint codes for later.
        verdict = check_code(factor, form.code.data, recovery_code_ok=False)
        if verdict is Verdict.APP_CODE:
            codes = replace_recovery_codes(user, who=who)
            db.session.commit()
            return render_template(
                "auth/recovery_codes.html", codes=codes, next_url=home_for(user), replaced=True
            )
        _refused(user, who, replayed=verdict is Verdict.REPLAYED)
        form.code.errors.append(
            REPLAYED_CODE
            if verdict is Verdict.REPLAYED
            else "That code didn't work. Enter the 6-digit code your app shows now."
        )
    left = recovery_codes.codes_left(user.id) if factor else 0
    return render_template("auth/two_step.html", form=form, factor=factor, codes_left=left)


def _arrived_from_sign_in() -> bool:
    """The sign-in form posted here (carrying unsaved words): no code has been typed yet."""
    return request.endpoint == "auth.sign_in"


def _code_sent() -> bool:
    return request.method == "POST" and not _arrived_from_sign_in()


def _start_again():
    if has_pending_mark():
        end_pending()
        db.session.commit()
        flash(START_AGAIN, "info")
    return redirect(url_for("auth.sign_in"))


def _refused(user: User, who: Who, *, replayed: bool = False) -> None:
    current_app.logger.warning(
        "second factor refused: account=%s address=%s at=%s%s",
        user.email,
        request.remote_addr,
        utcnow().isoformat(),
        " (a code already used)" if replayed else "",
    )
    audit(
        "second-factor",
        who=who.acting_as(user),
        obj=user,
        outcome="failure",
        detail="replayed code" if replayed else None,
    )
    db.session.commit()


def _too_many_attempts(user: User, who: Who):
    current_app.logger.warning(
        "second factor limited: account=%s address=%s at=%s",
        user.email,
        request.remote_addr,
        utcnow().isoformat(),
    )
    audit("second-factor", who=who.acting_as(user), obj=user, outcome="limited")
    db.session.commit()
    page = render_template(
        "errors/error.html",
        code=429,
        title="Too many attempts",
        hint="For your security, codes for this account are paused for a while. Wait a few "
        "minutes and try again. If your phone is lost, your practice admin can help.",
    )
    return page, 429


def _tell_codes_left(user: User) -> None:
    left = recovery_codes.codes_left(user.id)
    reset = "ask your practice admin to reset two-step sign-in"
    if left == 0:
        advice = f"That was your last one: {reset}."
    elif left <= 3:
        advice = f"You have {left} left. If your phone is lost, {reset}."
    else:
        advice = f"You have {left} left; each works once."
    flash(f"You signed in with a recovery code. {advice}", "info")
