"""A light page's p99 while 10 PDF exports are being prepared, against its idle p99.

Run: .venv/bin/python bench/pdf_jobs.py [--rounds 3] [--idle 150] [--compare-inline]
         [--export record|packet]
Not part of pytest. Needs PostgreSQL on 127.0.0.1:5432 (or --server URL) and Redis.

It builds a throwaway database with the demo practice, then serves it the production way:
gunicorn with gunicorn.conf.py (threaded workers) and `flask --app practice worker` with
PDF_JOBS=rq (the worker runs at nice 10, one job at a time). Signed in as a counselor over
HTTP, it times the light page (a case page) alone, then again while 10 chart exports
(record.pdf) are queued and each one's waiting page polls its status every second, as ten
open tabs would, until every PDF is downloaded. The goal (issue 18): the busy p99 within 3x
the idle p99. `--compare-inline` runs the same load with PDF_JOBS=inline (the PDF made in
the request, as before the queue) for comparison. `--export packet` asks for homework packets
instead (of the cases with open homework): each is made by render processes at nice 10, two
at a time, so this shows whether they leave the web its share. Exits 1 if the goal fails.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PASSWORD = "pdf-jobs-bench-password-7"  # noqa: S105  (the demo in a throwaway database)
COUNSELOR = "maya.okafor@example.org"
EXPORTS, GOAL = 10, 3.0
WORKER_LOG = Path(tempfile.gettempdir()) / "pdf-jobs-bench-worker.log"  # what the worker said


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def get(self, path: str) -> tuple[int, bytes, dict]:
        try:
            with self.opener.open(self.base + path, timeout=120) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def sign_in(self, email: str, password: str) -> None:
        _, page, _ = self.get("/auth/sign-in")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"email": email, "password": password, "csrf_token": token.decode()}
        ).encode()
        try:
            self.opener.open(self.base + "/auth/sign-in", body, timeout=60)
        except urllib.error.HTTPError as error:
            assert error.code == 302, f"sign-in gave {error.code}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/auth/sign-in", timeout=2).read()  # noqa: S310
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer at {base}")


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def time_light_page(browser: Browser, path: str, stop) -> list[float]:
    times = []
    while not stop():
        start = time.perf_counter()
        status, _, _ = browser.get(path)
        times.append(time.perf_counter() - start)
        assert status == 200, f"{path}: {status}"
    return times


def export_and_download(browser: Browser, path: str, done: list) -> None:
    """One tab: ask for the export, poll its waiting page's status, download the PDF."""
    status, body, headers = browser.get(path)
    if status == 200:  # made in the request (inline)
        assert body[:4] == b"%PDF", "not a PDF"
        done.append(time.perf_counter())
        return
    assert status == 303, f"{path}: {status}"
    job = headers["Location"].rsplit("/", 1)[1]
    while True:
        time.sleep(1.0)
        _, state, _ = browser.get(f"/pdf-jobs/{job}/status")
        if b'"finished"' in state:
            break
        assert b'"queued"' in state or b'"started"' in state, state
    status, body, _ = browser.get(f"/pdf-jobs/{job}/download")
    assert status == 200 and body[:4] == b"%PDF", f"download {status}"
    done.append(time.perf_counter())


def busy_round(browser: Browser, light: str, exports: list[str]) -> tuple[list[float], float]:
    done: list[float] = []
    start = time.perf_counter()
    tabs = [
        threading.Thread(target=export_and_download, args=(browser, path, done)) for path in exports
    ]
    for tab in tabs:
        tab.start()
    times = time_light_page(browser, light, lambda: len(done) == len(exports))
    for tab in tabs:
        tab.join()
    return times, max(done) - start


