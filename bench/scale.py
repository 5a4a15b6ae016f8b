"""Page cost against practice size: every counselor and portal page at 50 cases and at N.

Builds (once, then reuses) two counselors in the configured database, one with 50 cases and
one with N (default 5,000), with realistic text (bench/scale_build.py). Then, signed in as
each through the real sign-in, it times every page in the same process, turn about with a
bare Flask page, and counts each page's queries. Prints, per page: the median as a multiple
of the bare page at 50 and at N cases, the query counts at 50 and at N, and whether the
goals hold: equal query counts, and the median at N no more than 2x the median at 50.

Run: DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_scale \\
     .venv/bin/python bench/scale.py [--cases 5000] [--runs 15]
Without DATABASE_URL it uses bench/out/scale.sqlite. Not part of pytest. Exits 1 if a goal
fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event, select, text

from practice import create_app
from practice.extensions import db
from practice.models import Assignment, Couple, Response, SessionNote, TherapySession, User

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_build import build, counts

SMALL = 50
TIME_GOAL = 2.0
PASSWORD = "bench password 1"  # noqa: S105  (the bench practice's own accounts)


def counselor_pages(ids: dict) -> list[tuple[str, str]]:
    return [
        ("dashboard", "/dashboard"),
        ("dashboard: waiting for review", "/dashboard/review"),
        ("dashboard: overdue", "/dashboard/overdue"),
        ("dashboard: flagged answers", "/dashboard/flags"),
        ("cases", "/cases/"),
        ("cases: search", "/cases/?q=noor"),
        ("cases: paused", "/cases/?status=paused"),
        ("sessions", "/sessions/"),
        ("note search", "/notes/search?q=budget"),
        ("note search: two words", "/notes/search?q=jealousy+colleague"),
        ("note search: page 3", "/notes/search?q=budget&page=3"),
        ("assign: case picker", "/assignments/new"),
        ("assign: picker search", "/assignments/new?q=noor"),
        ("assign: form", f"/assignments/new?couple_id={ids['couple']}"),
        ("case page", f"/cases/{ids['couple']}"),
        ("case timeline", f"/cases/{ids['couple']}/timeline"),
        ("check-ins of a case", f"/cases/{ids['couple']}/check-ins"),
        ("session", f"/sessions/{ids['session']}"),
        ("note", f"/sessions/{ids['session']}/note"),
        ("assignment review", f"/assignments/{ids['assignment']}"),
        ("library", "/library/"),
    ]


def portal_pages(ids: dict) -> list[tuple[str, str]]:
    return [
        ("portal home", "/portal/"),
        ("portal: a worksheet", f"/portal/responses/{ids['response']}"),
        ("portal: check-ins", "/portal/check-ins/"),
    ]


def ids_for(counselor: User) -> dict:
    # The most recently active case with homework still open, at either size: pages then
    # show the same kinds of things, so query counts compare size and nothing else.
    open_homework = (
        select(Assignment.id).where(Assignment.couple_id == Couple.id, Assignment.is_open).exists()
    )
    couple = db.session.scalar(
        select(Couple)
        .where(Couple.counselor_id == counselor.id, Couple.status == "active", open_homework)
        .order_by(Couple.last_activity_at.desc())
        .limit(1)
    )
    session_id = _newest_session_with_a_note(couple)
    assignment_id = db.session.scalar(
        select(Assignment.id).where(Assignment.couple_id == couple.id).limit(1)
    )
    client = couple.partners[0]
    response_id = db.session.scalar(
        select(Response.id).where(Response.client_id == client.id).limit(1)
    )
    partner = db.session.get(User, client.user_id)
    return {
        "couple": couple.id,
        "session": session_id,
        "assignment": assignment_id,
        "response": response_id,
        "partner_email": partner.email,
    }


def _newest_session_with_a_note(couple: Couple) -> int:
    return db.session.scalar(
        select(TherapySession.id)
        .join(SessionNote)
        .where(TherapySession.couple_id == couple.id)
        .order_by(TherapySession.starts_at.desc())
        .limit(1)
    )


class Meter:
    def __init__(self, app):
        self.queries = 0
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", self._count)

    def _count(self, *args, **kwargs):
        self.queries += 1


def signed_in(app, email: str):
    client = app.test_client()
    response = client.post("/auth/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"sign-in as {email} failed"
    return client


def queries_of(client, meter: Meter, url: str) -> int:
    for _ in range(2):  # warm: templates compiled, last-seen refreshed
        assert client.get(url).status_code == 200, url
    before = meter.queries
    client.get(url)
    return meter.queries - before


def timed(client, url: str) -> float:
    start = time.perf_counter()
    status = client.get(url).status_code
    assert status == 200, f"{url}: {status}"
    return time.perf_counter() - start


def measure(small, large, bare, meter: Meter, runs: int) -> dict:
    """Each page at both sizes and the bare page, turn about, so a change in the machine's
    load (2 cores, shared) hits all three alike. Medians are in units of the bare page."""
    (client_s, url_s), (client_l, url_l) = small, large
    queries = (queries_of(client_s, meter, url_s), queries_of(client_l, meter, url_l))
    times: tuple[list, list, list] = ([], [], [])
    for _ in range(runs):
        times[0].append(timed(client_s, url_s))
        times[1].append(timed(client_l, url_l))
        times[2].append(timed(bare, "/_bare"))
    small_t, large_t, bare_t = (statistics.median(t) for t in times)
    return {
        "x_small": small_t / bare_t,
        "x_large": large_t / bare_t,
        "growth": large_t / small_t,
        "queries": queries,
        "ms": (small_t * 1e3, large_t * 1e3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    if not url:
        out = Path(__file__).resolve().parent / "out"
        out.mkdir(exist_ok=True)
        url = f"sqlite:///{out / 'scale.sqlite'}"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            # Rate limits stay on (in memory): sign-in counts each attempt in the limiter's
            # store, which a disabled limiter never opens. The bench signs in four times.
        }
    )
    app.add_url_rule("/_bare", "bare", lambda: "ok")
    started = time.perf_counter()
    with app.app_context():
        upgrade()
        practices = {}
        for size in (SMALL, args.cases):
            counselor = build(f"bench-{size}@example.org", size)
            practices[size] = (counselor.email, ids_for(counselor), counts(counselor))
        db.session.commit()
        # Fresh statistics, as autovacuum keeps them in production: bulk-loaded tables
        # would otherwise be planned as if empty.
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    print(f"database: {url.split('@')[-1]}")
    print(f"built or found in {time.perf_counter() - started:.0f} s")
    for size, (_, _, sizes) in practices.items():
        print(f"  {size} cases: " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()))
    meter = Meter(app)
    bare = app.test_client()
    sizes = (SMALL, args.cases)
    clients = {
        size: (
            signed_in(app, practices[size][0]),
            signed_in(app, practices[size][1]["partner_email"]),
        )
        for size in sizes
    }
    results = {}
    for who, pages in ((0, counselor_pages), (1, portal_pages)):
        small, large = (list(pages(practices[size][1])) for size in sizes)
        for (name, url_s), (_, url_l) in zip(small, large, strict=True):
            results[name] = measure(
                (clients[SMALL][who], url_s),
                (clients[args.cases][who], url_l),
                bare,
                meter,
                args.runs,
            )
    return report(results, args.cases)


def report(results: dict, large: int) -> int:
    head = (
        f"{'page':31} {'ms @50':>7} {f'ms @{large}':>9} {'x bare @50':>10} "
        f"{f'x bare @{large}':>12} {f'@{large}/@50':>10} {'queries @50':>11} "
        f"{f'@{large}':>6}  goals"
    )
    print(head)
    print("-" * len(head))
    failed = 0
    for name, r in results.items():
        ok = r["queries"][0] == r["queries"][1] and r["growth"] <= TIME_GOAL
        failed += not ok
        print(
            f"{name:31} {r['ms'][0]:7.1f} {r['ms'][1]:9.1f} {r['x_small']:10.1f} "
            f"{r['x_large']:12.1f} {r['growth']:10.2f} {r['queries'][0]:11} "
            f"{r['queries'][1]:6}  {'PASS' if ok else 'FAIL'}"
        )
    print(
        f"\n{len(results) - failed} of {len(results)} pages meet both goals "
        f"(equal query counts; median at {large} <= {TIME_GOAL}x the median at {SMALL})."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
