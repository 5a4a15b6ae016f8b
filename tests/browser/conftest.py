"""Real-browser fixtures: the app served on a local port, driven by Debian's Chromium.

Every journey opens its windows through ``open_window``, and every page it lands on is looked
at through ``pages.check``: an axe-core scan, and on a phone-sized window the phone checks too.
A page that a journey reaches but never checks fails the test, so new pages can't slip by.
When a test fails, each open window's screenshot and HTML are saved and the report names them.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from werkzeug.serving import WSGIRequestHandler, make_server

from .looking import PageChecks

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Long enough for a slow CI machine, short enough that a missing button fails in seconds.
ACTION_TIMEOUT_MS = 10_000

# Assertions wait as long as actions do: a save behind the 2.5 s autosave delay on a busy
# machine should not fail for want of a second.
expect.set_options(timeout=ACTION_TIMEOUT_MS)

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", REPO / "test-artifacts" / "browser"))


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs it")
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class QuietRequestHandler(WSGIRequestHandler):
    """No line per request: a failing test's report should show the failure, not 200s."""

    def log_request(self, code="-", size="-") -> None:
        pass


@pytest.fixture
def live_server(app):
    """The test app on a free local port, in a thread, for the length of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
    # Track request threads, so closing the server waits for requests still in flight
    # (an autosave, say) before the test's database connections are closed.
    server.daemon_threads = False
    server.block_on_close = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


class RestartableServer:
    """The test app on one local port that a test can stop (as a crash would) and start again.

    Stopping closes the connections the browser keeps open too: otherwise their threads would
    go on answering, and the server would not really be down."""

    def __init__(self, app) -> None:
        self.app = app
        self.port = 0
        self.server = None
        self.thread = None
        self.connections: set[socket.socket] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        server = make_server(
            "127.0.0.1", self.port, self.app, threaded=True, request_handler=QuietRequestHandler
        )
        server.daemon_threads = False
        server.block_on_close = True
        accept = server.get_request

        def get_request():
            connection, address = accept()
            self.connections.add(connection)
            return connection, address

        server.get_request = get_request
        self.server, self.port = server, server.server_port
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        for connection in self.connections:
            with contextlib.suppress(OSError):  # already closed by its handler
                connection.shutdown(socket.SHUT_RDWR)
        self.connections.clear()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def restartable_server(app):
    server = RestartableServer(app)
    server.start()
    yield server
    server.stop()


LOST_WORDS = "lost_words"


def pytest_terminal_summary(terminalreporter):
    """The fault-injection tests' figures: characters typed, stored, and lost."""
    lines = [
        f"{report.nodeid.split('::')[-1]}: {value}"
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == LOST_WORDS
    ]
    if lines:
        terminalreporter.write_sep("-", "characters typed against characters stored")
        for line in sorted(lines):
            terminalreporter.write_line(line)


@pytest.fixture
def pages() -> PageChecks:
    return PageChecks()


CALL_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def open_window(browser, pages, request):
    """A new browser window with its own cookies: one person on one device.

    ``open_window(PHONE)`` is a phone (touch, mobile viewport); the default is a laptop.
    ``watched=False`` is for tests of behaviour on pages the journeys already look at;
    ``javascript=False`` is a browser that runs no script (the forms must work without it).
    """
    contexts = []

    def open_(viewport: dict = DESKTOP, *, watched: bool = True, javascript: bool = True):
        phone = viewport["width"] < 600
        context = browser.new_context(
            viewport=viewport,
            is_mobile=phone,
            has_touch=phone,
            accept_downloads=True,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        if not javascript:
            pages.without_script.append(context)
        if watched:
            context.on("page", pages.watch)  # every tab, the first and any the page opens
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()
    if request.node.stash.get(CALL_FAILED, False):
        return  # the failure itself is the news; unchecked pages would only repeat it
    unchecked = pages.unchecked()
    assert not unchecked, (
        "The journey reached these pages without checking them (call pages.check(page) "
        f"after each arrives): {', '.join(unchecked)}"
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed and "browser" in item.funcargs:
        leave_out_playwright_frames(report)
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    if report.when == "call" and report.failed and "browser" in item.funcargs:
        saved = save_open_pages(item.funcargs["browser"], item.nodeid)
        if saved:
            report.sections.append(("Browser windows at the failure", "\n".join(saved)))
    return report


def leave_out_playwright_frames(report) -> None:
    """Playwright's own frames say nothing about what the user could not do: show ours, and
    from the last frame (where Playwright raised) only the error and its call log."""
    for traceback, _, _ in getattr(report.longrepr, "chain", ()):
        entries = traceback.reprentries
        ours = [e for e in entries[:-1] if "site-packages/playwright" not in _where(e)]
        last = entries[-1]
        if "site-packages/playwright" in _where(last):
            last.lines = [line for line in last.lines if line.startswith("E")]
            last.reprfuncargs = last.reprlocals = None
        traceback.reprentries = [*ours, last]


def _where(entry) -> str:
    location = getattr(entry, "reprfileloc", None)
    return str(location.path) if location else ""


def save_open_pages(browser, nodeid: str) -> list[str]:
    """A screenshot and the HTML of every open page, in a folder named after the test."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", nodeid.split("::", 1)[-1])
    shutil.rmtree(folder, ignore_errors=True)  # only this run's windows, none from before
    folder.mkdir(parents=True)
    saved = []
    for w, context in enumerate(browser.contexts, start=1):
        for t, page in enumerate(context.pages, start=1):
            stem = folder / f"window{w}-tab{t}"
            try:
                page.screenshot(path=f"{stem}.png", full_page=True)
                Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
            except Exception as error:  # a crashed page still lets us save the others
                saved.append(f"{urlsplit(page.url).path}: could not be saved ({error})")
                continue
            saved.append(f"{page.url}\n  screenshot: {stem}.png\n  html:       {stem}.html")
    return saved


def sign_in(page, base: str, email: str, password: str, pages: PageChecks | None = None) -> None:
    """Sign in through the form, as a person would; ``pages`` checks the form's page."""
    page.goto(f"{base}/auth/sign-in")
    if pages is not None:
        pages.check(page)
    submit_sign_in(page, email, password)


def submit_sign_in(page, email: str, password: str) -> None:
    """Fill in and send the sign-in form already on the page."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
