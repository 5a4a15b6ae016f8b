"""What every prompt kind is and does; each kind overrides only what differs.

A kind is the prompt's pydantic model (what the worksheet file says) and knows its answers:
`field_names` and `from_form` read a submitted form, `fits` and `problem` check an answer,
`answer_text` shows it as plain text, `raises` tells whether it meets a flag. No request, no
database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import StrictBool, StringConstraints

from ..flags import Flag
from ..validation import Model, text

PREFIX = "answer-"  # every answer's form field starts so; nothing else's does
PROMPT_ID_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
ONE_ANSWER = "This question takes one answer, and the form sent several. Reload the page."
NUL_CHARACTER = "This answer holds a character that can't be saved. Remove it and try again."


@dataclass(frozen=True)
class Difference:
    note: str
    only_first: tuple[str, ...] = ()  # picks the first partner made and the second didn't
    only_second: tuple[str, ...] = ()


class PromptKind(Model):
    id: Annotated[str, StringConstraints(pattern=PROMPT_ID_PATTERN)]
    label: Annotated[str, text(300)]
    help: Annotated[str, text(500)] | None = None
    required: StrictBool = True

    expected: ClassVar[str] = "text"  # the stored answer's shape, in words for an error
    # Typed text stays on screen to be fixed when it has a fault; a pick is dropped instead.
    kept_on_error: ClassVar[bool] = False
    # False for a block of text to read (info): no input, never counted as unanswered.
    takes_answer: ClassVar[bool] = True
    # True when the kind's own input carries the label (a lone tick box): paper prints no
    # question above it.
    draws_own_label: ClassVar[bool] = False

    @property
    def per_partner(self) -> bool:
        """Whether the answer holds one box per partner, each written by that partner alone.

        Its form field draws from the couple's partners (`people`) and who is looking (`mine`).
        """
        return False

    def client_text(self) -> list[str]:
        return [self.label] + ([self.help] if self.help else [])

    # Reading a submitted form.

    def field_names(self) -> list[str]:
        """The form field names this prompt's inputs use."""
        return [f"{PREFIX}{self.id}"]

    def from_form(self, fields: list[list[str]]) -> tuple[Any, str | None]:
        """The answer in its shape from the raw values of each field, or a shape error.

        None for no answer. A shape error is final; `problem` looks at the rest.
        """
        given = [value for value in (clean(v) for v in fields[0]) if value]
        if not given:
            return None, None
        if len(given) > 1:
            return None, ONE_ANSWER
        return self.from_text(given[0])

    def from_text(self, given: str) -> tuple[Any, str | None]:
        return given, None

    def stray_field(self, name: str) -> str | None:
        """The message for a form field named like this prompt's but not one of its own.

        None leaves it to the form-wide "a question that isn't on this worksheet".
        """
        return None

    def keep_others(self, value: Any, stored: Any, mine: int | None) -> Any:
        """The answer to save when partner `mine` (a position, 1 or 2) sends `value`.

        Only per-partner kinds differ: each partner's box is theirs, so the other boxes keep
        what was stored, whatever the form said.
        """
        return value

    # Checking an answer of any origin (a form, or JSON from the autosave).

    def fits(self, value: Any) -> bool:
        """Whether a stored answer has this kind's shape."""
        return isinstance(value, str)

    def shape_problem(self, value: Any) -> str | None:
        if not self.fits(value):
            return f"This answer should be {self.expected}. Reload the page and try again."
        texts = value if isinstance(value, list) else [value]
        return NUL_CHARACTER if any("\x00" in str(t) for t in texts) else None

    def problem(self, value: Any) -> str | None:
        """What is wrong with an answer of the right shape (limits, options), or None."""
        return None

    def is_missing(self, value: Any) -> bool:
        """Whether a required answer is still to be given before the sheet can be submitted."""
        return self.required and is_blank(value)

    def missing_message(self) -> str | None:
        """What to say beside a prompt that is missing, when the general words don't fit."""
        return None

    # Showing an answer.

    def answer_text(self, value: Any, names: Sequence[str] = ()) -> str:
        """The answer as plain text for reviews and PDFs; "" when there is none.

        `names` are the partners' names in position order, for kinds that say who wrote what.
        """
        return "" if is_blank(value) else self.text_of(value)

    def text_of(self, value: Any) -> str:
        return str(value)

    def paper_hint(self, fillable: bool) -> str:
        """How to answer on a printed handout, when the label does not say it already."""
        return ""

    # Comparing both partners' answers.

    def compare(self, first: Any, second: Any) -> Difference | None:
        """What a counselor should notice between two submitted answers, or None.

        Most kinds leave the reading to the counselor; a kind with a measure of difference
        (a gap on a scale, picks only one partner made) says so.
        """
        return None

    # Flags.

    def flag_rules(self) -> tuple[Flag, ...]:
        # None on kinds that cannot flag; the kinds that can mix in `flags.Flagged`.
        return ()

    def raised_flags(self, value: Any) -> list[Flag]:
        """The flag rules this answer meets; none for no answer."""
        if is_blank(value):
            return []
        return [rule for rule in self.flag_rules() if self.raises(rule, value)]

    def raises(self, rule: Flag, value: Any) -> bool:
        return value == rule.when


def clean(raw: str) -> str:
    # Browsers send CRLF; count a line break once. NUL can't be stored in PostgreSQL.
    return raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()


def too_long(what: str, given: str, limit: int) -> str | None:
    if len(given) <= limit:
        return None
    return (
        f"{what} is too long ({len(given):,} characters; the limit is {limit:,}). "
        "Shorten it, or copy the extra text somewhere safe."
    )


def is_list(value: Any) -> bool:
    return isinstance(value, list | tuple)


def is_whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if is_list(value):
        return all(isinstance(v, str | list | tuple | dict) and is_blank(v) for v in value)
    if isinstance(value, dict):
        return all(is_blank(v) for v in value.values())
    return False
