"""Log lines that can't be forged from outside.

Values in our log lines come from requests (a typed email, a path, a worksheet file's text).
A newline in one would start a second, made-up line in the log, and other control characters
can rewrite a terminal. So every value logged through the app's logger has its control
characters (and backslashes, so an escape stays unambiguous) written as escapes.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
_UNSAFE = re.compile(r"[\\\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match) -> str:
    char = match.group()
    if char == "\\":
        return "\\\\"
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def escaped(value: str) -> str:
    """The text on one line: a newline comes out as the four characters \\x0a."""
    return _UNSAFE.sub(_escape, value)


def _safe(value: object) -> object:
    if value is None or isinstance(value, int | float):
        return value  # kept as they are, so %d and %.2f still format them
    return escaped(str(value))  # a fault or an exception can hold text from outside too


class EscapeControlCharacters(logging.Filter):
    """Rewrites a record's arguments (the values), never its message template (ours)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "values_escaped", False):
            return True  # escaping twice would double every backslash
        record.values_escaped = True
        if isinstance(record.args, dict):
            record.args = {key: _safe(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_safe(value) for value in record.args)
        return True


def register_log_safety(app: Flask) -> None:
    # The "practice" logger outlives any one app (tests make many): one filter is enough.
    if not any(isinstance(f, EscapeControlCharacters) for f in app.logger.filters):
        app.logger.addFilter(EscapeControlCharacters())
