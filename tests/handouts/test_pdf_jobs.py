"""Long PDFs off the request path (practice/jobs.py, handouts/exports.py): the waiting page,
the download (once), isolation, failures, lost jobs, the rq queue on a real Redis, and Redis
down without a 500."""

from __future__ import annotations

import logging
import time
import uuid
from datetime import timedelta

import pytest
from redis import Redis

from practice import jobs
from practice.config import ConfigError, from_environment
from practice.db_types import utcnow
from practice.job_store import STARTED, DatabaseStore, JobState

from ..test_rate_limit_workers import REDIS, redis_answers
from .cases import audit_rows, response_ids, set_answers, signed_in_as
from .pdfs import text_of

needs_redis = pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def case(app, counselor, make_couple, make_assignment):
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    assignment = make_assignment(couple, "preparing-for-counseling")
    jordan, _ = response_ids(assignment)
    set_answers(app, jordan, {"why_now": "Because we promised."}, "submitted")
    return couple, assignment


@pytest.fixture
def threaded(app):
    app.config["PDF_JOBS"] = "thread"
    return app


@pytest.fixture
def queued(app):
    """The rq backend on the real Redis, under a key prefix (and queue) of this test's own."""
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    app.config.update(PDF_JOBS="rq", REDIS_URL=REDIS, RATELIMIT_KEY_PREFIX=prefix)
    yield app
    redis = Redis.from_url(REDIS)
    for key in redis.scan_iter(f"{prefix}*"):
        redis.delete(key)
    for key in redis.scan_iter(f"rq:*{prefix}-pdf*"):
        redis.delete(key)


def job_id_of(response) -> str:
    assert response.status_code == 303, response.status_code
    assert response.location.startswith("/pdf-jobs/")
    return response.location.rsplit("/", 1)[1]


