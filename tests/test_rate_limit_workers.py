"""The sign-in limit holds across worker processes when they share Redis (SECURITY.md 2).

Two real server processes stand in for two gunicorn workers: five failures on each make ten
for the account, and the eleventh, on either, is refused.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

REDIS = "redis://127.0.0.1:6379/0"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect(),
        )

    def sign_in(self, email: str, password: str) -> int:
        page = self.opener.open(f"{self.base}/auth/sign-in", timeout=10).read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
        try:
            return self.opener.open(f"{self.base}/auth/sign-in", body.encode(), timeout=10).status
        except urllib.error.HTTPError as error:
            return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def workers(database_url, counselor):
    if not redis_answers():
        pytest.fail("Redis is not answering on 127.0.0.1:6379 (.ci/run starts it)")
    env = dict(
        os.environ,
        TRUSTWORK_ENV="development",
        SECRET_KEY="shared-by-both-workers",
        DATABASE_URL=database_url,
        RATELIMIT_STORAGE_URI=REDIS,
        RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
    )
    processes, bases = [], []
    for _ in range(2):
        port = free_port()
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "practice", "run", "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    for base in bases:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/auth/sign-in", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
    yield bases
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def test_the_limit_is_shared_by_every_worker(workers, counselor):
    first, second = (Browser(base) for base in workers)
    for browser in (first, second):
        for _ in range(5):
            assert browser.sign_in(counselor.email, "wrong password!") == 200
    assert first.sign_in(counselor.email, "wrong password!") == 429
    assert second.sign_in(counselor.email, "wrong password!") == 429
