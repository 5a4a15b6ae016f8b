"""Long work off the request path: `submit(kind, args, owner)`, then `status` and `result`.

A domain registers what each kind makes (`register`); a job runs that function in an app
context and keeps the bytes it returns. Three backends, chosen by `PDF_JOBS`:

- `rq`: an RQ queue on `REDIS_URL`, run by `flask --app practice worker` (production, any
  number of app hosts); the job's state lives in Redis with a TTL.
- `thread`: a small pool of threads in the app process (the embedded default); the state
  lives in the database, so any process can answer for it.
- `inline`: the job runs inside `submit`, in the request (tests).

A job belongs to the user who asked: `status` and `result` give nothing to anyone else.
A job that was started (or queued) longer than `PDF_JOB_TIMEOUT` ago and never finished is
lost (its worker died or none is running) and is reported failed, rather than left waiting
until its TTL.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import click
from flask import Flask, current_app, has_app_context
from flask.cli import with_appcontext

from .db_types import utcnow
from .job_store import (
    FAILED,
    FINISHED,
    QUEUED,
    STARTED,
    DatabaseStore,
    JobState,
    RedisStore,
    with_status,
)

log = logging.getLogger(__name__)

BACKENDS = ("rq", "thread", "inline")
SOMETHING_WENT_WRONG = "Something went wrong while making this PDF."
LOST_STARTED = "This PDF stopped being made before it was finished (the worker making it quit)."
LOST_QUEUED = "Nothing has started making this PDF (no PDF worker seems to be running)."

KINDS: dict[str, Callable[[JobState], bytes]] = {}


class JobFailed(Exception):
    """Raised by a job's function with a message for the person who asked."""


class QueueUnavailable(Exception):
    """The shared store or queue can't be reached (Redis down): nothing was queued."""


def register(kind: str, make: Callable[[JobState], bytes]) -> None:
    KINDS[kind] = make


_worker_starts: list[Callable[[Flask], None]] = []


def when_the_worker_starts(prepare: Callable[[Flask], None]) -> Callable[[Flask], None]:
    """Run `prepare(app)` as `flask worker` starts, before its first job: warm up for it."""
    _worker_starts.append(prepare)
    return prepare


def submit(kind: str, args: dict, owner: int) -> str:
    """Queue `kind` with `args` (JSON) for the user `owner`; the new job's id."""
    if kind not in KINDS:
        raise KeyError(kind)
    job = JobState(secrets.token_urlsafe(18), kind, owner, QUEUED, args, utcnow())
    backend = _backend()
    with _unavailable_as(QueueUnavailable):
        backend.store.create(job)
        backend.enqueue(job.id)
    return job.id


def status(job_id: str, owner: int) -> JobState | None:
    """The job if it is `owner`'s own and not expired, else None. A lost job turns failed."""
    store = _backend().store
    with _unavailable_as(QueueUnavailable):
        job = store.get(job_id)
        if job is None or job.owner_id != owner:
            return None
        lost = lost_because(job, timedelta(seconds=current_app.config["PDF_JOB_TIMEOUT"]))
        if lost:
            log.warning("PDF job %s (%s) lost: %s", job.id, job.kind, lost)
            store.update(job.id, status=FAILED, error=lost)
            job = with_status(job, FAILED, lost)
    return job


def result(job_id: str, owner: int) -> bytes | None:
    """The finished job's bytes, handed over once (then deleted); None if there are none."""
    job = status(job_id, owner)
    if job is None or job.status != FINISHED:
        return None
    with _unavailable_as(QueueUnavailable):
        return _backend().store.take_result(job_id)


def lost_because(job: JobState, timeout: timedelta) -> str:
    """Why an unfinished job counts as lost, or "" while it may still finish."""
    if job.status == STARTED and job.started_at and utcnow() - job.started_at > timeout:
        return LOST_STARTED
    if job.status == QUEUED and utcnow() - job.created_at > timeout:
        return LOST_QUEUED
    return ""


def run(job_id: str) -> None:
    """Run a queued job and keep what it made, or why it failed. Needs an app context."""
    store = _backend().store
    job = store.get(job_id)
    if job is None or job.status != QUEUED:
        return  # expired, or already taken up
    store.update(job_id, status=STARTED, started_at=utcnow())
    try:
        made = KINDS[job.kind](job)
    except JobFailed as failure:
        store.update(job_id, status=FAILED, error=str(failure)[:300])
    except Exception:
        log.exception("PDF job %s (%s) failed", job_id, job.kind)
        store.update(job_id, status=FAILED, error=SOMETHING_WENT_WRONG)
    else:
        store.update(job_id, status=FINISHED, result=made)


