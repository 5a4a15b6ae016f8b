"""The built-in trust check-in measure, read from trust-measure.yaml and validated at load."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

MEASURE_FILE = Path(__file__).with_name("trust-measure.yaml")
SCALE_MIN, SCALE_MAX = 0, 10

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,29}$")]


class MeasureError(ValueError):
    """The measure file is broken; the message names the file and the field."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Model):
    id: ItemId
    text: Text
    # Rates the person answering, not the partner or the relationship: marked as such and
    # left out of the mean of trust in the partner.
    self_rated: bool = False
    # A score at or below this raises a flag on its own, whatever the mean does.
    flag_at_most: Annotated[int, Field(ge=0, le=10)] | None = None


class Scale(_Model):
    min_label: Text
    max_label: Text


class Measure(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    version: Annotated[int, Field(ge=1)]
    title: Text
    intro: Annotated[str, StringConstraints(strip_whitespace=True, max_length=400)]
    scale: Scale
    items: Annotated[list[Item], Field(min_length=5, max_length=7)]

    @field_validator("items")
    @classmethod
    def _unique_ids(cls, items: list[Item]) -> list[Item]:
        ids = [item.id for item in items]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"item ids must be unique; repeated: {', '.join(repeated)}")
        return items

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    @property
    def mean_item_ids(self) -> tuple[str, ...]:
        """The items the mean (trust in the partner and the relationship) is taken over."""
        return tuple(item.id for item in self.items if not item.self_rated)

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)


def _where(error: dict) -> str:
    return ".".join(f"[{part}]" if isinstance(part, int) else str(part) for part in error["loc"])


def parse_measure(text: str, source: str = "measure") -> Measure:
    try:
        data = yaml.safe_load(text)
        return Measure.model_validate(data)
    except yaml.YAMLError as error:
        raise MeasureError(f"{source}: not valid YAML: {' '.join(str(error).split())}") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = _where(first).replace(".[", "[") or "file"
        raise MeasureError(f"{source}: {where}: {first['msg']}") from None


@cache
def trust_measure() -> Measure:
    return parse_measure(MEASURE_FILE.read_text(encoding="utf-8"), str(MEASURE_FILE.name))
