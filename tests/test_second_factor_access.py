"""Half signed in is not signed in: between a right password and a right code, no
counselor page opens and nothing changes. And who is asked, by setting."""

from __future__ import annotations

import pytest

from practice.config import ConfigError, from_environment

from .conftest import Auth, csrf_token_in, test_settings
from .homework.records import SECRET_ANSWER
from .second_factor_steps import (
    STEP_URL,
    VERIFY_URL,
    app_code,
    enrol,
    next_code_step,
    setup_key,
)
from .test_isolation import SECRET_CONCERN, database_fingerprint, id_values, world  # noqa: F401


@pytest.fixture
def settings(database_url):
    return test_settings(database_url, REQUIRE_MFA=True)


# Pages for people not signed in at all: a partner accepting an invitation or turning
# reminders off from an email, a calendar app fetching a feed (each by its own token).
PUBLIC = {
    "portal.accept_invitation",
    "reminders.turn_off",
    "reminders.turn_off_confirmed",
    "reminders.turn_on",
    "calendar.feed",
}


# The steps of signing in itself, which a half signed-in browser must reach.
SIGN_IN_STEPS = {
    "auth.sign_in",
    "auth.sign_out",
    "auth.second_factor.step",
    "auth.second_factor.enrol",
    "auth.second_factor.verify",
}


def counselor_routes(app):
    """Every route but the sign-in steps and static files."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static" and rule.endpoint not in SIGN_IN_STEPS:
            yield rule


def test_no_counselor_page_opens_half_signed_in(app, world):  # noqa: F811 (the fixture)
    owner = world["owner"]
    setup = Auth(app.test_client())
    secret, _ = enrol(setup, owner)  # a counselor with an app, whose every page works
    setup.sign_out()
    browser = Auth(app.test_client())
    assert browser.sign_in(owner).location == STEP_URL  # the password was right
    values = id_values(world)
    before = database_fingerprint(app)
    walked = 0
    for rule in counselor_routes(app):
        url = rule.build({name: values[name] for name in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = browser.client.open(url, method=method, data={"status": "closed"})
            where = f"{method} {url} gave {response.status_code}"
            if rule.endpoint in PUBLIC and method != "GET":
                pass  # answered as for anyone signed out; checked for clinical text below
            elif method == "GET" and rule.endpoint.startswith("auth."):
                # Account pages (password, two-step, a fresh form token): signed out.
                assert response.status_code in (302, 401), where
                assert response.location in (None, STEP_URL) or (
                    response.location.startswith("/auth/sign-in")
                ), where
            elif method == "GET":
                assert response.status_code == 302 and response.location == STEP_URL, where
            else:
                # Treated as signed out: to sign-in (or its page, carrying the text sent).
                assert response.status_code in (302, 401), where
                assert "/auth/" in (response.location or "/auth/sign-in"), where
            body = response.get_data(as_text=True)
            assert SECRET_CONCERN not in body and SECRET_ANSWER not in body, url
            assert "Jordan" not in body, url
            walked += 1
    assert walked >= 60
    assert database_fingerprint(app) == before
    # The same browser, once the code is given, reaches the case: the walk was not empty.
    with next_code_step():
        assert browser.client.post(VERIFY_URL, data={"code": app_code(secret)}).status_code == 302
        page = browser.client.get(f"/cases/{world['couple'].id}").get_data(as_text=True)
    assert SECRET_CONCERN in page


def test_a_counselor_timed_out_while_writing_keeps_the_text_through_the_code(
    app, counselor, make_couple
):
    browser = Auth(app.test_client())
    secret, _ = enrol(browser, counselor)
    couple = make_couple(counselor)
    # The sign-in page carrying unsaved words, as the app shows it after a timeout.
    with next_code_step():
        carried = {
            "email": counselor.email,
            "password": "correct horse battery",
            "carried_to": f"/cases/{couple.id}/edit",
            "carry-goals": "Words written before the timeout",
        }
        browser.sign_out()
        page = browser.client.post("/auth/sign-in", data=carried).get_data(as_text=True)
        assert "Enter your code" in page and "Words written before the timeout" in page
        assert "That code didn" not in page  # nothing typed yet, nothing wrong
        done = browser.client.post(
            VERIFY_URL,
            data={
                "code": app_code(secret),
                "carried_to": carried["carried_to"],
                "carry-goals": carried["carry-goals"],
            },
        )
    page = done.get_data(as_text=True)
    assert "Nothing was lost" in page and "Words written before the timeout" in page


def test_every_step_works_with_form_tokens_on(app, counselor, make_couple):
    """As in production: each page's CSRF token must be good for the next post, also when
    the code page follows a sign-in that carried unsaved words."""
    app.config["WTF_CSRF_ENABLED"] = True
    couple = make_couple(counselor)
    browser = app.test_client()
    token = csrf_token_in(browser.get("/auth/sign-in"))
    page = browser.post(
        "/auth/sign-in",
        data={
            "csrf_token": token,
            "email": counselor.email,
            "password": "correct horse battery",
            "carried_to": f"/cases/{couple.id}/edit",
            "carry-goals": "Kept through every step",
        },
    )
    text = page.get_data(as_text=True)
    assert "Set up two-step sign-in" in text and "Kept through every step" in text
    done = browser.post(
        "/auth/second-factor/enrol",
        data={
            "csrf_token": csrf_token_in(page),
            "code": app_code(setup_key(text)),
            "carried_to": f"/cases/{couple.id}/edit",
            "carry-goals": "Kept through every step",
        },
    )
    text = done.get_data(as_text=True)
    assert "Save your recovery codes" in text
    assert "send my changes" in text
    assert "Kept through every step" in text
    assert browser.get("/dashboard").status_code == 200


def test_an_enrolled_counselor_is_asked_even_where_it_is_not_required(app, counselor, make_user):
    secret, _ = enrol(Auth(app.test_client()), counselor)
    app.config["REQUIRE_MFA"] = False  # as in development
    not_enrolled = make_user()
    assert Auth(app.test_client()).sign_in(not_enrolled).location == "/dashboard"
    browser = Auth(app.test_client())
    assert browser.sign_in(counselor).location == STEP_URL
    with next_code_step():
        assert browser.client.post(VERIFY_URL, data={"code": app_code(secret)}).location == (
            "/dashboard"
        )


@pytest.mark.parametrize(
    "environment, required",
    [
        ({"TRUSTWORK_ENV": "production"}, True),
        ({"TRUSTWORK_ENV": "development"}, False),
        ({"TRUSTWORK_ENV": "development", "REQUIRE_MFA": "1"}, True),
        ({"TRUSTWORK_ENV": "production", "REQUIRE_MFA": "off"}, False),
    ],
)
def test_required_in_production_by_default(tmp_path, environment, required):
    environ = {"SECRET_KEY": "k" * 40, **environment}
    assert from_environment(tmp_path, environ)["REQUIRE_MFA"] is required


def test_a_mistyped_require_mfa_stops_start_up_with_one_clear_line(tmp_path):
    with pytest.raises(ConfigError, match="REQUIRE_MFA must be 1 or 0"):
        from_environment(tmp_path, {"SECRET_KEY": "k" * 40, "REQUIRE_MFA": "maybe"})
