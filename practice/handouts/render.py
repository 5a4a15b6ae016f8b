"""HTML to PDF: one pure function over WeasyPrint, with a locked fetcher and a time limit."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from ..resources import STATIC
from .balance import balanced
from .fetcher import StaticFilesFetcher
from .forms import finish_form

STATIC_ROOT = STATIC
# Tagged, with the PDF/UA-1 metadata: WeasyPrint 70 holds to it for our layouts.
VARIANT = "pdf/ua-1"
log = logging.getLogger(__name__)

# Every render runs on this small pool. A render over its time limit cannot be killed
# (WeasyPrint runs in-process): it holds one worker, and the pool bounds how many pile up.
# Each worker keeps one FontConfiguration: a new one per render leaks native memory
# (about 0.2 MiB a render with WeasyPrint 70), a reused one does not.
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="pdf-render")
_worker = threading.local()


class RenderError(RuntimeError):
    """The PDF could not be made. The message is fit to show to a user."""


class RenderTimeout(RenderError):
    pass


@lru_cache(maxsize=4)
def fetcher_for(root: Path) -> StaticFilesFetcher:
    return StaticFilesFetcher(root)


def render_pdf(
    html: str,
    *,
    base_url: str | Path = STATIC_ROOT,
    forms: bool = False,
    balance: bool = False,
    timeout: float | None = None,
) -> bytes:
    """The PDF of `html`; relative URLs resolve against, and only reach, `base_url`.

    `base_url` is our static folder: the fetcher serves files below it and nothing else.
    `forms` turns inputs and textareas into AcroForm fields. Attachments are never embedded.
    `balance` lays a worksheet out again when its last page would hold a leftover question.
    Every PDF is tagged (PDF/UA-1): headings, reading order and labelled fields for screen
    readers.
    With a `timeout` (seconds), a slower render raises RenderTimeout.
    """
    fetcher = fetcher_for(_folder(base_url))
    future = _pool.submit(_render, html, fetcher, forms, balance)
    try:
        return future.result(timeout=timeout)
    except FutureTimeout:
        future.cancel()
        raise RenderTimeout(f"the PDF took longer than {timeout:g} seconds to make") from None


def _font_config() -> FontConfiguration:
    config = getattr(_worker, "font_config", None)
    if config is None or _lost_its_folder(config):
        _worker.font_config = config = FontConfiguration()
    return config


def _lost_its_folder(config: FontConfiguration) -> bool:
    """Whether the folder WeasyPrint keeps this configuration's @font-face files in is gone.

    WeasyPrint deletes it when a FontConfiguration object is finalised, and a copy of this
    process's objects finalised elsewhere (a child forked by a library, say) deletes the
    same path: every later render with the configuration would then fail. A new one makes
    its own folder. (`_folder` is WeasyPrint's own attribute: None until the first font.)
    """
    folder = getattr(config, "_folder", None)
    if folder is None or Path(folder).is_dir():
        return False
    log.warning("WeasyPrint's font folder %s went away; using a new font configuration", folder)
    return True


def _folder(base_url: str | Path) -> Path:
    text = str(base_url)
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme != "file":
            raise ValueError("base_url must be our static folder, as a path or a file: URL")
        text = unquote(parts.path)
    return Path(text).resolve()


def _render(html: str, fetcher: StaticFilesFetcher, forms: bool, balance: bool) -> bytes:
    try:
        page = HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher)

        def render():
            return page.render(font_config=_font_config(), pdf_forms=forms, pdf_variant=VARIANT)

        document = balanced(page, render) if balance else render()
        _drop_attachments(document)
        return document.write_pdf(pdf_forms=forms, pdf_variant=VARIANT, finisher=finish_form)
    except Exception as exc:
        log.exception("PDF render failed")
        raise RenderError("the PDF could not be made") from exc


def _drop_attachments(document) -> None:
    """Forget files that `<link rel=attachment>` or `<a rel=attachment>` asked to embed.

    WeasyPrint has no option to turn them off; they are fetched only when the PDF is written,
    so clearing them here means they are never fetched at all.
    """
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]
