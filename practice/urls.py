"""URLs from outside: ids that fit a database integer, addresses that may not even parse."""

from __future__ import annotations

from urllib.parse import SplitResult, urlsplit

from flask import Flask, request
from werkzeug.routing import IntegerConverter

# PostgreSQL's integer: an id past it can't exist, and asking for one must be a 404, not a 500.
MAX_ID = 2**31 - 1
MAX_PAGE = 10_000


class IdConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def register_converters(app: Flask) -> None:
    """Every ``<int:...>`` in a route is bounded (set before blueprints add their rules)."""
    app.url_map.converters["int"] = IdConverter


def page_number() -> int:
    page = request.args.get("page", 1, type=int) or 1
    return min(max(page, 1), MAX_PAGE)


def id_arg(name: str) -> int | None:
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else None


def url_parts(url: str) -> SplitResult | None:
    """The parts of a URL, or None when it can't be parsed ("http://[" has an unclosed IPv6
    host, and urlsplit raises): such an address comes from outside and is never ours."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def safe_next(target: str | None) -> str | None:
    """A same-site path to return to, or None for anything that could leave the site
    (SECURITY.md 3: ``?next=`` never leaves the site)."""
    if not target or len(target) > 500:
        return None
    target = target.strip()
    # Browsers treat backslashes as slashes and ignore tabs and newlines inside URLs.
    if "\\" in target or any(ch in target for ch in "\t\r\n"):
        return None
    # A path on this site: one slash, then no scheme or host can follow ("//host" is a host).
    if not target.startswith("/") or target.startswith("//"):
        return None
    return target
