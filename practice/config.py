"""Settings from the environment.

One install serves one practice. The embedded default is a SQLite file in ``instance/``;
``DATABASE_URL`` switches to PostgreSQL. Outside development and tests the app refuses to
start without ``SECRET_KEY`` (SECURITY.md 17).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

DEVELOPMENT = "development"
PRODUCTION = "production"
TESTING = "testing"
MIN_SECRET_KEY_LENGTH = 32


class ConfigError(click.ClickException):
    """The environment does not describe a safe configuration.

    A click exception, so a ``flask`` command that meets it prints one line, "Error: ...",
    and exits 1, instead of a traceback; a WSGI server shows it like any other exception.
    """


def database_url(instance_path: Path, environ: Mapping[str, str] = os.environ) -> str:
    url = environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{instance_path / 'trustwork.sqlite'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def development_secret_key(instance_path: Path) -> str:
    """A key generated once per checkout and kept private in ``instance/``."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def practice_timezone(environ: Mapping[str, str]) -> str:
    """The zone every page works out "today" in: checked at start-up, because a mistyped
    name would otherwise fail on every page once the app is running."""
    name = environ.get("PRACTICE_TIMEZONE", "America/New_York")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "US" is a folder: IsADirectoryError
        raise ConfigError(
            f"PRACTICE_TIMEZONE {name!r} is not a time zone name. Use an IANA name such as "
            "'America/New_York' or 'Europe/London'."
        ) from None
    return name


def require_mfa(environ: Mapping[str, str], env: str) -> bool:
    """Whether counselors and admins must use a second factor: yes in production unless
    turned off, no in development (the demo signs in with a password alone) unless on."""
    value = environ.get("REQUIRE_MFA", "").strip().lower()
    if not value:
        return env != DEVELOPMENT
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"REQUIRE_MFA must be 1 or 0 (on or off), not {value!r}")


def clock_time(text: str, name: str) -> time:
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a time of day like 08:00, not {text!r}") from None


def quiet_hours(text: str) -> tuple[time, time] | None:
    """ "21:00-08:00" (start-end, in the practice's zone); empty or "off" for none."""
    text = text.strip().lower()
    if text in ("", "off", "none"):
        return None
    start, _, end = text.partition("-")
    return clock_time(start, "QUIET_HOURS start"), clock_time(end, "QUIET_HOURS end")


