"""The only URL fetcher WeasyPrint is given: files below our static folder, nothing else.

User text is escaped before it reaches a print template, but the fetcher does not rely on
that (SECURITY.md 12): file URLs outside the static root, `..`, symlinks that lead out,
devices, http(s), ftp and data URLs are all refused before anything is opened.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..urls import url_parts

log = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A URL outside our static files. WeasyPrint logs it and carries on without it."""


class StaticFilesFetcher(URLFetcher):
    def __init__(self, root: str | Path) -> None:
        super().__init__(timeout=1, allowed_protocols=("file",), allow_redirects=False)
        self.root = Path(root).resolve()

    @property
    def base_url(self) -> str:
        """The URL relative references in a print template are resolved against."""
        return self.root.as_uri() + "/"

    def static_path(self, url: str) -> Path | None:
        """The file below the root that `url` names, or None if it names anything else."""
        parts = url_parts(url)
        if parts is None or parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        raw = unquote(parts.path)
        if "\x00" in raw or ".." in PurePosixPath(raw).parts:
            return None
        path = Path(raw).resolve()  # follows symlinks: a link that leads out is refused
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = self.static_path(url)
        if path is None:
            log.warning("PDF fetch refused: %.100r", url)
            raise RefusedURL(f"refused {url[:100]!r}: print layouts may load only our static files")
        log.debug("PDF fetch served: %s", path)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})
