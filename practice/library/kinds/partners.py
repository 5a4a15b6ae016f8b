"""Answers written by each partner in their own box, and signatures.

On a `together` sheet both partners share one response. A per-partner prompt gives each of
them a box of their own, so one partner does not write for both: the answer is a mapping from
the partner's position ("1" or "2", as `Client.position`) to what that partner wrote, and a
save keeps the other partner's box as it was stored (`keep_others`), whatever the form said.

- `each_partner`: a text box per partner (answer-<id>-1, answer-<id>-2); only on a together
  sheet.
- `signature`: a typed full name and a date, stored as {"name": ..., "date": "YYYY-MM-DD"}
  (answer-<id>-name, answer-<id>-date). On a together sheet it is signed by each partner in
  their own box (`each_partner: true`, set for the author): answer-<id>-1-name and so on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar, Literal

from pydantic import Field, StrictBool, StrictInt

from .base import ONE_ANSWER, PREFIX, PromptKind, clean, is_blank, too_long

POSITIONS = ("1", "2")
NAME_LIMIT = 120
# The latest date it is anywhere on Earth (UTC+14): a partner far east of the practice may
# sign on a date that is still tomorrow where the practice is.
AHEAD = timedelta(hours=14)


def partner_name(names: Sequence[str], position: str) -> str:
    index = int(position) - 1
    return names[index] if index < len(names) else f"Partner {position}"


class _PerPartner(PromptKind):
    """What a prompt answered in one box per partner does; a kind says what one box holds."""

    kept_on_error: ClassVar[bool] = True
    suffixes: ClassVar[tuple[str, ...]] = ("",)  # one box's fields, after -<position>

    # One box: overridden by each kind.

    def one_from_form(self, fields: list[list[str]]) -> tuple[Any, str | None]:
        raise NotImplementedError

    def one_fits(self, value: Any) -> bool:
        raise NotImplementedError

    def one_problem(self, value: Any) -> str | None:
        return None

    def one_text(self, value: Any) -> str:
        return str(value)

    def one_missing(self, value: Any) -> bool:
        return is_blank(value)

    # The boxes together.

    def field_names(self) -> list[str]:
        base = f"{PREFIX}{self.id}"
        if not self.per_partner:
            return [f"{base}{suffix}" for suffix in self.suffixes]
        return [f"{base}-{p}{suffix}" for p in POSITIONS for suffix in self.suffixes]

    def from_form(self, fields: list[list[str]]) -> tuple[Any, str | None]:
        if not self.per_partner:
            return self.one_from_form(fields)
        width = len(self.suffixes)
        answer, error = {}, None
        for n, position in enumerate(POSITIONS):
            value, problem = self.one_from_form(fields[n * width : (n + 1) * width])
            if value is not None:
                answer[position] = value
            error = error or problem
        return (answer or None), error

    def fits(self, value: Any) -> bool:
        if not self.per_partner:
            return self.one_fits(value)
        return isinstance(value, dict) and all(
            key in POSITIONS and self.one_fits(one) for key, one in value.items()
        )

    def shape_problem(self, value: Any) -> str | None:
        if not self.fits(value):
            return f"This answer should be {self.expected}. Reload the page and try again."
        return None

    def problem(self, value: Any) -> str | None:
        if not self.per_partner:
            return self.one_problem(value)
        return next((e for one in value.values() if (e := self.one_problem(one))), None)

    def keep_others(self, value: Any, stored: Any, mine: int | None) -> Any:
        if not self.per_partner:
            return value
        given = value if isinstance(value, dict) else {}
        kept = stored if isinstance(stored, dict) else {}
        merged = {
            p: (given if p == str(mine) else kept).get(p)
            for p in POSITIONS
            if (given if p == str(mine) else kept).get(p) is not None
        }
        return merged or None

    def is_missing(self, value: Any) -> bool:
        if not self.required:
            return False
        if not self.per_partner:
            return self.one_missing(value)
        boxes = value if isinstance(value, dict) else {}
        return any(self.one_missing(boxes.get(p)) for p in POSITIONS)

    def answer_text(self, value: Any, names: Sequence[str] = ()) -> str:
        if is_blank(value):
            return ""
        if not self.per_partner or not isinstance(value, dict):
            return self.one_text(value)
        said = {p: self.one_text(value[p]) if p in value else "(nothing yet)" for p in POSITIONS}
        return "\n".join(f"{partner_name(names, p)}: {said[p]}" for p in POSITIONS)

    def box(self, value: Any, position: int | str) -> Any:
        """One partner's part of an answer, for a template."""
        return value.get(str(position)) if isinstance(value, dict) else None


