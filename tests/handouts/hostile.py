"""Hostile text for PDFs (SECURITY.md 12) and a loopback server that counts every fetch."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from practice.handouts.render import STATIC_ROOT

from .pdfs import image_count, reader, text_of


class Listener:
    """An HTTP server on loopback that counts every request it gets."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                listener.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.end_headers()
                self.wfile.write(b"body { color: red }")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"


def hostile_texts(url: str) -> list[str]:
    return [
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/passwd">',
        f"<style>@import url({url}/imported.css);</style>",
        '<img src="file:///dev/urandom">',
    ]


def assert_nothing_fetched_or_attached(pdf: bytes, listener: Listener, caplog) -> None:
    assert listener.hits == []
    assert reader(pdf).attachments == {}
    assert image_count(pdf) == 0
    assert "root:x:0:0" not in text_of(pdf)
    served = [r.getMessage() for r in caplog.records if "fetch served" in r.getMessage()]
    assert all(str(STATIC_ROOT / "pdf") in message for message in served), served
