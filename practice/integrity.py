"""Guards that keep bad bytes out of the database, whatever route they arrive by.

PostgreSQL can't store NUL (U+0000) in text. A pasted NUL must not turn a save into a 500,
so it is dropped from every string, and every string inside JSON, just before a flush.

JSON can also carry half of a UTF-16 pair ("\\ud83d") with no other half. Stored, such text
could never be shown again, on any page or in any PDF; so it becomes U+FFFD, the usual mark
for a character that could not be read, and the rest of the text is kept.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, abort, request
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

NUL = "\x00"
LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # pairs are joined when JSON is read


def storable(value: Any) -> Any:
    """The value with NUL dropped and lone surrogates made U+FFFD, in every string inside."""
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value.replace(NUL, ""))
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(v) for v in value]
    return value


@event.listens_for(Session, "before_flush")
def _clean_text_before_flush(session: Session, flush_context, instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        for attr in inspect(obj).mapper.column_attrs:
            value = getattr(obj, attr.key)
            # Set only what changes: an untouched attribute must not become dirty.
            if (cleaned := storable(value)) != value:
                setattr(obj, attr.key, cleaned)


def register_request_guards(app: Flask) -> None:
    @app.before_request
    def refuse_nul_in_urls() -> None:
        # Query strings feed searches and lookups; a NUL there is never a person's text.
        if NUL in request.path or any(NUL in v for v in request.args.values()):
            abort(400)
