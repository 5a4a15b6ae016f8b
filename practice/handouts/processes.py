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
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
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
    batch = RenderBatch(root=root, processes=processes, timeout=timeout)
    # Longest first, so the last one to start is a short one and the cores finish together.
    tickets = {i: batch.submit(htmls[i]) for i in longest_first(htmls)}
    return [batch.result(tickets[i]) for i in range(len(htmls))]


def longest_first(htmls: list[str]) -> list[int]:
    return sorted(range(len(htmls)), key=lambda i: len(htmls[i]), reverse=True)


class RenderBatch:
    """Documents handed to the render processes as soon as they are known; results collected
    in any order, so a document that needs others' page counts can wait for just those."""

    def __init__(self, *, root: Path, processes: int, timeout: float | None = None) -> None:
        self.root = root
        self.deadline = None if timeout is None else time.monotonic() + timeout
        self._pool = _pool_of(processes, root) if processes > 1 else None
        self._work: list[tuple[str, Future | None]] = []
        self._made: dict[int, Rendered] = {}

    def submit(self, html: str) -> int:
        future = None
        if self._pool is not None:
            try:
                future = self._pool.submit(_render_in_worker, html, str(self.root))
            except (BrokenProcessPool, RuntimeError, OSError):
                # Broken, shut down by another batch, or no process could be started.
                self._lost_the_pool()
        self._work.append((html, future))
        return len(self._work) - 1

    def result(self, ticket: int) -> Rendered:
        """The document's PDF; asked again, the same one (made once)."""
        if ticket not in self._made:
            self._made[ticket] = self._make(ticket)
        return self._made[ticket]

    def _make(self, ticket: int) -> Rendered:
        html, future = self._work[ticket]
        if future is not None:
            try:
                return _result(future, self.deadline)
            except (BrokenProcessPool, CancelledError):
                self._lost_the_pool()
        left = None if self.deadline is None else max(0.1, self.deadline - time.monotonic())
        return render_counted(html, base_url=self.root, timeout=left)

    def _lost_the_pool(self) -> None:
        # A render process died (killed, out of memory): what is left is made here, and the
        # next batch starts new processes.
        if self._pool is not None:
            log.warning("a PDF render process stopped; rendering in the app process this time")
            _forget_pool()
            self._pool = None


def _result(future: Future, deadline: float | None) -> Rendered:
    try:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        pdf, pages = future.result(timeout=left)
    except FutureTimeout:
        future.cancel()
        raise RenderTimeout("the PDF took too long to make") from None
    except (BrokenProcessPool, CancelledError):
        raise
    except Exception as exc:
        log.error("PDF render failed in a render process: %s", exc)
        raise RenderError("the PDF could not be made") from exc
    return Rendered(pdf, pages)


def _pool_of(processes: int, root: Path) -> ProcessPoolExecutor:
    global _pool, _pool_key
    key = (os.getpid(), processes, str(root))
    with _lock:
        if _pool is None or _pool_key != key:
            if _pool is not None and _pool_key[0] == os.getpid():
                _pool.shutdown(wait=False)  # what it is making still arrives
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


def start(root: Path, processes: int) -> None:
    """Start and warm the render processes now rather than at the first document."""
    if processes > 1:
        render_each(["<p>warm</p>"] * processes, root=root, processes=processes)


def shutdown() -> None:
    """Stop the render processes of this process (the next render starts them again)."""
    _forget_pool()


# In a render process:

RENDER_NICENESS = 10
_engines: dict[str, Engine] = {}
_OUR_SHEETS = tuple(
    f'<link rel="stylesheet" href="pdf/{name}.css">'
    for name in ("print", "worksheet", "documents", "answers")
)


def _start_worker(root: str) -> None:
    # A packet must never slow a page down: render processes yield to the app's requests
    # (at nice 10, or lower still under a worker that is itself niced).
    os.nice(max(0, RENDER_NICENESS - os.nice(0)))
    _leave_with_the_parent()
    # Warm: the engine made and our sheets parsed before the first real document arrives.
    _render_in_worker("<p>warm</p>" + "".join(_OUR_SHEETS), root)
    # Everything made so far lives as long as the process: the collector need never walk
    # it again (gc.freeze), which keeps its collections between renders short.
    gc.collect()
    gc.freeze()


def _leave_with_the_parent() -> None:
    """Exit when the process that started us is gone (killed, not shut down): nothing else
    tells us, and a render process left behind would hold its memory for good."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


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
