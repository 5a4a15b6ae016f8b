"""What every PDF shares (settings, safe file names, `render_document`) and the blank handout.

Each kind has a template in templates/pdf/ extending pdf/base.html and a function taking
explicit arguments that returns PDF bytes: the blank handout here, homework in homework.py,
answers in answers.py, the case record in record.py. Only the blank handout, which holds no
client data, is cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import render_template

from ..library.schema import Worksheet
from .cache import PdfCache
from .render import STATIC_ROOT, render_pdf

PAGE_SIZES = ("letter", "a4")
AUDIENCE_LINES = {
    "each-partner": "For each partner to fill in on their own",
    "one-partner": "For one partner to fill in",
    "together": "For the two of you to fill in together",
}

READING_LINE = "To read on your own"

blank_cache = PdfCache(limit=64)


@dataclass(frozen=True)
class PrintSettings:
    practice_name: str
    page_size: str = "letter"
    contact: str = ""  # the practice's contact line, for the foot of each page
    printed: date | None = None  # the practice's today, printed in the foot
    static_root: Path = STATIC_ROOT
    timeout: float | None = None
    processes: int = 1  # render processes for a packet's copies (processes.py)

    def __post_init__(self) -> None:
        if self.page_size not in PAGE_SIZES:
            raise ValueError(f"page size must be one of {', '.join(PAGE_SIZES)}")


def page_size_or_default(asked: str | None, setting: str | None) -> str | None:
    """The page size asked for, normalised; None if it is not one we know.

    Nothing asked means the practice's setting, or letter when that is unset or unknown.
    """
    if asked:
        size = asked.strip().lower()
        return size if size in PAGE_SIZES else None
    size = (setting or "").strip().lower()
    return size if size in PAGE_SIZES else "letter"


def blank_handout(
    worksheet: Worksheet, settings: PrintSettings, *, fillable: bool, full_title: bool = False
) -> bytes:
    """The worksheet with room to write by hand, or as a fillable PDF form.

    A private safety worksheet prints as "Wellbeing worksheet" unless `full_title`.
    """
    full_title = full_title or not worksheet.discreet
    key = (worksheet.content_hash, fillable, settings, full_title)

    def make() -> bytes:
        html = blank_handout_html(worksheet, settings, fillable=fillable, full_title=full_title)
        return render_pdf(
            html,
            base_url=settings.static_root,
            forms=fillable,
            balance=True,
            timeout=settings.timeout,
        )

    return blank_cache.get_or_make(key, make)


def blank_handout_html(
    worksheet: Worksheet, settings: PrintSettings, *, fillable: bool, full_title: bool = False
) -> str:
    return render_template(
        "pdf/blank_handout.html",
        worksheet=worksheet,
        fillable=fillable,
        audience=READING_LINE if worksheet.is_reading else AUDIENCE_LINES[worksheet.audience],
        full_title=full_title,
        doc_title=worksheet.print_title(full_title),
        **print_context(settings),
    )


def render_document(template: str, settings: PrintSettings, **context) -> bytes:
    """A print template rendered to PDF: no form fields, never cached (it holds client data)."""
    html = render_template(template, **print_context(settings), **context)
    return render_pdf(html, base_url=settings.static_root, timeout=settings.timeout)


def print_context(settings: PrintSettings) -> dict:
    return {
        "practice_name": settings.practice_name,
        "practice_contact": settings.contact,
        "printed": settings.printed,
        "page_size": settings.page_size,
    }


def download_name(slug: str, day: date, *, fillable: bool = False, kind: str = "") -> str:
    """A file name from a slug (a-z, 0-9, '-'), a kind and a date: never raw user text."""
    safe = _slug_only(slug)[:80] or "handout"
    suffix = _slug_only(kind)[:40]
    parts = [safe, suffix, day.isoformat(), "fillable" if fillable else ""]
    return "-".join(part for part in parts if part) + ".pdf"


def _slug_only(text: str) -> str:
    return "".join(c for c in text.lower() if c.isascii() and (c.isalnum() or c == "-"))
