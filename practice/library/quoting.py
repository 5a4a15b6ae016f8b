"""Values from a worksheet file, quoted in fault messages."""

from __future__ import annotations

from typing import Any

QUOTE_LIMIT = 80


def quoted(value: Any) -> str:
    """A value from the file, quoted and cut to 80 characters: a message names the fault, it
    never repeats a whole file (which may not be a worksheet at all) on a page or in the log."""
    text = str(value)
    if len(text) > QUOTE_LIMIT:
        return repr(text[:QUOTE_LIMIT]) + f"… ({len(text):,} characters)"
    return repr(text)
