"""The "Preparing your PDF" page of a queued export, its status for the page's script, and
the download. A job is reached only by the user who asked for it: anyone else gets the 404
every other refused record gets, audited."""

from __future__ import annotations

import re

from flask import current_app, jsonify, redirect, render_template, url_for
from flask_login import login_required

from .. import jobs
from ..audit.record import audit_read, refuse
from ..audit.who import Who, request_who
from ..job_store import FINISHED, JobState
from .exports import failed_page, pdf_download
from .views import bp

JOB_ID = re.compile(r"[A-Za-z0-9_-]{16,40}")
QUEUE_DOWN = (
    "We can't reach the service that makes PDFs just now. Nothing was lost: please try again "
    "in a minute."
)


def pdf_job_for(who: Who, job_id: str) -> JobState:
    """The user's own job; a 404 (audited) for another's, an expired or a made-up id."""
    job = jobs.status(job_id, who.actor_id) if JOB_ID.fullmatch(job_id) else None
    if job is None:
        refuse("PdfJob", None, who=who)
    return job


def queue_down(error: Exception):
    current_app.logger.warning("PDF queue unavailable on a job page: %s", error)
    return failed_page(QUEUE_DOWN)


@bp.get("/pdf-jobs/<job_id>")
@login_required
def pdf_job(job_id: str):
    try:
        job = pdf_job_for(request_who(), job_id)
    except jobs.QueueUnavailable as error:
        return queue_down(error)
    return render_template("handouts/pdf_job.html", job=job, retry=job.args.get("retry"))


@bp.get("/pdf-jobs/<job_id>/status")
@login_required
def pdf_job_status(job_id: str):
    try:
        job = pdf_job_for(request_who(), job_id)
    except jobs.QueueUnavailable:
        return jsonify(status="unavailable"), 503
    return jsonify(status=job.status)


@bp.get("/pdf-jobs/<job_id>/download")
@login_required
def pdf_job_download(job_id: str):
    try:
        who = request_who()
        job = pdf_job_for(who, job_id)
        pdf = jobs.result(job_id, who.actor_id) if job.status == FINISHED else None
    except jobs.QueueUnavailable as error:
        return queue_down(error)
    if pdf is None:  # not made yet, failed, or downloaded already: the page says which
        return redirect(url_for("handouts.pdf_job", job_id=job_id))
    # The export was audited where it was made; this row says it reached the person.
    audit_read("pdf-download", who=who, object_type="PdfJob", couple_id=job.args.get("couple_id"))
    return pdf_download(pdf, job.args["filename"])
