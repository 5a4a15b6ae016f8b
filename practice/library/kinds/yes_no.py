"""A yes or no question, stored as "yes" or "no"."""

from __future__ import annotations

from typing import Any, ClassVar, Literal, Self

from pydantic import model_validator

from ..flags import Flag, Flagged, when_only
from ..quoting import quoted
from ..validation import fault
from .base import PromptKind

WORDS = {"yes": "Yes", "no": "No"}


class YesNo(Flagged, PromptKind):
    kind: Literal["yes_no"]

    expected: ClassVar[str] = '"yes" or "no"'

    @model_validator(mode="after")
    def _flag_fits(self) -> Self:
        if faults := self.flag_faults():
            raise fault(*faults)
        return self

    def rule_fault(self, rule: Flag) -> tuple[str, str] | None:
        if rule.when not in WORDS:
            found = f'must be "yes" or "no" on a yes_no prompt, found {quoted(rule.when)}'
            return when_only(rule, self.kind) or ("when", found)
        return None

    def problem(self, value: Any) -> str | None:
        return None if value in WORDS else "Choose Yes or No."

    def text_of(self, value: Any) -> str:
        return WORDS.get(value, str(value))
