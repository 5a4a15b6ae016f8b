"""CSRF, headers, configuration and error pages (SECURITY.md 14-17)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from practice import create_app
from practice.config import ConfigError, from_environment
from practice.extensions import db
from practice.models import Couple

from .conftest import PASSWORD, csrf_token_in


def test_every_response_carries_the_security_headers(client):
    response = client.get("/auth/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_script(signed_in):
    for url in ("/dashboard", "/cases/", "/cases/new"):
        html = signed_in.get(url).data.decode()
        assert "<script>" not in html and "onclick=" not in html


def test_session_cookie_is_httponly_and_samesite(auth, counselor):
    response = auth.sign_in(counselor)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure(tmp_path):
    settings = from_environment(tmp_path, {"TRUSTWORK_ENV": "production", "SECRET_KEY": "k" * 40})
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        from_environment(tmp_path, {"TRUSTWORK_ENV": "production"})
    # Production is the default: forgetting to say which environment is not a way around it.
    with pytest.raises(ConfigError):
        from_environment(tmp_path, {})


@pytest.mark.parametrize("key", ["x", "k" * 31, " " * 10 + "short"])
def test_production_refuses_a_short_secret_key(tmp_path, key):
    with pytest.raises(ConfigError, match="SECRET_KEY is too short"):
        from_environment(tmp_path, {"TRUSTWORK_ENV": "production", "SECRET_KEY": key})
    # Development keeps working with whatever a developer sets.
    assert from_environment(tmp_path, {"TRUSTWORK_ENV": "development", "SECRET_KEY": key})


@pytest.mark.parametrize("name", ["America/New York", "Mars/Olympus", "US", "../etc/passwd", ""])
def test_a_mistyped_practice_time_zone_is_refused_at_start_up(tmp_path, name):
    environ = {"TRUSTWORK_ENV": "development", "PRACTICE_TIMEZONE": name}
    with pytest.raises(ConfigError, match="is not a time zone name"):
        from_environment(tmp_path, environ)


def test_a_flask_command_without_a_secret_key_says_so_in_one_line(tmp_path):
    environ = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "TRUSTWORK_ENV")}
    environ["DATABASE_URL"] = f"sqlite:///{tmp_path / 'unused.sqlite'}"
    flask = Path(sys.executable).with_name("flask")
    result = subprocess.run(
        [str(flask), "--app", "practice", "db", "upgrade"],
        cwd=Path(__file__).resolve().parents[1],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: SECRET_KEY is not set.")
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "unused.sqlite").exists()  # refused before touching anything


def test_development_key_is_generated_once_and_kept_private(tmp_path):
    first = from_environment(tmp_path, {"TRUSTWORK_ENV": "development"})["SECRET_KEY"]
    second = from_environment(tmp_path, {"TRUSTWORK_ENV": "development"})["SECRET_KEY"]
    assert first == second and len(first) >= 40
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600


def test_postgres_urls_get_the_psycopg_driver(tmp_path):
    env = {"TRUSTWORK_ENV": "development", "SECRET_KEY": "x", "DATABASE_URL": "postgres://u@h/db"}
    assert from_environment(tmp_path, env)["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://u@h/db"
    )


@pytest.fixture
def csrf_app(settings):
    settings = dict(settings, WTF_CSRF_ENABLED=True)
    app = create_app(settings)
    yield app
    with app.app_context():
        db.engine.dispose()


def _couple_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Couple))


def test_state_changes_without_a_csrf_token_are_refused(app, csrf_app, counselor):
    browser = csrf_app.test_client()
    token = csrf_token_in(browser.get("/auth/sign-in"))
    # Sign-in itself is refused without the token ...
    refused = browser.post("/auth/sign-in", data={"email": counselor.email, "password": PASSWORD})
    assert refused.status_code == 400
    assert b"expired or was sent from somewhere else" in refused.data
    # ... and accepted with it.
    ok = browser.post(
        "/auth/sign-in",
        data={"email": counselor.email, "password": PASSWORD, "csrf_token": token},
    )
    assert ok.status_code == 302
    form = {
        "partner1-full_name": "Ana Silva",
        "partner2-full_name": "Bo Lind",
        "start_date": "2026-01-05",
        "safety_screening": "no-concerns",
    }
    assert browser.post("/cases/new", data=form).status_code == 400
    assert browser.post("/auth/sign-out").status_code == 400
    assert _couple_count(csrf_app) == 0
    form["csrf_token"] = csrf_token_in(browser.get("/cases/new"))
    assert browser.post("/cases/new", data=form).status_code == 302
    assert _couple_count(csrf_app) == 1


@pytest.mark.parametrize(
    "method, url, code, words",
    [
        ("get", "/no-such-page", 404, b"couldn&#39;t find that page"),
        ("post", "/dashboard", 405, b"isn&#39;t available here"),
        ("put", "/auth/sign-in", 405, b"isn&#39;t available here"),
    ],
)
def test_friendly_error_pages(signed_in, method, url, code, words):
    response = getattr(signed_in, method)(url)
    assert response.status_code == code
    assert words in response.data
    assert b"Traceback" not in response.data


def test_oversized_body_gets_a_friendly_413(signed_in):
    response = signed_in.post("/cases/new", data={"goals": "x" * (1024 * 1024 + 10)})
    assert response.status_code == 413
    assert b"too much to send at once" in response.data


def test_unhandled_error_shows_a_plain_page_and_logs(app, client, caplog):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.data
    assert b"secret internals" not in response.data and b"Traceback" not in response.data
    assert "unhandled error on GET /boom" in caplog.text


def test_no_template_marks_user_data_safe():
    """SECURITY.md 11: autoescaping is never switched off in a template; the one Markup in
    Python (the check-in chart) escapes every name it draws, tested in tests/checkins."""
    templates = Path(__file__).resolve().parents[1] / "templates"
    for template in templates.rglob("*.html"):
        text = template.read_text()
        assert "|safe" not in text.replace(" ", ""), template
        assert "autoescape false" not in text, template
