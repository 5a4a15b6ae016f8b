"""SECURITY.md 12: hostile text fetches nothing and attaches nothing, escaped or not."""

from __future__ import annotations

import pytest

from practice.handouts.documents import PrintSettings, blank_handout
from practice.handouts.render import render_pdf
from practice.library.schema import Worksheet

from .hostile import assert_nothing_fetched_or_attached, hostile_texts
from .pdfs import squash, text_of


def raw_html(url: str) -> str:
    """Unescaped markup, as if someone forgot |e: the fetcher alone must hold."""
    return f"""<!doctype html><html><head>
      <link rel="stylesheet" href="pdf/print.css">
      <link rel="stylesheet" href="{url}/linked.css">
      <style>@import url({url}/imported.css); @import url(file:///etc/passwd);</style>
      <link rel="attachment" href="file:///etc/passwd">
      <link rel="attachment" href="{url}/attached.bin">
      <link rel="attachment" href="pdf/print.css">
    </head><body>
      <p>Plain words</p>
      <img src="file:///etc/passwd"><img src="file:///dev/urandom">
      <img src="{url}/pixel.png"><img src="../../../../etc/passwd">
      <img src="pdf/../../practice/__init__.py">
      <div style="background: url({url}/background.png)">x</div>
      <a rel="attachment" href="{url}/anchor.bin">a link</a>
      <a rel="attachment" href="pdf/print.css">another</a>
    </body></html>"""


def test_raw_hostile_html_fetches_and_attaches_nothing(listener, fetch_log):
    pdf = render_pdf(raw_html(listener.url), timeout=20)
    assert_nothing_fetched_or_attached(pdf, listener, fetch_log)
    refused = " ".join(r.getMessage() for r in fetch_log.records if "refused" in r.getMessage())
    for url in ("file:///etc/passwd", "file:///dev/urandom", f"{listener.url}/imported.css"):
        assert url in refused
    assert "Plain words" in text_of(pdf)


def test_raw_hostile_html_in_a_fillable_render_too(listener, fetch_log):
    pdf = render_pdf(raw_html(listener.url), forms=True, timeout=20)
    assert_nothing_fetched_or_attached(pdf, listener, fetch_log)


def hostile_worksheet(url: str) -> Worksheet:
    img, attach, imports, urandom = hostile_texts(url)
    return Worksheet.model_validate(
        {
            "slug": "hostile-sheet",
            "version": 1,
            "title": f"Title {img}",
            "summary": "A sheet whose text is markup.",
            "source": {"section": "professional-tips", "tip": "seeking-counsel"},
            "audience": "each-partner",
            "minutes": 10,
            "counselor_notes": "Notes.",
            "instructions": f"Read this {attach}",
            "sections": [
                {
                    "title": "Section",
                    "intro": imports,
                    "prompts": [
                        {"id": "story", "kind": "long_text", "label": urandom, "help": imports},
                        {"id": "pick", "kind": "choice", "label": "Pick", "options": [img, attach]},
                    ],
                }
            ],
        }
    )


@pytest.mark.parametrize("fillable", [False, True])
def test_hostile_text_in_a_print_template_is_shown_as_text(app, listener, fetch_log, fillable):
    worksheet = hostile_worksheet(listener.url)
    with app.app_context():
        pdf = blank_handout(worksheet, PrintSettings("Harbor Light", timeout=20), fillable=fillable)
    assert_nothing_fetched_or_attached(pdf, listener, fetch_log)
    text = text_of(pdf)
    for hostile in hostile_texts(listener.url):
        assert squash(hostile) in text
