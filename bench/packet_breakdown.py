"""Where a homework packet's render time goes (`bench/loop.py --breakdown` calls this).

Medians of warm runs. The packet is a cover and one document per copy (homework.py): each
part alone on a warm engine in this process, their sum (the work there is to share out),
the copies in the render processes, the join, and the whole packet with one process and
with the configured number.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from flask import current_app, render_template

from practice.assignments.queries import in_the_packet, open_assignments
from practice.handouts.documents import PrintSettings, print_context
from practice.handouts.engine import Engine
from practice.handouts.homework import copies_of, homework_packet
from practice.handouts.join import join_tagged
from practice.handouts.processes import render_each


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def breakdown(couple, static: Path, runs: int) -> None:
    processes = current_app.config["PDF_PROCESSES"]
    settings = PrintSettings("Harbor Light Counseling", "letter", static_root=static)
    entries = [
        (a, copies_of(a, unfinished_only=True)) for a in in_the_packet(open_assignments(couple))
    ]
    context = {**print_context(settings), "doc_title": ""}
    cover = render_template(
        "pdf/packet.html",
        couple=couple,
        entries=entries,
        today=date.today(),
        starts={a.id: 2 for a, _ in entries},
        **context,
    )
    copies = [
        (a.slug, render_template("pdf/packet_copy.html", copy=c, anchor="", **context))
        for a, listed in entries
        for c in listed
    ]
    engine = Engine(static)
    rows = []
    parts = []
    for name, html in [("cover", cover), *copies]:
        made = engine.render(html)
        parts.append(made.pdf)
        ms = median_ms(lambda h=html: engine.render(h), runs)
        rows.append((f"  {name[:30]} ({made.pages} p)", ms))
    rows.append(("sum of the parts (one core)", sum(ms for _, ms in rows)))
    htmls = [html for _, html in copies]
    render_each(htmls, root=static, processes=processes)  # the processes started and warm
    rows.append(
        (
            f"the copies in {processes} processes",
            median_ms(lambda: render_each(htmls, root=static, processes=processes), runs),
        )
    )
    rows.append(("join the parts", median_ms(lambda: join_tagged(parts), runs)))
    for n in sorted({1, processes}):
        one = replace(settings, processes=n)
        rows.append(
            (
                f"whole packet, {n} process{'es' if n > 1 else ''}",
                median_ms(lambda s=one: homework_packet(couple, s, today=date.today()), runs),
            )
        )
    print("Where the packet's time goes (medians, ms)")
    for name, ms in rows:
        print(f"  {name:<40}{ms:8.0f}")
