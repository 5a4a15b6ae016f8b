"""Packets, case records and answers, made off the request path (practice/jobs.py).

The view checks the user may have the document, then `prepare` queues a job and answers
with the "Preparing your PDF" page (job_views.py), which downloads it when it is made. The
job runs wherever the backend runs it (a worker, a thread, or this request) and loads its
records again through the same scoped loaders, for the user who asked: a case moved to
another counselor in between is refused there too. Each export is audited where it is made,
success or failure, with the address it was asked from.

When the queue can't be reached (Redis down), the PDF is made in the request instead, and
that is logged: slower, never an error page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from flask import Response, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from .. import jobs
from ..assignments.access import assignment_for
from ..audit.record import audit_read
from ..audit.who import Who, request_who
from ..auth.models import User
from ..couples.access import couple_for
from ..extensions import db
from ..job_store import FAILED, FINISHED, QUEUED, JobState
from ..portal.access import response_for
from . import processes
from .answers import answers_side_by_side, partner_answers
from .documents import PrintSettings
from .homework import homework_packet
from .record import record_pdf
from .render import RenderError

FAILED_RENDER = (
    "We couldn't make this PDF just now. Nothing was lost. Please try again in a minute; if "
    "it keeps happening, tell your practice admin which PDF you were making."
)


def print_settings(page_size: str, printed: date) -> PrintSettings:
    config = current_app.config
    return PrintSettings(
        practice_name=config["PRACTICE_NAME"],
        page_size=page_size,
        contact=config.get("PRACTICE_CONTACT", ""),
        printed=printed,
        static_root=Path(current_app.static_folder),
        timeout=config.get("PDF_RENDER_TIMEOUT", 30),
        processes=config.get("PDF_PROCESSES", 1),
    )


def pdf_download(pdf: bytes, filename: str) -> Response:
    response = Response(pdf, mimetype="application/pdf")
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


def failed_page(message: str, retry: str | None = None):
    page = render_template(
        "handouts/pdf_failed.html", title="We couldn't make this PDF", message=message, retry=retry
    )
    return page, 503, {"Retry-After": "60"}


def prepare(kind: str, args: dict):
    """Queue the PDF and answer with its waiting page (or the PDF, when made already)."""
    args = {
        **args,
        "today": args["today"].isoformat(),
        "address": request_who().address,
        "retry": request.full_path.rstrip("?"),
    }
    try:
        job_id = jobs.submit(kind, args, current_user.id)
        job = jobs.status(job_id, current_user.id)
    except jobs.QueueUnavailable as error:
        current_app.logger.warning(
            "PDF queue unavailable (%s): making %s in the request", error, kind
        )
        return make_now(kind, args)
    if job is not None and job.status == FINISHED:  # made already (PDF_JOBS=inline)
        pdf = jobs.result(job_id, current_user.id)
        if pdf is not None:
            return pdf_download(pdf, args["filename"])
    if job is not None and job.status == FAILED:
        return failed_page(job.error, args["retry"])
    return redirect(url_for("handouts.pdf_job", job_id=job_id), 303)


def make_now(kind: str, args: dict):
    """The job's own function, in this request: when the queue can't be reached."""
    job = JobState("", kind, current_user.id, QUEUED, args, created_at=None)
    try:
        pdf = jobs.KINDS[kind](job)
    except jobs.JobFailed as failure:
        return failed_page(str(failure), args["retry"])
    return pdf_download(pdf, args["filename"])


# What each kind makes, for the user who asked. ---------------------------------------------


def _owner(job: JobState) -> User:
    owner = db.session.get(User, job.owner_id)
    if owner is None or not owner.active:
        raise jobs.JobFailed("This account can no longer make this PDF.")
    return owner


def _who(job: JobState, owner: User) -> Who:
    """The person who asked, from the address they asked from: the job may run elsewhere."""
    return Who(address=job.args.get("address")).acting_as(owner)


def _made(job: JobState, owner: User, action: str, obj, couple_id: int, make: Callable):
    """`make()`'s PDF, with the export audited (or its failure) for the user who asked."""
    try:
        pdf = make()
    except RenderError as error:
        current_app.logger.error("PDF failed: %s for job %s: %s", action, job.id, error)
        _audit(job, owner, action, obj, couple_id, "failed")
        raise jobs.JobFailed(FAILED_RENDER) from error
    _audit(job, owner, action, obj, couple_id, "success")
    return pdf


def _audit(job: JobState, owner: User, action: str, obj, couple_id: int, outcome: str) -> None:
    # An export only reads: its row commits apart, wherever the job runs.
    audit_read(action, who=_who(job, owner), obj=obj, couple_id=couple_id, outcome=outcome)


def _settings(job: JobState) -> PrintSettings:
    return print_settings(job.args["size"], date.fromisoformat(job.args["today"]))


def make_packet(job: JobState) -> bytes:
    owner, args = _owner(job), job.args
    couple = couple_for(_who(job, owner), args["couple_id"])
    return _made(
        job,
        owner,
        "pdf-packet",
        couple,
        couple.id,
        lambda: homework_packet(
            couple,
            _settings(job),
            today=date.fromisoformat(args["today"]),
            full_title=args["full_title"],
            printing=args["printing"],
        ),
    )


def make_record(job: JobState) -> bytes:
    owner = _owner(job)
    couple = couple_for(_who(job, owner), job.args["couple_id"])
    today = date.fromisoformat(job.args["today"])
    return _made(
        job,
        owner,
        "pdf-record",
        couple,
        couple.id,
        lambda: record_pdf(couple, _settings(job), by=owner, today=today),
    )


def make_answers(job: JobState) -> bytes:
    owner = _owner(job)
    found = assignment_for(_who(job, owner), job.args["assignment_id"])
    return _made(
        job,
        owner,
        "pdf-answers",
        found,
        found.couple_id,
        lambda: answers_side_by_side(found, _settings(job), full_title=job.args["full_title"]),
    )


def make_my_answers(job: JobState) -> bytes:
    owner = _owner(job)
    response = response_for(_who(job, owner), job.args["response_id"])
    return _made(
        job,
        owner,
        "pdf-my-answers",
        response,
        response.assignment.couple_id,
        lambda: partner_answers(response, _settings(job)),
    )


jobs.register("packet", make_packet)
jobs.register("record", make_record)
jobs.register("answers", make_answers)
jobs.register("my-answers", make_my_answers)


@jobs.when_the_worker_starts
def _start_render_processes(app) -> None:
    # Spawning and warming them takes seconds: not while the first counselor waits.
    processes.start(Path(app.static_folder), app.config["PDF_PROCESSES"])
