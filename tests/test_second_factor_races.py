"""Codes sent at once, as a script would send them: every attempt is counted before it is
checked, and one code signs in one browser once."""

from __future__ import annotations

import threading

import pytest

from .conftest import Auth, test_settings
from .second_factor_steps import STEP_URL, VERIFY_URL, app_code, enrol, next_code_step


@pytest.fixture
def settings(database_url):
    return test_settings(database_url, REQUIRE_MFA=True)


def all_at_once(app, cookie: str, codes: list[str]) -> list[tuple[int, str | None]]:
    """Post each code from its own thread, all released together: (status, location)s."""
    start = threading.Barrier(len(codes))
    results: list[tuple[int, str | None]] = [(0, None)] * len(codes)

    def send(i: int) -> None:
        browser = app.test_client()
        browser.set_cookie("trustwork_session", cookie)
        start.wait()
        response = browser.post(VERIFY_URL, data={"code": codes[i]})
        results[i] = (response.status_code, response.location)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(codes))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def half_signed_in(app, user) -> tuple[str, str]:
    """A counselor with an app, signed in with the password: (secret, the browser's cookie)."""
    auth = Auth(app.test_client())
    secret, _ = enrol(auth, user)
    auth.sign_out()
    assert auth.sign_in(user).location == STEP_URL
    return secret, auth.client.get_cookie("trustwork_session").value


def test_thirty_codes_at_once_are_counted_before_any_is_checked(app, counselor):
    with next_code_step():
        _, cookie = half_signed_in(app, counselor)
        statuses = [status for status, _ in all_at_once(app, cookie, ["000000"] * 30)]
    # One attempt went on setting up the app: nine more are checked, the rest refused.
    assert sorted(statuses) == [200] * 9 + [429] * 21


def test_one_code_sent_twice_at_once_signs_in_once(app, counselor):
    with next_code_step():
        secret, cookie = half_signed_in(app, counselor)
    with next_code_step(), next_code_step():
        results = all_at_once(app, cookie, [app_code(secret)] * 4)
    signed_in = [result for result in results if result == (302, "/dashboard")]
    assert len(signed_in) == 1, results
    # The others were told the code was used, or that this sign-in had already finished.
    assert all(status in (200, 302) for status, _ in results), results
