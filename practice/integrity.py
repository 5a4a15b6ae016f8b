"""Guards that keep bad bytes out of the database, whatever route they arrive by.

PostgreSQL can't store NUL (U+0000) in text. A pasted NUL must not turn a save into a 500,
so it is dropped from every string, and every string inside JSON, just before a flush.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, request
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

NUL = "\x00"


def without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace(NUL, "") if NUL in value else value
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_nul(v) for v in value]
    return value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


@event.listens_for(Session, "before_flush")
def _drop_nul_before_flush(session: Session, flush_context, instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        for attr in inspect(obj).mapper.column_attrs:
            value = getattr(obj, attr.key)
            if _has_nul(value):
                setattr(obj, attr.key, without_nul(value))


def register_request_guards(app: Flask) -> None:
    @app.before_request
    def refuse_nul_in_urls() -> None:
        # Query strings feed searches and lookups; a NUL there is never a person's text.
        if NUL in request.path or any(NUL in v for v in request.args.values()):
            abort(400)
