"""Prompts that ask nothing of the writer: a block of text to read (info), and the one
answer a reading takes, "I have read this" (read)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, ClassVar, Literal

from ..validation import text as bounded  # the model has a field named `text`
from .base import PromptKind

READ = "yes"


class Info(PromptKind):
    kind: Literal["info"]
    label: Annotated[str, bounded(300)] | None = None  # a heading, when the text wants one
    text: Annotated[str, bounded(3000)]
    required: Literal[False] = False

    takes_answer: ClassVar[bool] = False

    def client_text(self) -> list[str]:
        return ([self.label] if self.label else []) + [self.text]

    def field_names(self) -> list[str]:
        return []

    def from_form(self, fields: list[list[str]]) -> tuple[Any, str | None]:
        return None, None

    def fits(self, value: Any) -> bool:
        return value is None

    def is_missing(self, value: Any) -> bool:
        return False

    def answer_text(self, value: Any, names: Sequence[str] = ()) -> str:
        return ""


class ReadIt(PromptKind):
    """Added by the schema to every reading (kind: reading); a worksheet file never names it."""

    kind: Literal["read"]
    label: Annotated[str, bounded(300)] = "I have read this."

    expected: ClassVar[str] = '"yes"'
    draws_own_label: ClassVar[bool] = True

    def problem(self, value: Any) -> str | None:
        return None if value == READ else "Tick the box to say you have read this."

    def text_of(self, value: Any) -> str:
        return "Read" if value == READ else str(value)

    def missing_message(self) -> str | None:
        return "Tick the box to say you have read this, then send it."


# The acknowledgement as a reading's file would say it, had the author written it.
READ_IT = {"id": "read", "kind": "read"}
