"""Written answers: a line (short_text) or paragraphs (long_text)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, StrictInt

from .base import PromptKind, too_long


class _Written(PromptKind):
    limit: ClassVar[int]
    kept_on_error: ClassVar[bool] = True

    def problem(self, value: Any) -> str | None:
        return too_long("This answer", value, self.limit)


class ShortText(_Written):
    kind: Literal["short_text"]
    limit: ClassVar[int] = 500


class LongText(_Written):
    kind: Literal["long_text"]
    lines: StrictInt = Field(default=4, ge=1, le=20)
    limit: ClassVar[int] = 10_000
