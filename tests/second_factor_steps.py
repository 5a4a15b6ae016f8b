"""Two-step sign-in as a person does it: the setup key read off the page, codes worked out
by a real authenticator (pyotp), recovery codes read off the page they are shown on."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pyotp
import time_machine

from .conftest import Auth

STEP_URL = "/auth/second-factor/"
ENROL_URL = "/auth/second-factor/enrol"
VERIFY_URL = "/auth/second-factor/verify"
MANAGE_URL = "/auth/second-factor/manage"


def setup_key(page: str) -> str:
    match = re.search(r'id="setup-key"[^>]*>([A-Z2-7 ]+)</code>', page)
    assert match, "the enrolment page shows no setup key"
    return match.group(1).replace(" ", "")


def recovery_codes_on(page: str) -> list[str]:
    return re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", page)


def app_code(secret: str) -> str:
    return pyotp.TOTP(secret).now()


@contextmanager
def next_code_step():
    """Half a minute on: the app shows a new code, as it would a sign-in later."""
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=30), tick=True):
        yield


@contextmanager
def minutes_later(minutes: int):
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=minutes), tick=True):
        yield


def enrol(auth: Auth, user) -> tuple[str, list[str]]:
    """Sign in for the first time and set up an authenticator: (secret, recovery codes)."""
    response = auth.sign_in(user)
    assert response.location == STEP_URL, response.location
    page = auth.client.get(STEP_URL, follow_redirects=True).get_data(as_text=True)
    secret = setup_key(page)
    done = auth.client.post(ENROL_URL, data={"code": app_code(secret)})
    assert done.status_code == 200, done.status_code
    codes = recovery_codes_on(done.get_data(as_text=True))
    assert len(codes) == 10
    return secret, codes


def sign_in_with_code(auth: Auth, user, code: str):
    """Password, then the code: the response to the code."""
    assert auth.sign_in(user).location == STEP_URL
    return auth.client.post(VERIFY_URL, data={"code": code})
