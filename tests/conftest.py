"""Shared fixtures: a real database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set),
the app factory's test hook, and helpers that go through the real views."""

from __future__ import annotations

import functools
import os
import re
import time as _time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import jinja2
import jinja2.bccache
import pytest
import sqlalchemy as sa
import time_machine
from flask_migrate import upgrade

from practice import create_app
from practice.audit.who import system
from practice.extensions import db
from practice.models import Client, Couple, Role, User

# The actor of the rows these tests write without a request.
TESTS = system("tests")

PASSWORD = "correct horse battery"
PRACTICE_TIMEZONE = "America/New_York"

# The process runs half a day away from the practice, so code that takes the server's date or
# hour for the practice's (date.today(), naive datetime.now()) is wrong most of the day, and
# tests catch it.
os.environ["TZ"] = "Asia/Tokyo"
_time.tzset()


def _postgres_server_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


def create_scratch_database(tmp_path_factory) -> tuple[str, callable]:
    """A new, empty database for this test run, and a function that removes it."""
    server = _postgres_server_url()
    if server is None:
        path = tmp_path_factory.mktemp("db") / f"trustwork-{uuid.uuid4().hex[:8]}.sqlite"
        return f"sqlite:///{path}", lambda: None
    name = f"trustwork_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def test_settings(database_url: str, **overrides) -> dict:
    settings = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "PRACTICE_NAME": "Harbor Light Counseling",
        "PRACTICE_TIMEZONE": PRACTICE_TIMEZONE,
        "PDF_JOBS": "inline",  # long PDFs made in the request; tests/handouts/test_pdf_jobs.py
    }
    settings.update(overrides)
    return settings


test_settings.__test__ = False  # a helper, not a test


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    url, drop = create_scratch_database(tmp_path_factory)
    app = create_app(test_settings(url))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield url
    drop()


def _empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())
            # Emptied by note_search's delete trigger; a full rebuild also drops stale terms.
            conn.execute(
                sa.text("INSERT INTO note_search_fts(note_search_fts) VALUES ('delete-all')")
            )


@pytest.fixture(autouse=True)
def clear_of_midnight(request) -> Iterator[None]:
    """Run each test from noon today in the practice's zone, with the clock running.

    Tests work out "today" and the app works it out again a moment later; across the
    practice's midnight the two differ and, say, a task due today turns past due in between.
    A test that needs another hour travels there itself. Browser tests keep the real clock:
    Chromium keeps its own, and cookie expiry must agree with it.
    """
    if request.node.get_closest_marker("browser"):
        yield
        return
    zone = ZoneInfo(PRACTICE_TIMEZONE)
    noon = datetime.combine(datetime.now(zone).date(), time(12), zone)
    # As a UTC instant: given a ZoneInfo, time-machine would also set the process's zone.
    with time_machine.travel(noon.astimezone(UTC), tick=True):
        yield


@pytest.fixture
def settings(database_url) -> dict:
    """Overridable per test module: the test config given to create_app."""
    return test_settings(database_url)