def wait_for(browser, job_id: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = browser.get(f"/pdf-jobs/{job_id}/status").get_json()["status"]
        if status not in ("queued", "started"):
            return status
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still waiting after {seconds} s")


def test_a_record_is_prepared_then_downloaded_once(threaded, signed_in, counselor, case):
    couple, _ = case
    job_id = job_id_of(signed_in.get(f"/handouts/cases/{couple.id}/record.pdf?size=a4"))
    page = signed_in.get(f"/pdf-jobs/{job_id}").get_data(as_text=True)
    assert "Preparing your PDF" in page or "Your PDF is ready" in page
    assert "js/pdf_job.js" in page
    if "Preparing your PDF" in page:  # without JavaScript, the page refreshes itself
        assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert wait_for(signed_in, job_id) == "finished"
    ready = signed_in.get(f"/pdf-jobs/{job_id}").get_data(as_text=True)
    assert "Your PDF is ready" in ready
    assert f'content="0;url=/pdf-jobs/{job_id}/download"' in ready

    download = signed_in.get(f"/pdf-jobs/{job_id}/download")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith(
        f"attachment; filename=case-{couple.id}-record-"
    )
    assert download.headers["Cache-Control"] == "no-store"
    assert "Jordan Ellis" in text_of(download.data)
    (made,) = audit_rows(threaded, "pdf-record")
    assert (made.actor_id, made.couple_id, made.outcome) == (counselor.id, couple.id, "success")
    assert made.ip_address == "127.0.0.1"
    assert [row.couple_id for row in audit_rows(threaded, "pdf-download")] == [couple.id]

    # Handed over once: the PDF is not kept.
    again = signed_in.get(f"/pdf-jobs/{job_id}/download")
    assert again.status_code == 302 and again.location == f"/pdf-jobs/{job_id}"
    gone = signed_in.get(f"/pdf-jobs/{job_id}").get_data(as_text=True)
    assert "Your PDF was downloaded" in gone
    assert f'href="/handouts/cases/{couple.id}/record.pdf?size=a4"' in gone  # make it again


def test_packet_and_answers_go_through_the_queue_too(threaded, signed_in, case):
    couple, assignment = case
    for url in (
        f"/handouts/cases/{couple.id}/packet.pdf",
        f"/handouts/assignments/{assignment.id}/answers.pdf",
    ):
        job_id = job_id_of(signed_in.get(url))
        assert wait_for(signed_in, job_id) == "finished", url
        assert b"%PDF" in signed_in.get(f"/pdf-jobs/{job_id}/download").data[:8]


def test_a_partners_own_answers_go_through_the_queue(threaded, case, make_client_account):
    couple, assignment = case
    jordan, _ = response_ids(assignment)
    partner = signed_in_as(threaded, make_client_account(couple, 1))
    job_id = job_id_of(partner.get(f"/portal/responses/{jordan}.pdf"))
    assert wait_for(partner, job_id) == "finished"
    assert "Because we promised." in text_of(partner.get(f"/pdf-jobs/{job_id}/download").data)


def test_blank_handouts_stay_instant(threaded, signed_in):
    response = signed_in.get("/handouts/worksheets/trust-rebuilding-plan.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_another_counselor_gets_404_and_is_audited(threaded, signed_in, case, make_user):
    couple, _ = case
    job_id = job_id_of(signed_in.get(f"/handouts/cases/{couple.id}/record.pdf"))
    assert wait_for(signed_in, job_id) == "finished"
    intruder = signed_in_as(threaded, make_user(name="Other Counselor"))
    for url in (
        f"/pdf-jobs/{job_id}",
        f"/pdf-jobs/{job_id}/status",
        f"/pdf-jobs/{job_id}/download",
    ):
        response = intruder.get(url)
        assert response.status_code == 404, url
        assert b"Jordan" not in response.data and b"%PDF" not in response.data
    refusals = [
        row for row in audit_rows(threaded, "access-refused") if row.object_type == "PdfJob"
    ]
    assert len(refusals) == 3 and {row.outcome for row in refusals} == {"denied"}
    # The owner's PDF is still there, untouched by the refused attempts.
    assert b"%PDF" in signed_in.get(f"/pdf-jobs/{job_id}/download").data[:8]
    for made_up in ("x" * 24, "no", "../../etc"):
        assert signed_in.get(f"/pdf-jobs/{made_up}").status_code == 404


def test_a_failed_job_says_so_and_offers_to_try_again(threaded, signed_in, case):
    couple, _ = case
    threaded.config["PDF_RENDER_TIMEOUT"] = 1e-6  # every render is too slow
    url = f"/handouts/cases/{couple.id}/packet.pdf?printing=1"
    job_id = job_id_of(signed_in.get(url))
    assert wait_for(signed_in, job_id) == "failed"
    page = signed_in.get(f"/pdf-jobs/{job_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "We couldn't make this PDF" in text and "Nothing was lost" in text
    assert f'href="/handouts/cases/{couple.id}/packet.pdf?printing=1">Try again' in text
    assert "http-equiv" not in text  # nothing left to wait for
    assert [row.outcome for row in audit_rows(threaded, "pdf-packet")] == ["failed"]


def test_a_lost_job_fails_with_a_clear_message(threaded, signed_in, counselor, case):
    """A started job whose worker died is failed once PDF_JOB_TIMEOUT has passed, not left
    waiting until its TTL."""
    couple, _ = case
    args = {"couple_id": couple.id, "filename": "x.pdf", "retry": "/again"}
    long_ago = utcnow() - timedelta(minutes=5)
    with threaded.app_context():
        store = DatabaseStore(timedelta(minutes=10))
        store.create(
            JobState("lost-job-0123456789ab", "record", counselor.id, STARTED, args, long_ago)
        )
        store.update("lost-job-0123456789ab", status=STARTED, started_at=long_ago)
        store.create(
            JobState("fresh-job-0123456789a", "record", counselor.id, STARTED, args, utcnow())
        )
        store.update("fresh-job-0123456789a", status=STARTED, started_at=utcnow())
    text = signed_in.get("/pdf-jobs/lost-job-0123456789ab").get_data(as_text=True)
    assert jobs.LOST_STARTED in text and 'href="/again">Try again' in text
    assert signed_in.get("/pdf-jobs/lost-job-0123456789ab/status").get_json() == {
        "status": "failed"
    }
    assert signed_in.get("/pdf-jobs/fresh-job-0123456789a/status").get_json() == {
        "status": "started"
    }


def test_expired_jobs_are_gone(threaded, signed_in, counselor, case):
    couple, _ = case
    job_id = job_id_of(signed_in.get(f"/handouts/cases/{couple.id}/record.pdf"))
    assert wait_for(signed_in, job_id) == "finished"
    threaded.config["PDF_JOB_TTL"] = 1
    threaded.extensions.pop("pdf_jobs")  # the backend is built again with the new TTL
    time.sleep(1.2)
    assert signed_in.get(f"/pdf-jobs/{job_id}/download").status_code == 404


@needs_redis
def test_the_rq_worker_makes_the_pdf_and_redis_holds_it_with_a_ttl(queued, signed_in, case, runner):
    couple, _ = case
    job_id = job_id_of(signed_in.get(f"/handouts/cases/{couple.id}/record.pdf"))
    assert signed_in.get(f"/pdf-jobs/{job_id}/status").get_json() == {"status": "queued"}
    redis = Redis.from_url(REDIS)
    key = f"{queued.config['RATELIMIT_KEY_PREFIX']}:pdf-job:{job_id}"
    assert 0 < redis.ttl(key) <= queued.config["PDF_JOB_TTL"]

    result = runner.invoke(args=["worker", "--burst", "--nice", "0"])
    assert result.exit_code == 0, result.output
    assert signed_in.get(f"/pdf-jobs/{job_id}/status").get_json() == {"status": "finished"}
    assert redis.hexists(key, "result")
    download = signed_in.get(f"/pdf-jobs/{job_id}/download")
    assert "Jordan Ellis" in text_of(download.data)
    assert not redis.hexists(key, "result")  # deleted once handed over
    assert redis.ttl(key) > 0  # what is left still expires
    assert [row.outcome for row in audit_rows(queued, "pdf-record")] == ["success"]


@needs_redis
def test_the_worker_starts_its_render_processes_before_its_first_job(queued, runner):
    """So the first packet after a restart does not wait seconds for processes to start."""
    from practice.handouts import processes

    queued.config["PDF_PROCESSES"] = 2
    processes.shutdown()
    result = runner.invoke(args=["worker", "--burst", "--nice", "0"])  # no job is queued
    assert result.exit_code == 0, result.output
    started = list(processes._pool._processes.values())
    assert len(started) == 2 and all(process.is_alive() for process in started)


@needs_redis
def test_a_job_no_worker_takes_up_is_reported_lost(queued, signed_in, case):
    couple, _ = case
    queued.config["PDF_JOB_TIMEOUT"] = 1
    job_id = job_id_of(signed_in.get(f"/handouts/cases/{couple.id}/packet.pdf"))
    time.sleep(1.2)
    text = signed_in.get(f"/pdf-jobs/{job_id}").get_data(as_text=True)
    assert jobs.LOST_QUEUED in text and "Try again" in text


def test_redis_down_makes_the_pdf_in_the_request_and_logs_it(app, signed_in, case, caplog):
    couple, _ = case
    app.config.update(PDF_JOBS="rq", REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens
    caplog.set_level(logging.WARNING)
    response = signed_in.get(f"/handouts/cases/{couple.id}/record.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "PDF queue unavailable" in caplog.text
    assert [row.outcome for row in audit_rows(app, "pdf-record")] == ["success"]
    # A waiting page asked for while Redis is down: a clear page, never a 500.
    page = signed_in.get("/pdf-jobs/abcdefghijklmnopqrstuvwx")
    assert page.status_code == 503
    assert b"reach the service that makes PDFs" in page.data
    assert signed_in.get("/pdf-jobs/abcdefghijklmnopqrstuvwx/status").status_code == 503


def test_settings_come_from_the_environment(tmp_path):
    base = {"TRUSTWORK_ENV": "development", "SECRET_KEY": "k" * 40}
    embedded = from_environment(tmp_path, base)
    assert (embedded["PDF_JOBS"], embedded["PDF_JOB_THREADS"]) == ("thread", 2)
    assert (embedded["PDF_JOB_TTL"], embedded["PDF_JOB_TIMEOUT"]) == (600, 120)
    production = from_environment(
        tmp_path,
        {**base, "REDIS_URL": REDIS, "PDF_JOB_THREADS": "4", "PDF_JOB_TTL": "300"},
    )
    assert (production["PDF_JOBS"], production["PDF_JOB_THREADS"]) == ("rq", 4)
    assert production["PDF_JOB_TTL"] == 300
    with pytest.raises(ConfigError, match="REDIS_URL"):
        from_environment(tmp_path, {**base, "PDF_JOBS": "rq"})
    with pytest.raises(ConfigError, match="PDF_JOBS"):
        from_environment(tmp_path, {**base, "PDF_JOBS": "celery"})
    with pytest.raises(ConfigError, match="PDF_JOB_THREADS"):
        from_environment(tmp_path, {**base, "PDF_JOB_THREADS": "0"})


def test_the_thread_pool_has_the_configured_size(app):
    app.config.update(PDF_JOBS="thread", PDF_JOB_THREADS=3)
    with app.app_context():
        assert jobs._backend().pool._max_workers == 3
