"""The sign-in limit holds across worker processes when they share Redis (SECURITY.md 2).

Two real server processes stand in for two gunicorn workers: five failures on each make ten
for the account, and the eleventh, on either, is refused. Then gunicorn itself, with four
workers, takes thirty wrong passwords sent at once: at most ten are checked.
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

REDIS = "redis://127.0.0.1:6379/0"
# The production settings (threaded workers), named: gunicorn would otherwise read them only
# when started in the repository's folder.
GUNICORN_CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


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
        return self.post_sign_in(self.sign_in_token(), email, password)

    def sign_in_token(self) -> str:
        page = self.opener.open(f"{self.base}/auth/sign-in", timeout=60).read().decode()
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def post_sign_in(self, token: str, email: str, password: str) -> int:
        body = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
        try:
            return self.opener.open(f"{self.base}/auth/sign-in", body.encode(), timeout=60).status
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
            # Generous: on a busy shared machine importing the app alone can take 20 s.
            self.base = address.get(timeout=120)
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


class Gunicorn:
    """gunicorn with the shipped gunicorn.conf.py, four workers on a port the system picks;
    its address is the one it prints once it is listening."""

    def __init__(self, env: dict):
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        # --preload: the app is built once, then forked, as production would run it.
        command = [gunicorn, "-c", GUNICORN_CONF, "--workers", "4", "--preload"]
        command += ["--bind", "127.0.0.1:0"]
        self.process = subprocess.Popen(
            [*map(str, command), "--no-control-socket", "practice:create_app()"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.printed: list[str] = []
        booted, address = queue.Queue(), queue.Queue()
        self.reader = threading.Thread(target=self._read_log, args=(address, booted), daemon=True)
        self.reader.start()
        try:
            self.base = address.get(timeout=120)
            for _ in range(4):  # every worker up, so the requests really run side by side
                booted.get(timeout=120)
        except queue.Empty:
            self.stop()
            pytest.fail("gunicorn did not start:\n" + "".join(self.printed))

    def _read_log(self, address: queue.Queue, booted: queue.Queue) -> None:
        with self.process.stderr as log:
            for line in log:
                self.printed.append(line)
                if found := re.search(r"Listening at: (http://[\d.:]+)", line):
                    address.put(found.group(1))
                if "Booting worker" in line:
                    booted.put(line)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.reader.join(timeout=10)


def shared_env(database_url: str) -> dict:
    if not redis_answers():
        pytest.fail("Redis is not answering on 127.0.0.1:6379 (.ci/run starts it)")
    return dict(
        os.environ,
        TRUSTWORK_ENV="development",
        SECRET_KEY="shared-by-every-worker",
        DATABASE_URL=database_url,
        RATELIMIT_STORAGE_URI=REDIS,
        RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
    )


@pytest.fixture
def workers(database_url, counselor):
    env = shared_env(database_url)
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


@pytest.fixture
def gunicorn(database_url, counselor):
    server = Gunicorn(shared_env(database_url))
    try:
        yield server.base
    finally:
        server.stop()


def test_thirty_guesses_at_once_get_at_most_ten_password_checks(gunicorn, counselor, runner):
    browsers = [Browser(gunicorn) for _ in range(30)]
    tokens = [browser.sign_in_token() for browser in browsers]
    start = threading.Barrier(30)

    def guess(n: int) -> int:
        start.wait()  # all thirty leave together
        return browsers[n].post_sign_in(tokens[n], counselor.email, "wrong password!")

    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(pool.map(guess, range(30)))
    # 422 is "that password is wrong": a password was checked. 429 is refused unchecked.
    assert statuses.count(422) <= 10, statuses
    assert statuses.count(422) + statuses.count(429) == 30, statuses
    # Four processes wrote audit rows at once, and they still make one unbroken chain.
    verified = runner.invoke(args=["audit", "verify"])
    assert verified.exit_code == 0, verified.output