class EachPartner(_PerPartner):
    kind: Literal["each_partner"]
    lines: StrictInt = Field(default=4, ge=1, le=20)

    expected: ClassVar[str] = "one text for each partner"
    limit: ClassVar[int] = 10_000

    @property
    def per_partner(self) -> bool:
        return True

    def one_from_form(self, fields: list[list[str]]) -> tuple[Any, str | None]:
        given = [v for v in (clean(raw) for raw in fields[0]) if v]
        if len(given) > 1:
            return None, ONE_ANSWER
        return (given[0] if given else None), None

    def one_fits(self, value: Any) -> bool:
        return isinstance(value, str)

    def one_problem(self, value: Any) -> str | None:
        return too_long("This answer", value, self.limit)

    def missing_message(self) -> str | None:
        return "Each of you writes in your own box: both need an answer before you submit."


class Signature(_PerPartner):
    kind: Literal["signature"]
    each_partner: StrictBool = False  # set for the author on a together sheet

    expected: ClassVar[str] = "a name and a date"
    suffixes: ClassVar[tuple[str, ...]] = ("-name", "-date")

    @property
    def per_partner(self) -> bool:
        return self.each_partner

    def one_from_form(self, fields: list[list[str]]) -> tuple[Any, str | None]:
        name, day = ([v for v in (clean(raw) for raw in values) if v] for values in fields)
        if len(name) > 1 or len(day) > 1:
            return None, ONE_ANSWER
        if not name and not day:
            return None, None
        signed = {"name": name[0] if name else "", "date": day[0] if day else ""}
        return signed, None

    def one_fits(self, value: Any) -> bool:
        return (
            isinstance(value, dict)
            and set(value) <= {"name", "date"}
            and all(isinstance(v, str) for v in value.values())
        )

    def one_problem(self, value: Any) -> str | None:
        name, day = value.get("name", ""), value.get("date", "")
        if error := too_long("The name", name, NAME_LIMIT):
            return error
        if not day:
            return None  # a draft may hold the name before the date; submitting needs both
        signed_on = signature_date(day)
        if signed_on is None:
            return "Enter the date as year-month-day, like 2026-03-14."
        if signed_on > latest_today():
            return "The date can't be in the future. Use the date you sign."
        return None

    def one_text(self, value: Any) -> str:
        name = value.get("name", "") if isinstance(value, dict) else ""
        day = signature_date(value.get("date", "")) if isinstance(value, dict) else None
        if name and day:
            return f"Signed by {name} on {long_date(day)}"
        if name:
            return f"{name} (not dated yet)"
        return f"Not signed yet (dated {long_date(day)})" if day else ""

    def one_missing(self, value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        return not value.get("name", "").strip() or not value.get("date", "").strip()

    def missing_message(self) -> str | None:
        if self.per_partner:
            return "Each of you signs in your own box: type your full name and the date."
        return "Type your full name and the date to sign."

    def paper_hint(self, fillable: bool) -> str:
        return ""


def signature_date(text: str) -> date | None:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text or ""):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def latest_today() -> date:
    return (datetime.now(UTC) + AHEAD).date()


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"