def perform(job_id: str) -> None:
    """The RQ entry point, run by `flask worker` (which has the app context)."""
    if not has_app_context():
        raise RuntimeError("run PDF jobs with `flask --app practice worker`")
    app = current_app._get_current_object()
    with app.app_context():  # its own session, removed when the job ends
        run(job_id)


# Backends ---------------------------------------------------------------------------------


class InlineBackend:
    def __init__(self, store) -> None:
        self.store = store

    def enqueue(self, job_id: str) -> None:
        run(job_id)


class ThreadBackend:
    def __init__(self, app: Flask, store, threads: int) -> None:
        self.app, self.store = app, store
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="pdf-job")

    def enqueue(self, job_id: str) -> None:
        self.pool.submit(self._run, job_id)

    def _run(self, job_id: str) -> None:
        with self.app.app_context():
            run(job_id)


class RqBackend:
    def __init__(self, redis, store, prefix: str, timeout: int, ttl: int) -> None:
        from rq import Queue

        self.store = store
        self.queue = Queue(f"{prefix}-pdf", connection=redis)
        self.timeout, self.ttl = timeout, ttl

    def enqueue(self, job_id: str) -> None:
        self.queue.enqueue(
            "practice.jobs.perform",
            job_id,
            job_timeout=self.timeout,
            ttl=self.ttl,  # not taken up in time: RQ drops it (status() says it is lost)
            result_ttl=0,  # the PDF is in our store; RQ keeps nothing
            failure_ttl=self.ttl,
        )


def redis_connection(app: Flask):
    """One client per app, with short timeouts: a Redis that is down must answer fast."""
    from redis import Redis

    if "redis" not in app.extensions:
        app.extensions["redis"] = Redis.from_url(
            app.config["REDIS_URL"], socket_connect_timeout=1, socket_timeout=5
        )
    return app.extensions["redis"]


def _backend():
    app = current_app._get_current_object()
    name = app.config["PDF_JOBS"]
    cached = app.extensions.get("pdf_jobs")
    if cached and cached[0] == name:
        return cached[1]
    ttl = app.config["PDF_JOB_TTL"]
    if name == "rq":
        redis, prefix = redis_connection(app), app.config["RATELIMIT_KEY_PREFIX"]
        store = RedisStore(redis, timedelta(seconds=ttl), prefix)
        backend = RqBackend(redis, store, prefix, app.config["PDF_JOB_TIMEOUT"], ttl)
    elif name == "thread":
        backend = ThreadBackend(
            app, DatabaseStore(timedelta(seconds=ttl)), app.config["PDF_JOB_THREADS"]
        )
    else:
        backend = InlineBackend(DatabaseStore(timedelta(seconds=ttl)))
    app.extensions["pdf_jobs"] = (name, backend)
    return backend


class _unavailable_as:
    """Turn a Redis connection or timeout error into `error` (a context manager)."""

    def __init__(self, error: type[Exception]) -> None:
        self.error = error

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, value, traceback) -> bool:
        if value is None:
            return False
        try:
            from redis.exceptions import ConnectionError, TimeoutError
        except ImportError:  # pragma: no cover (no redis installed: no rq backend either)
            return False
        if isinstance(value, ConnectionError | TimeoutError):
            raise self.error(str(value)) from value
        return False


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
@click.option(
    "--nice",
    default=10,
    show_default=True,
    type=click.IntRange(0, 19),
    help="Lower this process's priority so the web stays responsive on a small machine.",
)
@with_appcontext
def worker_command(burst: bool, nice: int) -> None:
    """Make queued PDFs (PDF_JOBS=rq), one at a time, in this process.

    Not in a forked work horse per job: this process stays warm (fonts, templates, the
    worksheet library loaded once), and a fork would share WeasyPrint's font folders and
    render threads with its parent. A job this process never finishes (it was killed) is
    reported failed after PDF_JOB_TIMEOUT; run it under a service manager that restarts it.
    """
    from rq import SimpleWorker

    app = current_app._get_current_object()
    if app.config["PDF_JOBS"] != "rq":
        raise click.ClickException("The worker runs the rq queue: set PDF_JOBS=rq and REDIS_URL.")
    if nice:
        os.nice(nice)
    for prepare in _worker_starts:
        prepare(app)
    redis = redis_connection(app)
    queue = _backend().queue
    click.echo(f"Making PDFs from the queue {queue.name} (nice {nice}).")
    SimpleWorker([queue], connection=redis).work(burst=burst)
