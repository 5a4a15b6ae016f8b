"""Where a homework packet's render time goes (`bench/loop.py --breakdown` calls this).

Medians of warm runs, each step on its own: the print template, parsing the HTML, the CSS
(our three sheets parsed on their own), layout, writing the PDF (tagged, as we ship it, and
untagged), the screen edition against the print one, each copy alone, and two partners'
copies laid out one after the other against on two threads at once.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from flask import render_template
from weasyprint import CSS, HTML

from practice.assignments.queries import open_assignments
from practice.handouts.documents import PrintSettings, _print_context
from practice.handouts.homework import copies_of
from practice.handouts.render import VARIANT, _font_config, fetcher_for

SHEETS = ("pdf/print.css", "pdf/worksheet.css", "pdf/documents.css")


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def breakdown(couple, static: Path, runs: int) -> None:
    fetcher = fetcher_for(static)
    fonts = _font_config()
    settings = PrintSettings("Harbor Light Counseling", "letter", static)
    entries = [(a, copies_of(a, unfinished_only=True)) for a in open_assignments(couple)]

    def packet_html(chosen=entries, printing=False) -> str:
        return render_template(
            "pdf/packet.html",
            couple=couple,
            entries=chosen,
            today=date.today(),
            full_title=False,
            printing=printing,
            doc_title="Homework packet",
            **_print_context(settings),
        )

    def page(html: str) -> HTML:
        return HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher)

    def layout(html: str, variant=VARIANT):
        return page(html).render(font_config=fonts, pdf_variant=variant)

    screen, printed = packet_html(), packet_html(printing=True)
    layout(screen).write_pdf(pdf_variant=VARIANT)  # warm
    screen_doc = layout(screen)
    rows = [
        ("print template (Jinja)", median_ms(packet_html, runs)),
        ("parse the HTML", median_ms(lambda: page(screen), runs)),
        (
            "parse our 3 stylesheets",
            median_ms(
                lambda: [CSS(url=fetcher.base_url + s, url_fetcher=fetcher) for s in SHEETS], runs
            ),
        ),
        (
            f"layout, screen ({len(screen_doc.pages)} pages)",
            median_ms(lambda: layout(screen), runs),
        ),
        (
            f"layout, print ({len(layout(printed).pages)} pages)",
            median_ms(lambda: layout(printed), runs),
        ),
        ("layout, untagged", median_ms(lambda: layout(screen, None), runs)),
        ("write the PDF (tagged)", median_ms(lambda: screen_doc.write_pdf(pdf_variant=VARIANT), 3)),
        ("cover alone", median_ms(lambda: layout(packet_html([])), runs)),
    ]
    for assignment, copies in entries:
        html = packet_html([(assignment, copies)])
        label = f"  + {assignment.slug[:28]} x{len(copies)}"
        rows.append((label, median_ms(lambda h=html: layout(h), runs)))
    pair = next(((a, c) for a, c in entries if len(c) == 2), None)
    if pair:
        one = [packet_html([(pair[0], [copy])]) for copy in pair[1]]
        rows.append(("two copies, one after other", median_ms(lambda: [layout(h) for h in one], 3)))
        with ThreadPoolExecutor(2) as pool:
            rows.append(
                (
                    "two copies, two threads",
                    median_ms(lambda: list(pool.map(lambda h: layout(h, None), one)), 3),
                )
            )
    print("Where the packet's time goes (medians, ms)")
    for name, ms in rows:
        print(f"  {name:<40}{ms:8.0f}")
