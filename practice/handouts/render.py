"""HTML to PDF: one pure function over WeasyPrint, with a locked fetcher and a time limit."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..resources import STATIC
from .engine import VARIANT, Engine, Rendered

STATIC_ROOT = STATIC
log = logging.getLogger(__name__)
__all__ = ["VARIANT", "RenderError", "RenderTimeout", "render_counted", "render_pdf"]

# Every render runs on this small pool. A render over its time limit cannot be killed
# (WeasyPrint runs in-process): it holds one worker, and the pool bounds how many pile up.
# Each worker keeps one Engine: a new FontConfiguration per render leaks native memory
# (about 0.2 MiB a render with WeasyPrint 70), a reused one does not.
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="pdf-render")
_worker = threading.local()


class RenderError(RuntimeError):
    """The PDF could not be made. The message is fit to show to a user."""


class RenderTimeout(RenderError):
    pass


def render_pdf(html: str, **options: Any) -> bytes:
    """The PDF of `html` alone: render_counted without the page count."""
    return render_counted(html, **options).pdf


def render_counted(
    html: str,
    *,
    base_url: str | Path = STATIC_ROOT,
    forms: bool = False,
    balance: bool = False,
    timeout: float | None = None,
) -> Rendered:
    """The PDF of `html` and its number of pages; relative URLs resolve against, and only
    reach, `base_url`.

    `base_url` is our static folder: the fetcher serves files below it and nothing else.
    `forms` turns inputs and textareas into AcroForm fields. Attachments are never embedded.
    `balance` lays a worksheet out again when its last page would hold a leftover question.
    Every PDF is tagged (PDF/UA-1): headings, reading order and labelled fields for screen
    readers.
    With a `timeout` (seconds), a slower render raises RenderTimeout.
    """
    future = _pool.submit(_render, html, _folder(base_url), forms, balance)
    try:
        return future.result(timeout=timeout)
    except FutureTimeout:
        future.cancel()
        raise RenderTimeout(f"the PDF took longer than {timeout:g} seconds to make") from None


def engine_for(root: Path) -> Engine:
    """This thread's Engine for `root`, new if its fonts' folder has gone."""
    engines = getattr(_worker, "engines", None)
    if engines is None:
        engines = _worker.engines = {}
    engine = engines.get(root)
    if engine is None or engine.lost_its_fonts():
        engine = engines[root] = Engine(root)
    return engine


def _folder(base_url: str | Path) -> Path:
    text = str(base_url)
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme != "file":
            raise ValueError("base_url must be our static folder, as a path or a file: URL")
        text = unquote(parts.path)
    return Path(text).resolve()


def _render(html: str, root: Path, forms: bool, balance: bool) -> Rendered:
    try:
        return engine_for(root).render(html, forms=forms, balance=balance)
    except Exception as exc:
        log.exception("PDF render failed")
        raise RenderError("the PDF could not be made") from exc