def from_environment(instance_path: Path, environ: Mapping[str, str] = os.environ) -> dict:
    env = environ.get("TRUSTWORK_ENV", PRODUCTION).strip().lower()
    if env not in (DEVELOPMENT, PRODUCTION):
        raise ConfigError(f"TRUSTWORK_ENV must be 'development' or 'production', not {env!r}")
    secret_key = environ.get("SECRET_KEY", "").strip()
    if not secret_key:
        if env != DEVELOPMENT:
            raise ConfigError(
                "SECRET_KEY is not set. In production Trustwork refuses to start without a "
                "secret key: set SECRET_KEY to a long random string "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        secret_key = development_secret_key(instance_path)
    elif env != DEVELOPMENT and len(secret_key) < MIN_SECRET_KEY_LENGTH:
        # A short key can be guessed offline from one signed cookie, and then any session
        # and CSRF token forged.
        raise ConfigError(
            f"SECRET_KEY is too short ({len(secret_key)} characters). In production use at "
            f"least {MIN_SECRET_KEY_LENGTH} random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    return {
        "TRUSTWORK_ENV": env,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path, environ),
        "SESSION_COOKIE_SECURE": env != DEVELOPMENT,
        "REQUIRE_MFA": require_mfa(environ, env),
        "PRACTICE_NAME": environ.get("PRACTICE_NAME", "Trustwork Counseling"),
        # How a client reaches the practice, printed at the foot of every handout.
        "PRACTICE_CONTACT": environ.get("PRACTICE_CONTACT", "").strip(),
        "PRACTICE_TIMEZONE": practice_timezone(environ),
        "RATELIMIT_STORAGE_URI": environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_KEY_PREFIX": environ.get("RATELIMIT_KEY_PREFIX", "trustwork"),
        # How many reverse proxies (nginx, a load balancer) stand in front of the app: their
        # X-Forwarded-* headers then give the client's real address for limits and audit.
        "TRUSTED_PROXIES": int(environ.get("TRUSTED_PROXIES", "0")),
        "WORKSHEETS_EXTRA_DIR": environ.get("WORKSHEETS_EXTRA_DIR") or None,
        # The practice's crisis and domestic-violence lines (crisis_lines.py); US lines if unset.
        "CRISIS_LINES_FILE": environ.get("CRISIS_LINES_FILE") or None,
        "PDF_PAGE_SIZE": environ.get("PDF_PAGE_SIZE", "letter"),
        "SMTP_HOST": environ.get("SMTP_HOST") or None,
        "SMTP_PORT": int(environ.get("SMTP_PORT", "587")),
        "SMTP_USERNAME": environ.get("SMTP_USERNAME") or None,
        "SMTP_PASSWORD": environ.get("SMTP_PASSWORD") or None,
        "SMTP_STARTTLS": environ.get("SMTP_STARTTLS", "1") != "0",
        "MAIL_FROM": environ.get("MAIL_FROM", "no-reply@trustwork.invalid"),
        "MAIL_REPLY_TO": environ.get("MAIL_REPLY_TO", "").strip() or None,
        # Where the app is reached from outside: links in emails sent by `send-due` (no
        # request to take the host from) and the calendar feed's address.
        "PUBLIC_URL": environ.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/"),
        # Nothing but urgent safety notices goes out in these hours of the practice's day.
        "QUIET_HOURS": quiet_hours(environ.get("QUIET_HOURS", "21:00-08:00")),
        "REMINDER_DUE_DAYS": int(environ.get("REMINDER_DUE_DAYS", "2")),
        "CHECKIN_REMINDER_HOURS": int(environ.get("CHECKIN_REMINDER_HOURS", "24")),
        # Whether a client's reminder may name the worksheet (never a private one's).
        "REMINDERS_SHOW_TITLES": environ.get("REMINDERS_SHOW_TITLES", "0") == "1",
        "DIGEST_AT": clock_time(environ.get("DIGEST_AT", "08:00"), "DIGEST_AT"),
        "REDIS_URL": environ.get("REDIS_URL", "").strip() or None,
        # Packets, records and answers are made off the request path (practice/jobs.py).
        "PDF_JOBS": pdf_jobs(environ),
        "PDF_JOB_TTL": positive_int(environ, "PDF_JOB_TTL", 600),
        "PDF_JOB_THREADS": positive_int(environ, "PDF_JOB_THREADS", 2),
        "PDF_JOB_TIMEOUT": positive_int(environ, "PDF_JOB_TIMEOUT", 120),
        # Processes that lay out a packet's copies at the same time (handouts/processes.py);
        # 1 makes them one after another in the process that asked.
        "PDF_PROCESSES": positive_int(environ, "PDF_PROCESSES", min(4, available_cores())),
    }


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def pdf_jobs(environ: Mapping[str, str]) -> str:
    """Where long PDFs are made: `rq` (a worker, on REDIS_URL), `thread` (a thread of the
    app process) or `inline` (in the request). Unset: rq when REDIS_URL is set, else thread."""
    redis_url = environ.get("REDIS_URL", "").strip()
    value = environ.get("PDF_JOBS", "").strip().lower() or ("rq" if redis_url else "thread")
    if value not in ("rq", "thread", "inline"):
        raise ConfigError(f"PDF_JOBS must be rq, thread or inline, not {value!r}")
    if value == "rq" and not redis_url:
        raise ConfigError("PDF_JOBS=rq needs REDIS_URL, e.g. redis://127.0.0.1:6379/0")
    return value


def positive_int(environ: Mapping[str, str], name: str, default: int) -> int:
    text = environ.get(name, "").strip() or str(default)
    if not text.isdigit() or int(text) < 1:
        raise ConfigError(f"{name} must be a whole number of at least 1, not {text!r}")
    return int(text)


# Settings that are the same everywhere: safe defaults that the environment does not change.
DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "trustwork_session",
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
    "SESSION_IDLE_TIMEOUT": timedelta(minutes=30),
    "SESSION_ABSOLUTE_TIMEOUT": timedelta(hours=12),
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the signed-in session does
    "RATELIMIT_HEADERS_ENABLED": True,
    "SIGN_IN_LIMIT": "10 per minute",  # failures per account
    "SIGN_IN_ADDRESS_LIMIT": "60 per minute",  # failures per client address, any accounts
    # Codes from an authenticator app or recovery codes, per account, every attempt counted.
    # A six-digit code has a million values: 30 tries an hour make a lucky guess unlikely.
    "SECOND_FACTOR_LIMIT": "10 per minute; 30 per hour",
    # Between a right password and a right code: after this, sign in again from the start.
    "SECOND_FACTOR_TIMEOUT": timedelta(minutes=10),
    "CASES_PER_PAGE": 20,
}
