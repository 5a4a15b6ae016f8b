"""A number on a scale from min to max, each end labelled."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import Field, StrictInt, model_validator

from ..flags import Flag, Flagged
from ..validation import fault, text
from .base import Difference, PromptKind, is_whole_number

GAP = 3  # answers this far apart are worth a counselor's look


class Scale(Flagged, PromptKind):
    kind: Literal["scale"]
    min: StrictInt = Field(ge=-100, le=100)
    max: StrictInt = Field(ge=-100, le=100)
    min_label: Annotated[str, text(120)]
    max_label: Annotated[str, text(120)]

    expected: ClassVar[str] = "a whole number"

    @model_validator(mode="after")
    def _range_and_flag(self) -> Self:
        if self.min >= self.max:
            raise fault(("max", f"must be greater than min ({self.min})"))
        if faults := self.flag_faults():
            raise fault(*faults)
        return self

    def rule_fault(self, rule: Flag) -> tuple[str, str] | None:
        if rule.when is not None:
            return ("when", "a scale flag takes at_most or at_least, not when")
        key = "at_most" if rule.at_most is not None else "at_least"
        value = getattr(rule, key)
        if not self.min <= value <= self.max:
            return (key, f"must be within min..max ({self.min}..{self.max}), found {value}")
        return None

    def client_text(self) -> list[str]:
        return [*super().client_text(), self.min_label, self.max_label]

    def from_text(self, given: str) -> tuple[Any, str | None]:
        if re.fullmatch(r"-?[0-9]{1,4}", given):
            return int(given), None
        return None, self._out_of_range()

    def fits(self, value: Any) -> bool:
        return is_whole_number(value)

    def problem(self, value: Any) -> str | None:
        return None if self.min <= value <= self.max else self._out_of_range()

    def text_of(self, value: Any) -> str:
        if self.min in (0, 1):
            return f"{value} of {self.max}"
        return f"{value} (on a scale from {self.min} to {self.max})"

    def paper_hint(self, fillable: bool) -> str:
        return "" if fillable else "Circle one number."

    def compare(self, first: Any, second: Any) -> Difference | None:
        if not (is_whole_number(first) and is_whole_number(second)):
            return None
        gap = abs(first - second)
        return Difference(f"{gap} points apart") if gap >= GAP else None

    def raises(self, rule: Flag, value: Any) -> bool:
        if not is_whole_number(value):
            return False
        if rule.at_most is not None:
            return value <= rule.at_most
        return rule.at_least is not None and value >= rule.at_least

    def _out_of_range(self) -> str:
        return f"Choose a number from {self.min} to {self.max}."
