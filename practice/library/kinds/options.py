"""Answers picked from the worksheet's options: one (choice) or any number (checklist)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import Field, model_validator

from ..flags import Flag, Flagged, when_only
from ..quoting import quoted
from ..validation import fault, text
from .base import Difference, PromptKind, clean, is_list


class _Options(Flagged, PromptKind):
    options: tuple[Annotated[str, text(200)], ...] = Field(min_length=2, max_length=12)

    @model_validator(mode="after")
    def _distinct_and_flag(self) -> Self:
        faults: list[tuple[str, str]] = []
        seen: dict[str, int] = {}
        for i, option in enumerate(self.options):
            first = seen.setdefault(option.casefold(), i)
            if first != i:
                again = (
                    f"{quoted(option)} repeats options[{first}] "
                    "(options must differ, ignoring case)"
                )
                faults.append((f"options[{i}]", again))
        faults += self.flag_faults()
        if faults:
            raise fault(*faults)
        return self

    def rule_fault(self, rule: Flag) -> tuple[str, str] | None:
        if wrong := when_only(rule, self.kind):
            return wrong
        if rule.when not in self.options:
            return ("when", f"{quoted(rule.when)} is not one of the options")
        return None

    def client_text(self) -> list[str]:
        return super().client_text() + list(self.options)


class Choice(_Options):
    kind: Literal["choice"]

    expected: ClassVar[str] = "one of the options"

    def problem(self, value: Any) -> str | None:
        return None if value in self.options else "Choose one of the answers shown."

    def paper_hint(self, fillable: bool) -> str:
        return "" if "choose one" in self.label.lower() else "Choose one."


class Checklist(_Options):
    kind: Literal["checklist"]

    expected: ClassVar[str] = "a list of options"
    kept_on_error: ClassVar[bool] = True  # the valid ticks stay

    def from_form(self, fields: list[list[str]]) -> tuple[Any, str | None]:
        given = [value for value in (clean(v) for v in fields[0]) if value]
        chosen = [option for option in self.options if option in given]  # worksheet order
        unknown = any(value not in self.options for value in given)
        return (chosen or None), (self.problem(given) if unknown else None)

    def fits(self, value: Any) -> bool:
        return is_list(value) and all(isinstance(v, str) for v in value)

    def problem(self, value: Any) -> str | None:
        unknown = [v for v in value if v not in self.options]
        return "Choose only from the answers shown." if unknown else None

    def text_of(self, value: Any) -> str:
        return "; ".join(str(v) for v in value) if is_list(value) else str(value)

    def paper_hint(self, fillable: bool) -> str:
        said = self.label.lower()
        return "" if "check all" in said or "check any" in said else "Choose any."

    def raises(self, rule: Flag, value: Any) -> bool:
        return is_list(value) and rule.when in value

    def compare(self, first: Any, second: Any) -> Difference | None:
        mine = set(first) if is_list(first) else set()
        theirs = set(second) if is_list(second) else set()
        only_first = tuple(o for o in self.options if o in mine - theirs)
        only_second = tuple(o for o in self.options if o in theirs - mine)
        if not (only_first or only_second):
            return None
        return Difference("Some choices were picked by only one partner", only_first, only_second)