def serve(env: dict, port: int, with_worker: bool) -> list[subprocess.Popen]:
    gunicorn = subprocess.Popen(  # noqa: S603  (our own commands)
        [str(BIN / "gunicorn"), "-c", str(REPO / "gunicorn.conf.py"), "--bind",
         f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "practice:create_app()"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    processes = [gunicorn]
    if with_worker:
        worker = subprocess.Popen(  # noqa: S603
            [str(BIN / "flask"), "--app", "practice", "worker", "--nice", "10"],
            cwd=REPO, env=env, stdout=WORKER_LOG.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        processes.append(worker)
    return processes


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def measure(env: dict, label: str, rounds: int, idle_requests: int, case_ids, export: str) -> float:
    port = free_port()
    processes = serve(env, port, with_worker=env["PDF_JOBS"] == "rq")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        browser = Browser(base)
        browser.sign_in(COUNSELOR, PASSWORD)
        light = f"/cases/{case_ids[0]}"
        for _ in range(20):  # warm every worker's caches
            browser.get(light)
        # Idle and busy turn about, so load from elsewhere on the machine weighs on both.
        idle, busy, made = [], [], []
        exports = [
            f"/handouts/cases/{case_ids[i % len(case_ids)]}/{export}.pdf" for i in range(EXPORTS)
        ]
        for _ in range(rounds):
            count = iter(range(idle_requests))
            idle += time_light_page(browser, light, lambda count=count: next(count, None) is None)
            times, seconds = busy_round(browser, light, exports)
            busy += times
            made.append(seconds)
    finally:
        stop(processes)
    ratio = p(busy, 0.99) / p(idle, 0.99)
    print(f"\n{label}: light page {light}")
    print(
        f"  idle: {len(idle)} requests, "
        f"p50 {p(idle, 0.5) * 1000:.0f} ms, p99 {p(idle, 0.99) * 1000:.0f} ms"
    )
    print(
        f"  while {EXPORTS} {export} exports are prepared: {len(busy)} requests, "
        f"p50 {p(busy, 0.5) * 1000:.0f} ms, p99 {p(busy, 0.99) * 1000:.0f} ms"
    )
    print(
        f"  {EXPORTS} PDFs made and downloaded in {statistics.median(made):.1f} s "
        f"(median of {rounds} rounds)"
    )
    print(f"  p99 busy / idle: {ratio:.2f}x (goal {GOAL:g}x or less)")  # fmt: skip
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--idle", type=int, default=150, help="idle requests per round")
    parser.add_argument("--compare-inline", action="store_true")
    parser.add_argument("--export", choices=("record", "packet"), default="record")
    args = parser.parse_args()

    name = f"bench_pdf_jobs_{secrets.token_hex(4)}"
    admin = sa.create_engine(args.server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(args.server).set(database=name).render_as_string(hide_password=False)
    prefix = f"bench-{secrets.token_hex(4)}"
    env = {
        **os.environ,
        # Development only for plain-HTTP cookies and sign-in without an authenticator app;
        # everything else as in production: PostgreSQL, Redis, gunicorn, the rq worker.
        "TRUSTWORK_ENV": "development",
        "REQUIRE_MFA": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": url,
        "REDIS_URL": args.redis,
        "RATELIMIT_STORAGE_URI": args.redis,
        "RATELIMIT_KEY_PREFIX": prefix,
        "PDF_JOBS": "rq",
    }
    try:
        flask = [str(BIN / "flask"), "--app", "practice"]
        for command in (["db", "upgrade"], ["demo", "--password", PASSWORD]):
            subprocess.run(  # noqa: S603  (our own commands)
                [*flask, *command], cwd=REPO, env=env, check=True, capture_output=True
            )
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            case_ids = conn.execute(
                sa.text("SELECT c.id FROM couples c JOIN users u ON u.id = c.counselor_id "
                        "WHERE u.email = :email ORDER BY c.id"), {"email": COUNSELOR}
            ).scalars().all()  # fmt: skip
            if args.export == "packet":  # a packet needs homework still to do
                case_ids = conn.execute(
                    sa.text("SELECT DISTINCT a.couple_id FROM assignments a JOIN responses r "
                            "ON r.assignment_id = a.id WHERE a.cancelled_at IS NULL AND "
                            "r.status IN ('not_started', 'draft') AND a.couple_id IN :ids "
                            "ORDER BY a.couple_id").bindparams(sa.bindparam("ids", expanding=True)),
                    {"ids": list(case_ids)},
                ).scalars().all()  # fmt: skip
        engine.dispose()
        print(f"PostgreSQL database {name}; {os.cpu_count()} cores; "
              f"cases of {COUNSELOR}: {len(case_ids)}")  # fmt: skip
        ratio = measure(env, "PDF_JOBS=rq (gunicorn + flask worker --nice 10)", args.rounds,
                        args.idle, case_ids, args.export)  # fmt: skip
        if args.compare_inline:
            measure({**env, "PDF_JOBS": "inline"}, "PDF_JOBS=inline (made in the request)",
                    args.rounds, args.idle, case_ids, args.export)  # fmt: skip
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
