"""A yes or no question, stored as "yes" or "no"."""

from __future__ import annotations

from typing import Any, ClassVar, Literal, Self

from pydantic import model_validator

from ..flags import Flag, when_only
from ..quoting import quoted
from ..validation import fault
from .base import PromptKind

WORDS = {"yes": "Yes", "no": "No"}


class YesNo(PromptKind):
    kind: Literal["yes_no"]
    flag: Flag | None = None

    expected: ClassVar[str] = '"yes" or "no"'

    @model_validator(mode="after")
    def _flag_fits(self) -> Self:
        if self.flag and self.flag.when not in WORDS:
            found = f'must be "yes" or "no" on a yes_no prompt, found {quoted(self.flag.when)}'
            raise fault(when_only(self.flag, self.kind) or ("flag.when", found))
        return self

    def problem(self, value: Any) -> str | None:
        return None if value in WORDS else "Choose Yes or No."

    def text_of(self, value: Any) -> str:
        return WORDS.get(value, str(value))
