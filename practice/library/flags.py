"""A flag: an answer the counselor must see (a safety concern, a steep drop).

A prompt holds at most one flag today; a prompt kind reads them through `flag_rules()` and
decides in `raises()` whether an answer meets one, so a list of rules per prompt can come
later without touching the kinds.
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import StrictInt, model_validator

from .validation import Model, fault, text


class Flag(Model):
    message: Annotated[str, text(300)]
    when: Annotated[str, text(200)] | None = None
    at_most: StrictInt | None = None
    at_least: StrictInt | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [k for k in ("when", "at_most", "at_least") if getattr(self, k) is not None]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            raise fault(("", f"give exactly one of when, at_most, at_least (found {found})"))
        return self


def when_only(flag: Flag, kind: str) -> tuple[str, str] | None:
    """The fault of a flag that gives a number where its kind compares text."""
    for key in ("at_most", "at_least"):
        if getattr(flag, key) is not None:
            return (f"flag.{key}", f"a {kind} flag takes when, not {key}")
    return None
