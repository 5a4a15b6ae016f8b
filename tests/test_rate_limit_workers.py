"""The sign-in limit holds across worker processes when they share Redis (SECURITY.md 2).

Two real server processes stand in for two gunicorn workers: five failures on each make ten
for the account, and the eleventh, on either, is refused.
"""

from __future__ import annotations

import http.cookiejar
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

REDIS = "redis://127.0.0.1:6379/0"


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


class ServerWorker:
    """One `flask run` process on a port the system picks, so no other test can take it
    first; its address is the one it prints once it is listening."""

    def __init__(self, env: dict):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "practice", "run", "--port", "0"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.printed: list[str] = []
        address = queue.Queue()
        self.reader = threading.Thread(target=self._read_log, args=(address,), daemon=True)
        self.reader.start()
        try:
            self.base = address.get(timeout=30)
        except queue.Empty:
            self.stop()
            pytest.fail("a server worker did not start:\n" + "".join(self.printed))

    def _read_log(self, address: queue.Queue) -> None:
        # Read to the end, not just to the address, so the log never fills its pipe.
        with self.process.stderr as log:
            for line in log:
                self.printed.append(line)
                if found := re.search(r"Running on (http://[\d.:]+)", line):
                    address.put(found.group(1))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.reader.join(timeout=10)


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
    started = []
    try:
        for _ in range(2):
            started.append(ServerWorker(env))
        yield [worker.base for worker in started]
    finally:
        for worker in started:
            worker.stop()


def test_the_limit_is_shared_by_every_worker(workers, counselor):
    first, second = (Browser(base) for base in workers)
    for browser in (first, second):
        for _ in range(5):
            assert browser.sign_in(counselor.email, "wrong password!") == 422
    assert first.sign_in(counselor.email, "wrong password!") == 429
    assert second.sign_in(counselor.email, "wrong password!") == 429
