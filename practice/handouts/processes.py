"""Render processes: independent documents laid out at the same time, one per core.

WeasyPrint is Python and holds the interpreter lock, so two threads lay out no faster than
one. A homework packet is a cover and several copies that do not depend on one another, so
each copy is rendered in a process of its own and the PDFs are joined (join.py).

The processes are started once, by `spawn`, and kept: each holds a warm Engine. They are
never forked from the app: a forked copy of the app's WeasyPrint objects, finalised in the
child, deletes the font folder the parent is still using. With `processes` 1 or less, or
when the processes cannot be used, the documents are rendered here, one after another:
slower, never a failure.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .engine import Engine, Rendered
from .render import RenderError, RenderTimeout, render_counted

log = logging.getLogger(__name__)

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_key: tuple[int, int, str] | None = None  # (the process that made it, size, root)


def render_each(
    htmls: list[str], *, root: Path, processes: int, timeout: float | None = None
) -> list[Rendered]:
    """Each document's PDF and page count, in the order given; in parallel when we can.

    Raises RenderError when a document cannot be made, RenderTimeout past `timeout` seconds.
    """
    if processes <= 1:
        return _here(htmls, root, timeout)
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        pool = _pool_of(processes, root)
        # Longest first, so the last one to start is a short one and the cores finish together.
        order = sorted(range(len(htmls)), key=lambda i: len(htmls[i]), reverse=True)
        futures: dict[int, Future] = {
            i: pool.submit(_render_in_worker, htmls[i], str(root)) for i in order
        }
        return [_result(futures[i], deadline) for i in range(len(htmls))]
    except BrokenProcessPool:
        # A render process died (killed, out of memory): start afresh next time, and make
        # these documents here now.
        log.warning("a PDF render process stopped; rendering in the app process this time")
        _forget_pool()
        return _here(htmls, root, None if deadline is None else deadline - time.monotonic())


def _result(future: Future, deadline: float | None) -> Rendered:
    try:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        pdf, pages = future.result(timeout=left)
    except FutureTimeout:
        future.cancel()
        raise RenderTimeout("the PDF took too long to make") from None
    except BrokenProcessPool:
        raise
    except Exception as exc:
        log.error("PDF render failed in a render process: %s", exc)
        raise RenderError("the PDF could not be made") from exc
    return Rendered(pdf, pages)


def _here(htmls: list[str], root: Path, timeout: float | None) -> list[Rendered]:
    return [render_counted(html, base_url=root, timeout=timeout) for html in htmls]


def _pool_of(processes: int, root: Path) -> ProcessPoolExecutor:
    global _pool, _pool_key
    key = (os.getpid(), processes, str(root))
    with _lock:
        if _pool is None or _pool_key != key:
            if _pool is not None and _pool_key[0] == os.getpid():
                _pool.shutdown(wait=False, cancel_futures=True)
            _pool = ProcessPoolExecutor(
                max_workers=processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(str(root),),
            )
            _pool_key = key
        return _pool


def _forget_pool() -> None:
    global _pool, _pool_key
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool, _pool_key = None, None


def shutdown() -> None:
    """Stop the render processes of this process (the next render starts them again)."""
    _forget_pool()


# In a render process:

_engines: dict[str, Engine] = {}
_OUR_SHEETS = tuple(
    f'<link rel="stylesheet" href="pdf/{name}.css">'
    for name in ("print", "worksheet", "documents", "answers")
)


def _start_worker(root: str) -> None:
    # Warm: the engine made and our sheets parsed before the first real document arrives.
    _render_in_worker("<p>warm</p>" + "".join(_OUR_SHEETS), root)
    # Everything made so far lives as long as the process: the collector need never walk
    # it again (gc.freeze), which keeps its collections between renders short.
    gc.collect()
    gc.freeze()


def _render_in_worker(html: str, root: str) -> tuple[bytes, int]:
    engine = _engines.get(root)
    if engine is None or engine.lost_its_fonts():
        engine = _engines[root] = Engine(Path(root))
    try:
        made = engine.render(html)
    except Exception as exc:
        # Logged here with its traceback; what crosses back is plain text, which always
        # pickles (a WeasyPrint exception may not).
        log.exception("PDF render failed")
        raise RuntimeError(f"{type(exc).__name__}: {exc}") from None
    return made.pdf, made.pages
