"""Building blocks of the worksheet schema: a strict frozen model, text fields, faults.

Cross-field rules raise `fault(...)` errors that carry the field they belong to, so the
loader can report them as `sections[1].prompts[0].max: must be greater than min (10)`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError


def text(max_length: int) -> StringConstraints:
    """Text that is non-empty after stripping and at most `max_length` characters long."""
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


def fault(*faults: tuple[str, str]) -> PydanticCustomError:
    """An error for (field, message) pairs, the field relative to the model: "flag.when"."""
    return PydanticCustomError(
        "worksheet_fault", "{summary}", {"summary": faults[0][1], "faults": faults}
    )


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
