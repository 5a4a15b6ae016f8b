"""A small bounded in-process LRU for rendered PDFs (blank handouts are pure of their key)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class CacheInfo:
    hits: int
    misses: int
    size: int
    limit: int


class PdfCache:
    def __init__(self, limit: int = 64) -> None:
        self.limit = limit
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = self._misses = 0

    def get_or_make(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        """The cached bytes for `key`, or `make()`'s (kept only when it returns)."""
        with self._lock:
            if key in self._items:
                self._hits += 1
                self._items.move_to_end(key)
                return self._items[key]
            self._misses += 1
        made = make()  # outside the lock: a slow render must not hold up cache hits
        with self._lock:
            self._items[key] = made
            self._items.move_to_end(key)
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
        return made

    def info(self) -> CacheInfo:
        with self._lock:
            return CacheInfo(self._hits, self._misses, len(self._items), self.limit)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._hits = self._misses = 0
