"""Where a background job's state lives: never in one process's memory, since several app
hosts may serve the same practice and a worker is another process again.

A job is a kind (what to make), its arguments, the user it belongs to, a state (queued,
started, finished, failed), an error message for people, and once finished the bytes it made.
Those bytes are clinical data: they live in Redis with a TTL (the `rq` backend) or in a
database row (the `thread` and `inline` backends), and are deleted once downloaded or expired.
Never on disk as a file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, delete
from sqlalchemy.orm import Mapped, Session, mapped_column

from .db_types import UTCDateTime, utcnow
from .extensions import db

QUEUED, STARTED, FINISHED, FAILED = "queued", "started", "finished", "failed"


@dataclass(frozen=True)
class JobState:
    id: str
    kind: str
    owner_id: int
    status: str
    args: dict
    created_at: datetime
    started_at: datetime | None = None
    error: str = ""
    result: bytes | None = None


class PdfJob(db.Model):
    """A job of the `thread` or `inline` backend. Its PDF is deleted once downloaded, and the
    row once `PDF_JOB_TTL` has passed (purged whenever a new job is submitted)."""

    __tablename__ = "pdf_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    args: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str] = mapped_column(String(300), default="")
    result: Mapped[bytes | None] = mapped_column(LargeBinary)

    def state(self) -> JobState:
        return JobState(
            id=self.id,
            kind=self.kind,
            owner_id=self.owner_id,
            status=self.status,
            args=json.loads(self.args),
            created_at=self.created_at,
            started_at=self.started_at,
            error=self.error or "",
            result=self.result,
        )


class DatabaseStore:
    """Each call is its own short transaction, apart from the request's unit of work: a job's
    state must be visible to the thread or process that runs it at once."""

    def __init__(self, ttl: timedelta) -> None:
        self.ttl = ttl

    def create(self, job: JobState) -> None:
        with Session(db.engine) as session:
            session.execute(delete(PdfJob).where(PdfJob.created_at < utcnow() - self.ttl))
            session.add(
                PdfJob(
                    id=job.id,
                    kind=job.kind,
                    owner_id=job.owner_id,
                    status=job.status,
                    args=json.dumps(job.args),
                    created_at=job.created_at,
                )
            )
            session.commit()

    def get(self, job_id: str) -> JobState | None:
        with Session(db.engine) as session:
            row = session.get(PdfJob, job_id)
            if row is None or row.created_at < utcnow() - self.ttl:
                return None
            return row.state()

    def update(self, job_id: str, **fields) -> None:
        with Session(db.engine) as session:
            row = session.get(PdfJob, job_id)
            if row is None:
                return
            for name, value in fields.items():
                setattr(row, name, value)
            session.commit()

    def take_result(self, job_id: str) -> bytes | None:
        """The PDF, deleted in the same transaction: a download happens once."""
        with Session(db.engine) as session:
            row = session.get(PdfJob, job_id, with_for_update=True)
            if row is None or row.result is None:
                return None
            pdf, row.result, row.status = row.result, None, "downloaded"
            session.commit()
            return pdf


class RedisStore:
    """A hash per job under `<prefix>:pdf-job:<id>`, expiring `ttl` after it was made."""

    def __init__(self, redis, ttl: timedelta, prefix: str = "trustwork") -> None:
        self.redis = redis
        self.ttl = ttl
        self.prefix = prefix

    def key(self, job_id: str) -> str:
        return f"{self.prefix}:pdf-job:{job_id}"

    def create(self, job: JobState) -> None:
        fields = {
            "kind": job.kind,
            "owner_id": str(job.owner_id),
            "status": job.status,
            "args": json.dumps(job.args),
            "created_at": job.created_at.isoformat(),
        }
        with self.redis.pipeline() as pipe:
            pipe.hset(self.key(job.id), mapping=fields)
            pipe.expire(self.key(job.id), self.ttl)
            pipe.execute()

    def get(self, job_id: str) -> JobState | None:
        raw = self.redis.hgetall(self.key(job_id))
        if not raw or b"owner_id" not in raw:
            return None
        text = {k.decode(): v for k, v in raw.items() if k != b"result"}
        started = text.get("started_at", b"").decode()
        return JobState(
            id=job_id,
            kind=text["kind"].decode(),
            owner_id=int(text["owner_id"]),
            status=text["status"].decode(),
            args=json.loads(text["args"]),
            created_at=datetime.fromisoformat(text["created_at"].decode()),
            started_at=datetime.fromisoformat(started) if started else None,
            error=text.get("error", b"").decode(),
            result=raw.get(b"result"),
        )

    # Only while the hash is there: an update after expiry must not bring back a hash with
    # no owner and no TTL.
    UPDATE = """
    if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
    redis.call('HSET', KEYS[1], unpack(ARGV))
    return 1
    """

    def update(self, job_id: str, **fields) -> None:
        pairs = []
        for name, value in fields.items():
            pairs += [name, value.isoformat() if isinstance(value, datetime) else value]
        self.redis.eval(self.UPDATE, 1, self.key(job_id), *pairs)

    # Read and delete as one step, and only while the job's hash is still there.
    TAKE = """
    local pdf = redis.call('HGET', KEYS[1], 'result')
    if pdf then
        redis.call('HDEL', KEYS[1], 'result')
        redis.call('HSET', KEYS[1], 'status', 'downloaded')
    end
    return pdf
    """

    def take_result(self, job_id: str) -> bytes | None:
        return self.redis.eval(self.TAKE, 1, self.key(job_id))


def with_status(job: JobState, status: str, error: str = "") -> JobState:
    return replace(job, status=status, error=error)
