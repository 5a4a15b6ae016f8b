"""One function per kind of PDF: gather what the print template needs, render, cache.

Each kind has a template in templates/pdf/ extending pdf/base.html. Later kinds (an
assignment's personalised handout, completed responses, a homework packet, a chart export)
follow `blank_handout`: a function taking explicit arguments that returns PDF bytes.
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

blank_cache = PdfCache(limit=64)


@dataclass(frozen=True)
class PrintSettings:
    practice_name: str
    page_size: str = "letter"
    static_root: Path = STATIC_ROOT
    timeout: float | None = None

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


def blank_handout(worksheet: Worksheet, settings: PrintSettings, *, fillable: bool) -> bytes:
    """The worksheet with room to write by hand, or as a fillable PDF form."""
    key = (worksheet.content_hash, fillable, settings.page_size, settings.practice_name)

    def make() -> bytes:
        html = blank_handout_html(worksheet, settings, fillable=fillable)
        return render_pdf(
            html, base_url=settings.static_root, forms=fillable, timeout=settings.timeout
        )

    return blank_cache.get_or_make(key, make)


def blank_handout_html(worksheet: Worksheet, settings: PrintSettings, *, fillable: bool) -> str:
    return render_template(
        "pdf/blank_handout.html",
        worksheet=worksheet,
        fillable=fillable,
        audience=AUDIENCE_LINES[worksheet.audience],
        doc_title=worksheet.title,
        practice_name=settings.practice_name,
        page_size=settings.page_size,
    )


def download_name(slug: str, day: date, *, fillable: bool = False) -> str:
    """A file name from a library slug (a-z, 0-9, '-') and a date: never raw user text."""
    safe = "".join(c for c in slug.lower() if c.isascii() and (c.isalnum() or c == "-"))
    return f"{safe[:80] or 'handout'}-{day.isoformat()}{'-fillable' if fillable else ''}.pdf"
