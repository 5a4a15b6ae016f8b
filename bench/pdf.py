"""PDF rendering figures: our renderer vs bare WeasyPrint, the cache, and memory over time.

Run: .venv/bin/python bench/pdf.py [--renders 200]. Not part of pytest. Exits 1 if any
goal fails.
"""

from __future__ import annotations

import argparse
import gc
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from weasyprint import HTML

from practice import create_app
from practice.handouts.documents import (
    PrintSettings,
    blank_cache,
    blank_handout,
    blank_handout_html,
)
from practice.handouts.render import render_pdf
from practice.library.loader import get_library

SLUG = "weekly-relationship-check-in"  # two pages on letter paper
RATIO_GOAL, CACHE_GOAL, GROWTH_LIMIT_MIB = 1.15, 50.0, 4.0


def seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def interleaved_medians(a: Callable[[], object], b: Callable[[], object], runs: int):
    """Median seconds of a and of b, run turn about so drift in machine load hits both."""
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(seconds(a))
        times_b.append(seconds(b))
    return statistics.median(times_a), statistics.median(times_b)


def rss_mib() -> float:
    """Resident memory now (the kernel's VmRSS), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200, help="renders for the memory run")
    parser.add_argument("--runs", type=int, default=15, help="timed runs per median")
    args = parser.parse_args()

    db = Path(tempfile.mkdtemp()) / "bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db}", "TESTING": True})
    static = Path(app.static_folder)
    with app.app_context():
        worksheet = get_library().get(SLUG)
        settings = PrintSettings(app.config["PRACTICE_NAME"], "letter", static, timeout=30)
        html = blank_handout_html(worksheet, settings, fillable=False)

        def ours() -> bytes:
            return render_pdf(html, base_url=static, timeout=30)

        def bare() -> bytes:
            return HTML(string=html, base_url=static.as_uri() + "/").write_pdf()

        pages = len(PdfReader(io.BytesIO(ours())).pages)
        for _ in range(3):  # warm both: fonts, templates, CSS parsing caches
            ours(), bare()
        t_ours, t_bare = interleaved_medians(ours, bare, args.runs)
        ratio = t_ours / t_bare

        blank_cache.clear()
        blank_handout(worksheet, settings, fillable=False)  # fills the cache
        hits = [
            seconds(lambda: blank_handout(worksheet, settings, fillable=False)) for _ in range(200)
        ]
        t_hit = statistics.median(hits)
        speedup = t_ours / t_hit

        rss = {}
        for n in range(1, args.renders + 1):
            ours()
            if n in (50, args.renders):
                gc.collect()
                rss[n] = rss_mib()
        growth = rss[args.renders] - rss[50]

    rows = [
        ("render_pdf (ours)", f"{t_ours * 1000:9.1f} ms", ""),
        ("bare WeasyPrint", f"{t_bare * 1000:9.1f} ms", ""),
        ("ratio ours / bare", f"{ratio:9.3f}", f"goal <= {RATIO_GOAL}", ratio <= RATIO_GOAL),
        ("cached repeat", f"{t_hit * 1e6:9.1f} us", ""),
        ("render / cached", f"{speedup:9.0f}x", f"goal >= {CACHE_GOAL:g}x", speedup >= CACHE_GOAL),
        ("RSS after render 50", f"{rss[50]:9.1f} MiB", ""),
        (f"RSS after render {args.renders}", f"{rss[args.renders]:9.1f} MiB", ""),
        ("peak RSS", f"{peak_rss_mib():9.1f} MiB", ""),
        (
            f"growth 50 -> {args.renders}",
            f"{growth:+9.1f} MiB",
            f"goal: none (<= {GROWTH_LIMIT_MIB:g} MiB noise)",
            growth <= GROWTH_LIMIT_MIB,
        ),
    ]
    print(f"PDF benchmark: {SLUG!r}, {pages} pages, letter; medians of {args.runs} warm runs")
    for name, figure, goal, *ok in rows:
        print(f"  {name:<24}{figure:>14}   {goal:<34}{verdict(ok[0]) if ok else ''}")
    ok = pages == 2 and ratio <= RATIO_GOAL and speedup >= CACHE_GOAL
    return 0 if ok and growth <= GROWTH_LIMIT_MIB else 1


if __name__ == "__main__":
    sys.exit(main())
