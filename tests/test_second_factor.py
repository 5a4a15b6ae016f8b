"""Two-step sign-in (issue 14): counselors and admins add a code from an authenticator app
(TOTP) or a single-use recovery code; clients keep a password alone."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from practice.auth.second_factor.models import RecoveryCode, SecondFactor
from practice.extensions import db
from practice.models import AuditEvent, Role

from .conftest import Auth, test_settings
from .second_factor_steps import (
    ENROL_URL,
    MANAGE_URL,
    STEP_URL,
    VERIFY_URL,
    app_code,
    enrol,
    minutes_later,
    next_code_step,
    recovery_codes_on,
    setup_key,
    sign_in_with_code,
)


@pytest.fixture
def settings(database_url):
    return test_settings(database_url, REQUIRE_MFA=True)


def audit_rows(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).filter_by(action=action)).all()
        db.session.expunge_all()
    return rows


def test_first_sign_in_sets_up_an_authenticator_before_any_page(app, auth, counselor):
    response = auth.sign_in(counselor)
    assert response.location == STEP_URL
    # Not signed in yet: the dashboard sends the browser back to the code step.
    assert auth.client.get("/dashboard").location == STEP_URL
    page = auth.client.get(STEP_URL, follow_redirects=True).get_data(as_text=True)
    assert "Set up two-step sign-in" in page
    assert 'src="data:image/svg+xml' in page  # the QR code, an image the CSP allows
    secret = setup_key(page)
    assert len(secret) == 32

    done = auth.client.post(ENROL_URL, data={"code": app_code(secret)})
    page = done.get_data(as_text=True)
    assert "Save your recovery codes" in page
    codes = recovery_codes_on(page)
    assert len(set(codes)) == 10
    assert "They won't be shown again" in page
    assert "Good to see you, Maya" in auth.client.get("/dashboard").get_data(as_text=True)
    # Only hashes are kept, and the secret is the one the page showed.
    with app.app_context():
        hashes = db.session.scalars(select(RecoveryCode.code_hash)).all()
        assert len(hashes) == 10 and not set(codes) & set(hashes)
        assert all(code.replace("-", "") not in h for code in codes for h in hashes)
        assert db.session.scalar(select(SecondFactor.totp_secret)) == secret
    assert [row.actor_id for row in audit_rows(app, "second-factor-enrol")] == [counselor.id]


def test_the_setup_page_keeps_its_key_when_reloaded(auth, counselor):
    auth.sign_in(counselor)
    first = setup_key(auth.client.get(ENROL_URL).get_data(as_text=True))
    again = setup_key(auth.client.get(ENROL_URL).get_data(as_text=True))
    assert first == again


def test_a_wrong_code_at_setup_is_refused_gently(auth, counselor):
    auth.sign_in(counselor)
    auth.client.get(ENROL_URL)
    response = auth.client.post(ENROL_URL, data={"code": "000000"})
    assert response.status_code == 200
    assert "That code didn&#39;t match" in response.get_data(as_text=True)
    assert auth.client.get("/dashboard").location == STEP_URL


def test_the_next_sign_in_asks_for_a_code_and_a_wrong_one_is_refused(app, auth, counselor):
    secret, _ = enrol(auth, counselor)
    auth.sign_out()
    with next_code_step():
        assert auth.sign_in(counselor).location == STEP_URL
        assert auth.client.get(STEP_URL).location == VERIFY_URL
        wrong = auth.client.post(VERIFY_URL, data={"code": "123456"})
        assert wrong.status_code == 200
        assert "That code didn&#39;t work" in wrong.get_data(as_text=True)
        assert auth.client.get("/cases/").location == STEP_URL
        right = auth.client.post(VERIFY_URL, data={"code": app_code(secret)})
        assert right.location == "/dashboard"
        cases = auth.client.get("/cases/")
    assert cases.status_code == 200, cases.location
    failures = [r for r in audit_rows(app, "second-factor") if r.outcome == "failure"]
    assert len(failures) == 1


def test_a_code_already_used_cannot_be_used_again(auth, counselor):
    secret, _ = enrol(auth, counselor)
    used = app_code(secret)  # the code that just confirmed the app, still on its screen
    auth.sign_out()
    replayed = sign_in_with_code(auth, counselor, used)
    assert replayed.status_code == 200
    assert "That code has just been used" in replayed.get_data(as_text=True)
    assert auth.client.get("/dashboard").location == STEP_URL
    with next_code_step():
        assert auth.client.post(VERIFY_URL, data={"code": app_code(secret)}).location == (
            "/dashboard"
        )


def test_a_recovery_code_works_once(auth, counselor):
    _, codes = enrol(auth, counselor)
    auth.sign_out()
    response = sign_in_with_code(auth, counselor, codes[0])
    assert response.location == "/dashboard"
    page = auth.client.get("/dashboard").get_data(as_text=True)
    assert "You signed in with a recovery code. You have 9 left" in page
    auth.sign_out()

    again = sign_in_with_code(auth, counselor, codes[0])
    assert again.status_code == 200
    assert "That code didn&#39;t work" in again.get_data(as_text=True)
    # Typed as people type them: capitals, spaces, no dash.
    typed = codes[1].upper().replace("-", " ")
    assert auth.client.post(VERIFY_URL, data={"code": typed}).location == "/dashboard"


def test_code_attempts_are_limited_per_account_even_for_the_right_code(
    app, auth, counselor, make_user, caplog
):
    secret, _ = enrol(auth, counselor)  # an attempt too, in its own minute
    auth.sign_out()
    caplog.set_level(logging.WARNING)
    with minutes_later(2):
        assert auth.sign_in(counselor).location == STEP_URL
        for _ in range(10):
            assert auth.client.post(VERIFY_URL, data={"code": "000000"}).status_code == 200
        refused = auth.client.post(VERIFY_URL, data={"code": "000000"})
        assert refused.status_code == 429
        assert "Too many attempts" in refused.get_data(as_text=True)
        # Counted before checking: past the limit even the right code is not looked at.
        assert auth.client.post(VERIFY_URL, data={"code": app_code(secret)}).status_code == 429
        assert auth.client.get("/dashboard").location == STEP_URL
    logged = [r.getMessage() for r in caplog.records if "second factor" in r.getMessage()]
    assert len(logged) == 12 and f"account={counselor.email}" in logged[0]
    limited = [r for r in audit_rows(app, "second-factor") if r.outcome == "limited"]
    assert len(limited) == 2
    # Another counselor is not held up by it.
    other = make_user(Role.COUNSELOR)
    enrol(Auth(app.test_client()), other)


def test_a_partner_is_never_asked_for_a_code(auth, counselor, make_couple, make_client_account):
    partner = make_client_account(make_couple(counselor), 1)
    response = auth.sign_in(partner)
    assert response.location == "/portal/"
    assert auth.client.get("/portal/").status_code == 200


def test_an_admin_is_asked_too(app, make_user):
    admin = make_user(Role.ADMIN)
    browser = Auth(app.test_client())
    assert browser.sign_in(admin).location == STEP_URL
    assert browser.client.get("/admin/users").location == STEP_URL


def test_a_sign_in_left_at_the_code_step_times_out(auth, counselor):
    auth.sign_in(counselor)
    with minutes_later(11):
        response = auth.client.get(ENROL_URL)
        assert response.location == "/auth/sign-in"
        page = auth.client.get("/auth/sign-in").get_data(as_text=True)
    assert "Please sign in again" in page


def test_cancelling_at_the_code_step_signs_out(auth, counselor):
    auth.sign_in(counselor)
    assert auth.client.post("/auth/sign-out").location == "/auth/sign-in"
    assert auth.client.get(ENROL_URL).location == "/auth/sign-in"
    assert auth.client.get("/dashboard").location.startswith("/auth/sign-in")


def test_admin_reset_is_audited_and_the_counselor_sets_up_again(app, counselor, make_user):
    admin = make_user(Role.ADMIN, name="Ada Admin")
    counselor_browser, admin_browser = Auth(app.test_client()), Auth(app.test_client())
    old_secret, _ = enrol(counselor_browser, counselor)
    enrol(admin_browser, admin)

    listing = admin_browser.client.get("/admin/users").get_data(as_text=True)
    assert listing.count("<td>Set up</td>") == 2
    page = admin_browser.client.get(f"/admin/users/{counselor.id}").get_data(as_text=True)
    assert "Two-step sign-in" in page and "Set up on" in page
    response = admin_browser.client.post(f"/admin/users/{counselor.id}/second-factor/reset")
    assert response.location == f"/admin/users/{counselor.id}"
    page = admin_browser.client.get(response.location).get_data(as_text=True)
    assert "was reset" in page and "Not set up yet" in page

    [row] = audit_rows(app, "second-factor-reset")
    assert (row.actor_id, row.object_id, row.outcome) == (admin.id, counselor.id, "success")
    # The lost phone's session ends; the next sign-in sets up a new app.
    assert counselor_browser.client.get("/dashboard").location.startswith("/auth/sign-in")
    assert counselor_browser.sign_in(counselor).location == STEP_URL
    page = counselor_browser.client.get(STEP_URL, follow_redirects=True).get_data(as_text=True)
    assert "Set up two-step sign-in" in page and setup_key(page) != old_secret
    with app.app_context():
        assert db.session.scalar(select(RecoveryCode).filter_by(user_id=counselor.id)) is None


def test_an_admin_cannot_reset_their_own(app, make_user):
    admin = make_user(Role.ADMIN)
    browser = Auth(app.test_client())
    enrol(browser, admin)
    response = browser.client.post(
        f"/admin/users/{admin.id}/second-factor/reset", follow_redirects=True
    )
    assert "You can&#39;t reset your own" in response.get_data(as_text=True)
    assert audit_rows(app, "second-factor-reset") == []


def test_a_cookie_from_the_code_step_is_not_signed_in_afterwards(app, auth, counselor):
    secret, _ = enrol(auth, counselor)
    auth.sign_out()
    with next_code_step():
        auth.sign_in(counselor)
        captured = auth.client.get_cookie("trustwork_session").value
        assert auth.client.post(VERIFY_URL, data={"code": app_code(secret)}).status_code == 302
        other = app.test_client()
        other.set_cookie("trustwork_session", captured)
        assert other.get(STEP_URL).location == "/auth/sign-in"
        assert other.get("/dashboard").location.startswith("/auth/sign-in")


def test_the_only_admin_who_lost_their_phone_is_reset_from_the_command_line(app, runner, make_user):
    admin = make_user(Role.ADMIN, email="solo@example.org")
    enrol(Auth(app.test_client()), admin)
    result = runner.invoke(args=["reset-second-factor", "--email", "SOLO@example.org"])
    assert result.exit_code == 0, result.output
    assert "was reset" in result.output
    [row] = audit_rows(app, "second-factor-reset")
    assert row.object_id == admin.id
    browser = Auth(app.test_client())
    assert browser.sign_in(admin).location == STEP_URL
    assert browser.client.get(STEP_URL).location == ENROL_URL  # a new phone, set up anew
    unknown = runner.invoke(args=["reset-second-factor", "--email", "nobody@example.org"])
    assert unknown.exit_code == 1 and "No counselor or admin account" in unknown.output


def test_new_recovery_codes_need_a_code_from_the_app_and_replace_the_old(app, auth, counselor):
    secret, old_codes = enrol(auth, counselor)
    page = auth.client.get("/dashboard").get_data(as_text=True)
    assert "Two-step sign-in" in page  # in the account menu
    page = auth.client.get(MANAGE_URL).get_data(as_text=True)
    assert "10 of 10 recovery codes left" in page
    # A recovery code can't make more: someone at a borrowed browser could keep them.
    refused = auth.client.post(MANAGE_URL, data={"code": old_codes[0]})
    assert "That code didn&#39;t work" in refused.get_data(as_text=True)
    with next_code_step():
        done = auth.client.post(MANAGE_URL, data={"code": app_code(secret)})
        new_codes = recovery_codes_on(done.get_data(as_text=True))
        assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
        assert "Your old recovery codes no longer work" in done.get_data(as_text=True)
        auth.sign_out()
        assert "That code didn" in sign_in_with_code(auth, counselor, old_codes[1]).text
        assert auth.client.post(VERIFY_URL, data={"code": new_codes[0]}).status_code == 302
    assert [r.actor_id for r in audit_rows(app, "recovery-codes-replace")] == [counselor.id]


def test_a_partner_has_no_two_step_page(auth, counselor, make_couple, make_client_account):
    auth.sign_in(make_client_account(make_couple(counselor), 1))
    assert auth.client.get(MANAGE_URL).status_code == 404
