"""A numbered list of short entries (kind `list`): one form field per entry."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, StrictInt

from .base import ONE_ANSWER, PREFIX, PromptKind, clean, is_list, too_long


class ListPrompt(PromptKind):
    kind: Literal["list"]
    entries: StrictInt = Field(default=3, ge=1, le=10)

    expected: ClassVar[str] = "a list of entries"
    kept_on_error: ClassVar[bool] = True
    limit: ClassVar[int] = 500  # per entry

    def field_names(self) -> list[str]:
        return [f"{PREFIX}{self.id}-{n}" for n in range(1, self.entries + 1)]

    def from_form(self, fields: list[list[str]]) -> tuple[Any, str | None]:
        # Every entry keeps its place ("" for a blank one), so entry 3 stays entry 3.
        entries = [clean(values[0]) if values else "" for values in fields]
        several = any(len([v for v in values if v.strip()]) > 1 for values in fields)
        return (entries if any(entries) else None), (ONE_ANSWER if several else None)

    def fits(self, value: Any) -> bool:
        return is_list(value) and all(isinstance(v, str) for v in value)

    def problem(self, value: Any) -> str | None:
        if len(value) > self.entries:
            return f"This question takes at most {self.entries} entries. Reload the page."
        for n, entry in enumerate(value, 1):
            if error := too_long(f"Entry {n}", entry, self.limit):
                return error
        return None

    def text_of(self, value: Any) -> str:
        if not is_list(value):
            return str(value)
        return "\n".join(f"{n}. {v}" for n, v in enumerate(value, 1) if str(v).strip())
