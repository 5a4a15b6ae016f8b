"""render_pdf and its fetcher: a PDF out, only our static files in, and a time limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from practice.handouts.fetcher import RefusedURL, StaticFilesFetcher
from practice.handouts.render import STATIC_ROOT, RenderTimeout, render_pdf

from .pdfs import font_names, reader, text_of

PAGE = """<!doctype html><html><head><link rel="stylesheet" href="pdf/print.css">
<style>@page {{ size: A4 }}</style></head><body>{}</body></html>"""


def test_render_pdf_returns_a_pdf_styled_from_our_static_files():
    pdf = render_pdf(PAGE.format("<h1>Hello</h1><p>A calm page.</p>"))
    assert pdf.startswith(b"%PDF-")
    assert "Hello A calm page." in text_of(pdf)
    # The shared stylesheet was fetched: its font, not WeasyPrint's serif default.
    assert any("DejaVu-Sans" in name for name in font_names(pdf)), font_names(pdf)
    assert not any("Serif" in name for name in font_names(pdf))


def test_forms_become_acroform_fields_only_when_asked():
    html = PAGE.format('<input type="text" name="answer"><textarea name="story"></textarea>')
    assert reader(render_pdf(html)).get_fields() is None
    fields = reader(render_pdf(html, forms=True)).get_fields()
    assert set(fields) == {"answer", "story"}


def test_a_render_over_the_time_limit_raises_a_clear_error():
    with pytest.raises(RenderTimeout, match="took longer than"):
        render_pdf(PAGE.format("<p>slow</p>" * 300), timeout=1e-6)


def test_base_url_must_be_a_local_folder():
    with pytest.raises(ValueError, match="static folder"):
        render_pdf("<p>x</p>", base_url="http://127.0.0.1:1/")


@pytest.fixture(scope="module")
def fetcher() -> StaticFilesFetcher:
    return StaticFilesFetcher(STATIC_ROOT)


def test_the_fetcher_serves_files_below_the_static_root(fetcher):
    response = fetcher.fetch(fetcher.base_url + "pdf/print.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///dev/urandom",
        "file://localhost/etc/passwd",
        "file://evil.example/share/x.css",
        "http://127.0.0.1:1/x.css",
        "https://example.org/x.css",
        "ftp://example.org/x",
        "data:text/css,body{color:red}",
        f"{STATIC_ROOT.as_uri()}/../practice/__init__.py",
        f"{STATIC_ROOT.as_uri()}/pdf/%2e%2e/%2e%2e/worksheets/trust-rebuilding-plan.yaml",
        f"{STATIC_ROOT.as_uri()}/pdf/",  # a folder, not a file
        f"{STATIC_ROOT.as_uri()}/pdf/missing.css",
        f"{STATIC_ROOT.as_uri()}-extra/x.css",  # a sibling whose name starts the same
    ],
)
def test_the_fetcher_refuses_everything_else(fetcher, url):
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)


def test_a_symlink_out_of_the_static_root_is_refused(tmp_path: Path):
    root = tmp_path / "static"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("private")
    (root / "inside.css").write_text("p { color: black }")
    (root / "leak.css").symlink_to(tmp_path / "secret.txt")
    fetcher = StaticFilesFetcher(root)
    assert fetcher.fetch(fetcher.base_url + "inside.css").read() == b"p { color: black }"
    with pytest.raises(RefusedURL):
        fetcher.fetch(fetcher.base_url + "leak.css")


def test_a_render_survives_its_font_folder_going_away():
    """WeasyPrint deletes a font configuration's folder when a copy of the object is
    finalised elsewhere (a forked child): the next render makes a new configuration."""
    import shutil

    from practice.handouts import render as rendering

    # In this thread, so the engine checked is the one the renders use.
    root = rendering._folder(STATIC_ROOT)
    html = '<link rel="stylesheet" href="pdf/worksheet.css"><input class="field" name="a">'
    first = rendering._render(html, root, True, False)
    folder = rendering.engine_for(root).fonts._folder
    assert folder is not None and folder.is_dir()  # the form font was written there
    shutil.rmtree(folder)
    again = rendering._render(html, root, True, False)
    assert first.pdf.startswith(b"%PDF") and again.pdf.startswith(b"%PDF")
    assert rendering.engine_for(root).fonts._folder != folder