class _SharedTemplateCode(jinja2.BytecodeCache):
    """Compiled templates kept across the suite's many apps (keyed by source checksum),
    so each test doesn't compile every template it renders again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CODE = _SharedTemplateCode()


@pytest.fixture
def app(settings):
    # No app context is held open around requests: each request gets its own, as in
    # production (Flask-Login caches the user on g, which lives on the app context).
    app = create_app(settings)
    app.jinja_env.bytecode_cache = _TEMPLATE_CODE
    yield app
    with app.app_context():
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


def _saved(app, *objects):
    """Commit new rows and hand them back loaded and detached, usable outside a context."""
    with app.app_context():
        db.session.add_all(objects)
        db.session.commit()
        for obj in objects:
            db.session.refresh(obj)
            for name in ("partners", "user"):
                if hasattr(obj, name):
                    getattr(obj, name)
        db.session.expunge_all()
    return objects[0] if len(objects) == 1 else objects


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@functools.cache
def _password_hash() -> str:
    """PASSWORD, hashed with argon2id at the lowest cost.

    Verifying reads the cost from the hash itself, so signing in as a test account runs the
    production code in 2 ms instead of 230 ms: most of the suite signs in, some tests many
    times. Passwords set through the app (invitations, password changes) keep the real cost.
    """
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


@pytest.fixture
def make_user(app):
    hashed = _password_hash()
    counter = iter(range(1, 10_000))

    def make(
        role: str = Role.COUNSELOR,
        *,
        email: str | None = None,
        name: str | None = None,
        active: bool = True,
    ) -> User:
        n = next(counter)
        user = User(
            email=email or f"{role}{n}@example.org",
            name=name or f"{role.capitalize()} Number{n}",
            role=role,
            password_hash=hashed,
            active=active,
        )
        return _saved(app, user)

    return make


@pytest.fixture
def make_couple(app):
    def make(
        counselor: User,
        *,
        names=("Alex Morgan", "Riley Chen"),
        status="active",
        concerns="Trust broke after a hidden debt.",
        screening="no-concerns",  # screened: joint work needs no reason (test_safety.py)
    ) -> Couple:
        couple = Couple(
            counselor_id=counselor.id,
            display_name=" & ".join(n.split()[0] for n in names),
            status=status,
            start_date=date(2026, 1, 5),
            presenting_concerns=concerns,
            trust_damage=["infidelity-or-deception"],
            goals="Rebuild openness.",
            safety_screening=screening,
        )
        for position, name in enumerate(names, start=1):
            slug = name.lower().replace(" ", ".")
            couple.partners.append(
                Client(position=position, full_name=name, email=f"{slug}@example.org")
            )
        return _saved(app, couple)

    return make


def csrf_token_in(response) -> str:
    match = re.search(
        rb'name="csrf_token" type="hidden" value="([^"]+)"', response.data
    ) or re.search(rb'name="csrf_token" value="([^"]+)"', response.data)
    assert match, "the page has no CSRF token"
    return match.group(1).decode()


class Auth:
    """Signs in through the real sign-in view, as a browser would."""

    def __init__(self, client):
        self.client = client

    def sign_in(self, user_or_email, password: str = PASSWORD, **kwargs):
        email = getattr(user_or_email, "email", user_or_email)
        return self.client.post(
            "/auth/sign-in", data={"email": email, "password": password}, **kwargs
        )

    def sign_out(self):
        return self.client.post("/auth/sign-out")


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


@pytest.fixture
def counselor(make_user) -> User:
    return make_user(Role.COUNSELOR, email="maya@example.org", name="Maya Okafor")


@pytest.fixture
def signed_in(auth, counselor):
    """A client signed in as the counselor fixture."""
    response = auth.sign_in(counselor)
    assert response.status_code == 302, response.data[:500]
    return auth.client


@pytest.fixture
def make_client_account(app):
    """Give a partner a portal account (as accepting an invitation would)."""

    def make(couple: Couple, position: int = 1) -> User:
        with app.app_context():
            client = db.session.scalar(
                sa.select(Client).filter_by(couple_id=couple.id, position=position)
            )
            user = User(
                email=client.email,
                name=client.full_name,
                role=Role.CLIENT,
                password_hash=_password_hash(),
            )
            client.user = user
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge_all()
        return user

    return make


@pytest.fixture
def make_assignment(app):
    """Assign a library worksheet through the real domain function."""

    def make(
        couple: Couple,
        slug: str = "preparing-for-counseling",
        *,
        who: str = "each",
        position: int | None = None,
        due_in_days: int = 7,
        share: bool = False,
    ):
        from datetime import timedelta

        from practice.assignments.services import assign, recipients_for
        from practice.clock import practice_today
        from practice.library.loader import get_library
        from practice.models import Assignment

        with app.app_context():
            live = db.session.get(Couple, couple.id)
            worksheet = get_library().get(slug)
            for_client = live.partners[position - 1] if position else None
            assignment = assign(
                live,
                worksheet,
                by=live.counselor,
                recipients=recipients_for(worksheet, "one" if for_client else who),
                for_client=for_client,
                due_date=practice_today() + timedelta(days=due_in_days),
                instructions="Please do this before Thursday.",
                share=share,
                who=TESTS,
            )
            db.session.commit()
            assignment = db.session.get(Assignment, assignment.id)
            assignment.responses  # noqa: B018  (load before detaching)
            db.session.expunge_all()
        return assignment

    return make
