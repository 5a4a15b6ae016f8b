"""Rows by columns (kind `grid`): days by "kept / not kept", promises by weeks.

Each cell is a tick or a short text, by `cell`:
- `choice`: at most one column per row (radios named answer-<id>-<row>); stored per row as
  the column's text, "" for a row left blank;
- `tick`: any columns per row (checkboxes named answer-<id>-<row>); a list per row;
- `text`: a short text per cell (answer-<id>-<row>-<column>); a list per row.
Rows and columns are counted from 1. The answer is a list with one item per row, so row 3
stays row 3 however many are blank, like a list prompt's entries.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import Field, model_validator

from ..quoting import quoted
from ..validation import fault, text
from .base import ONE_ANSWER, PREFIX, Difference, PromptKind, clean, is_list, too_long

CELL_LIMIT = 200  # characters in a text cell: a few words, as the printed cell allows
STRAY = "This answer has a row or column that isn't in this grid. Reload the page and try again."


class Grid(PromptKind):
    kind: Literal["grid"]
    rows: tuple[Annotated[str, text(80)], ...] = Field(min_length=1, max_length=14)
    columns: tuple[Annotated[str, text(40)], ...] = Field(min_length=1, max_length=8)
    cell: Literal["choice", "tick", "text"] = "choice"

    expected: ClassVar[str] = "a list with one answer per row"
    kept_on_error: ClassVar[bool] = True  # typed cells and valid ticks stay

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        faults: list[tuple[str, str]] = []
        for name in ("rows", "columns"):
            seen: dict[str, int] = {}
            for i, label in enumerate(getattr(self, name)):
                first = seen.setdefault(label.casefold(), i)
                if first != i:
                    again = f"{quoted(label)} repeats {name}[{first}] (they must differ)"
                    faults.append((f"{name}[{i}]", again))
        if self.cell == "choice" and len(self.columns) < 2:
            one = "a grid with cell: choice needs at least 2 columns to choose from; "
            faults.append(("columns", one + "use cell: tick for a single column"))
        if faults:
            raise fault(*faults)
        return self

    def client_text(self) -> list[str]:
        return super().client_text() + list(self.rows) + list(self.columns)

    # The form.

    def field_names(self) -> list[str]:
        base = f"{PREFIX}{self.id}"
        if self.cell == "text":
            return [
                f"{base}-{r}-{c}"
                for r in range(1, len(self.rows) + 1)
                for c in range(1, len(self.columns) + 1)
            ]
        return [f"{base}-{r}" for r in range(1, len(self.rows) + 1)]

    def from_form(self, fields: list[list[str]]) -> tuple[Any, str | None]:
        if self.cell == "text":
            width = len(self.columns)
            cells = [clean(values[0]) if values else "" for values in fields]
            rows: list[Any] = [cells[i : i + width] for i in range(0, len(cells), width)]
            several = any(len([v for v in values if v.strip()]) > 1 for values in fields)
            error = ONE_ANSWER if several else None
        else:
            picked = [[v for v in (clean(raw) for raw in values) if v] for values in fields]
            error = None
            if self.cell == "choice":
                if any(len(row) > 1 for row in picked):
                    error = "Choose one answer in each row. Reload the page and try again."
                rows = [row[0] if len(row) == 1 else "" for row in picked]
            else:
                rows = [[c for c in self.columns if c in row] for row in picked]
            if any(v not in self.columns for row in picked for v in row):
                error = "Choose only from the columns shown. Reload the page and try again."
        return (None if all(not cell_given(row) for row in rows) else rows), error

    def stray_field(self, name: str) -> str | None:
        return STRAY

    # Checking an answer.

    def fits(self, value: Any) -> bool:
        if not is_list(value):
            return False
        if self.cell == "choice":
            return all(isinstance(row, str) for row in value)
        return all(is_list(row) and all(isinstance(v, str) for v in row) for row in value)

    def problem(self, value: Any) -> str | None:
        if len(value) > len(self.rows):
            return f"This grid has {len(self.rows)} rows, and the answer had more. {RELOAD}"
        for label, row in zip(self.rows, value, strict=False):
            if self.cell == "choice" and row and row not in self.columns:
                return f"Row {quoted(label)}: choose one of the columns shown. {RELOAD}"
            if self.cell == "tick" and any(v not in self.columns for v in row):
                return f"Row {quoted(label)}: choose only from the columns shown. {RELOAD}"
            if self.cell == "text":
                if len(row) > len(self.columns):
                    return f"Row {quoted(label)} has more cells than the grid. {RELOAD}"
                for column, given in zip(self.columns, row, strict=False):
                    if error := too_long(
                        f"The text in row {quoted(label)}, column {quoted(column)}",
                        given,
                        CELL_LIMIT,
                    ):
                        return error
        return None

    # Showing an answer.

    def text_of(self, value: Any) -> str:
        if not is_list(value):
            return str(value)
        lines = []
        for label, row in zip(self.rows, value, strict=False):
            if not cell_given(row):
                continue
            if self.cell == "choice":
                lines.append(f"{label}: {row}")
            elif self.cell == "tick":
                lines.append(f"{label}: {', '.join(row)}")
            else:
                said = [f"{c}: {t}" for c, t in zip(self.columns, row, strict=False) if t]
                lines.append(f"{label}. " + "; ".join(said))
        return "\n".join(lines)

    def cell_of(self, value: Any, row: int, column: int) -> str:
        """The answer in one cell (both counted from 0) for a table: its text, a tick, or ""."""
        if not is_list(value) or row >= len(value):
            return ""
        given = value[row]
        label = self.columns[column]
        if self.cell == "choice":
            return "\u2713" if given == label else ""
        if not is_list(given):
            return ""
        if self.cell == "tick":
            return "\u2713" if label in given else ""
        return str(given[column]) if column < len(given) else ""

    def paper_hint(self, fillable: bool) -> str:
        if self.cell == "choice":
            return "Tick one box in each row."
        return "Tick any boxes that fit." if self.cell == "tick" else ""

    def compare(self, first: Any, second: Any) -> Difference | None:
        if self.cell != "choice" or not (is_list(first) and is_list(second)):
            return None
        apart = [
            label
            for label, a, b in zip(self.rows, first, second, strict=False)
            if a and b and a != b
        ]
        if not apart:
            return None
        return Difference(f"Answered differently in {len(apart)} row(s): {', '.join(apart)}")


RELOAD = "Reload the page and try again."


def cell_given(row: Any) -> bool:
    if isinstance(row, str):
        return bool(row.strip())
    return is_list(row) and any(isinstance(v, str) and v.strip() for v in row)
