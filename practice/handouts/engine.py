"""WeasyPrint kept warm: one font configuration and our stylesheets parsed once, reused.

A render used to parse our print stylesheets again each time, which costs more than laying
out a one-page document (about 40 ms: their @font-face rule loads a font file). An Engine
parses each once and hands the parsed sheets to every later render. It is not thread-safe:
render.py keeps one per render thread, and each render process (processes.py) has its own.

During a render Python's cyclic garbage collector is held off. WeasyPrint allocates
hundreds of thousands of small objects, and every full collection walks all of them again
with the rest of the app: a quarter of a packet's render time went to that. Reference
counting still frees most of it at once; the collector runs again as soon as no render is
running.
"""

from __future__ import annotations

import gc
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .balance import balanced
from .fetcher import StaticFilesFetcher
from .forms import finish_form

# Tagged, with the PDF/UA-1 metadata: WeasyPrint 70 holds to it for our layouts.
VARIANT = "pdf/ua-1"
# Our templates link their sheets from static/pdf/ by these exact tags (user text is escaped
# before it reaches a template, so it can never write one).
OUR_SHEET = re.compile(r'<link rel="stylesheet" href="(pdf/[a-z]+\.css)">')
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


class Engine:
    def __init__(self, root: Path) -> None:
        self.fetcher = StaticFilesFetcher(root)
        self.fonts = FontConfiguration()
        self._sheets: dict[str, CSS] = {}

    def render(self, html: str, *, forms: bool = False, balance: bool = False) -> Rendered:
        """The tagged PDF of `html` and its page count (`forms`, `balance`: see render_counted)."""
        html, sheets = self._take_our_sheets(html)
        page = HTML(string=html, base_url=self.fetcher.base_url, url_fetcher=self.fetcher)

        def layout():
            return page.render(
                font_config=self.fonts, pdf_forms=forms, pdf_variant=VARIANT, stylesheets=sheets
            )

        with collector_held_off():
            document = balanced(page, layout) if balance else layout()
            _drop_attachments(document)
            pdf = document.write_pdf(pdf_forms=forms, pdf_variant=VARIANT, finisher=finish_form)
        return Rendered(pdf, len(document.pages))

    def lost_its_fonts(self) -> bool:
        """Whether the folder WeasyPrint keeps our @font-face files in is gone.

        WeasyPrint deletes it when a FontConfiguration object is finalised, and a copy of this
        process's objects finalised elsewhere (a child forked by a library, say) deletes the
        same path: every later render with the configuration would then fail. A new Engine
        makes its own folder. (`_folder` is WeasyPrint's own attribute: None until a font.)
        """
        folder = getattr(self.fonts, "_folder", None)
        if folder is None or Path(folder).is_dir():
            return False
        log.warning("WeasyPrint's font folder %s went away; starting a new engine", folder)
        return True

    def _take_our_sheets(self, html: str) -> tuple[str, list[CSS]]:
        """`html` without its links to our sheets, and those sheets parsed (once).

        Sheets passed to WeasyPrint come after the document's own in the cascade, as the
        links did: each of our templates links only our sheets, ahead of its one <style>,
        which sets the page size and nothing our sheets set.
        """
        names = OUR_SHEET.findall(html)
        if not names:
            return html, []
        return OUR_SHEET.sub("", html), [self._sheet(name) for name in names]

    def _sheet(self, name: str) -> CSS:
        sheet = self._sheets.get(name)
        if sheet is None:
            url = self.fetcher.base_url + name
            sheet = CSS(url=url, url_fetcher=self.fetcher, font_config=self.fonts)
            self._sheets[name] = sheet
        return sheet


def _drop_attachments(document) -> None:
    """Forget files that `<link rel=attachment>` or `<a rel=attachment>` asked to embed.

    WeasyPrint has no option to turn them off; they are fetched only when the PDF is written,
    so clearing them here means they are never fetched at all.
    """
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]


_held = 0
_held_lock = threading.Lock()
_we_turned_it_off = False


@contextmanager
def collector_held_off() -> Iterator[None]:
    """No cyclic garbage collection while any render in this process runs."""
    global _held, _we_turned_it_off
    with _held_lock:
        if _held == 0 and gc.isenabled():
            gc.disable()
            _we_turned_it_off = True
        _held += 1
    try:
        yield
    finally:
        with _held_lock:
            _held -= 1
            if _held == 0 and _we_turned_it_off:
                _we_turned_it_off = False
                gc.enable()
