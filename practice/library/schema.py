"""The worksheet format: typed, frozen models of one worksheet file (see DESIGN.md).

Cross-field rules raise `fault(...)` errors that carry the field they belong to, so the
loader can report them as `sections[1].prompts[0].max: must be greater than min (10)`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .quoting import quoted

SECTIONS: dict[str, tuple[str, ...]] = {
    "understanding-mistrust": (
        "personal-insecurities",
        "past-wounds",
        "infidelity-or-deception",
        "communication-failures",
    ),
    "impact": (
        "emotional-strain",
        "mental-and-emotional-health",
        "relationship-viability",
        "further-issues",
    ),
    "regaining-trust": ("acknowledgment", "communication", "empathy", "taking-responsibility"),
    "professional-tips": (
        "seeking-counsel",
        "transparency-and-honesty",
        "boundaries-and-emotional-intimacy",
        "expert-strategies",
    ),
    "maintaining-trust": (
        "consistency",
        "mutual-respect",
        "emotional-bonding",
        "continuous-communication",
    ),
}


def _human(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


SECTION_TITLES: dict[str, str] = {s: _human(s) for s in SECTIONS}
TIP_TITLES: dict[str, str] = {t: _human(t) for tips in SECTIONS.values() for t in tips}

AUDIENCES = ("each-partner", "one-partner", "together")
KINDS = ("short_text", "long_text", "scale", "choice", "checklist", "list", "yes_no")
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PROMPT_ID_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"


def _text(max_length: int) -> StringConstraints:
    """Text that is non-empty after stripping and at most `max_length` characters long."""
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


def fault(*faults: tuple[str, str]) -> PydanticCustomError:
    """An error for (field, message) pairs, the field relative to the model: "flag.when"."""
    return PydanticCustomError(
        "worksheet_fault", "{summary}", {"summary": faults[0][1], "faults": faults}
    )


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    section: str
    tip: str

    @model_validator(mode="after")
    def _known_pair(self) -> Self:
        if self.section not in SECTIONS:
            known = ", ".join(SECTIONS)
            raise fault(
                ("section", f"unknown section {quoted(self.section)}; expected one of: {known}")
            )
        if self.tip not in SECTIONS[self.section]:
            tips = ", ".join(SECTIONS[self.section])
            raise fault(
                (
                    "tip",
                    f"{quoted(self.tip)} is not a tip of {self.section}; expected one of: {tips}",
                )
            )
        return self


class Flag(_Model):
    message: Annotated[str, _text(300)]
    when: Annotated[str, _text(200)] | None = None
    at_most: StrictInt | None = None
    at_least: StrictInt | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [k for k in ("when", "at_most", "at_least") if getattr(self, k) is not None]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            raise fault(("", f"give exactly one of when, at_most, at_least (found {found})"))
        return self


class _Prompt(_Model):
    id: Annotated[str, StringConstraints(pattern=PROMPT_ID_PATTERN)]
    label: Annotated[str, _text(300)]
    help: Annotated[str, _text(500)] | None = None
    required: StrictBool = True

    def client_text(self) -> list[str]:
        return [self.label] + ([self.help] if self.help else [])


class ShortText(_Prompt):
    kind: Literal["short_text"]


class LongText(_Prompt):
    kind: Literal["long_text"]
    lines: StrictInt = Field(default=4, ge=1, le=20)


class ListPrompt(_Prompt):
    kind: Literal["list"]
    entries: StrictInt = Field(default=3, ge=1, le=10)


class YesNo(_Prompt):
    kind: Literal["yes_no"]
    flag: Flag | None = None

    @model_validator(mode="after")
    def _flag_fits(self) -> Self:
        if self.flag and self.flag.when not in ("yes", "no"):
            found = f'must be "yes" or "no" on a yes_no prompt, found {quoted(self.flag.when)}'
            raise fault(_when_only(self.flag, self.kind) or ("flag.when", found))
        return self


class Scale(_Prompt):
    kind: Literal["scale"]
    min: StrictInt = Field(ge=-100, le=100)
    max: StrictInt = Field(ge=-100, le=100)
    min_label: Annotated[str, _text(120)]
    max_label: Annotated[str, _text(120)]
    flag: Flag | None = None

    @model_validator(mode="after")
    def _range_and_flag(self) -> Self:
        if self.min >= self.max:
            raise fault(("max", f"must be greater than min ({self.min})"))
        if self.flag is None:
            return self
        if self.flag.when is not None:
            raise fault(("flag.when", "a scale flag takes at_most or at_least, not when"))
        key = "at_most" if self.flag.at_most is not None else "at_least"
        value = getattr(self.flag, key)
        if not self.min <= value <= self.max:
            span = f"{self.min}..{self.max}"
            raise fault((f"flag.{key}", f"must be within min..max ({span}), found {value}"))
        return self


class _Options(_Prompt):
    options: tuple[Annotated[str, _text(200)], ...] = Field(min_length=2, max_length=12)
    flag: Flag | None = None

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
        if self.flag and (wrong := _when_only(self.flag, self.kind)):
            faults.append(wrong)
        elif self.flag and self.flag.when not in self.options:
            faults.append(("flag.when", f"{quoted(self.flag.when)} is not one of the options"))
        if faults:
            raise fault(*faults)
        return self

    def client_text(self) -> list[str]:
        return super().client_text() + list(self.options)


class Choice(_Options):
    kind: Literal["choice"]


class Checklist(_Options):
    kind: Literal["checklist"]


def _when_only(flag: Flag, kind: str) -> tuple[str, str] | None:
    for key in ("at_most", "at_least"):
        if getattr(flag, key) is not None:
            return (f"flag.{key}", f"a {kind} flag takes when, not {key}")
    return None


AnyPrompt = ShortText | LongText | Scale | Choice | Checklist | ListPrompt | YesNo
Prompt = Annotated[AnyPrompt, Field(discriminator="kind")]
_CLASSES = (ShortText, LongText, Scale, Choice, Checklist, ListPrompt, YesNo)
PROMPT_MODELS: dict[str, type[_Prompt]] = dict(zip(KINDS, _CLASSES, strict=True))


class Section(_Model):
    title: Annotated[str, _text(120)]
    intro: Annotated[str, _text(1000)] | None = None
    prompts: tuple[Prompt, ...] = Field(min_length=1, max_length=20)


class Worksheet(_Model):
    slug: Annotated[str, StringConstraints(max_length=80, pattern=SLUG_PATTERN)]
    version: StrictInt = Field(ge=1)
    title: Annotated[str, _text(120)]
    summary: Annotated[str, _text(300)]
    source: Source
    audience: Literal["each-partner", "one-partner", "together"]
    minutes: StrictInt = Field(ge=5, le=120)
    counselor_notes: Annotated[str, _text(3000)]
    instructions: Annotated[str, _text(2000)]
    sections: tuple[Section, ...] = Field(min_length=1, max_length=6)

    @model_validator(mode="after")
    def _unique_prompt_ids(self) -> Self:
        first: dict[str, str] = {}
        faults: list[tuple[str, str]] = []
        for s, section in enumerate(self.sections):
            for p, prompt in enumerate(section.prompts):
                here = f"sections[{s}].prompts[{p}]"
                if (other := first.setdefault(prompt.id, here)) != here:
                    faults.append((f"{here}.id", f"{quoted(prompt.id)} is already used by {other}"))
        if faults:
            raise fault(*faults)
        return self

    def all_prompts(self) -> Iterator[AnyPrompt]:
        for section in self.sections:
            yield from section.prompts

    def client_text(self) -> list[str]:
        """Every string a client reads while filling the worksheet in."""
        texts = [self.instructions]
        for section in self.sections:
            texts += [section.title] + ([section.intro] if section.intro else [])
            for prompt in section.prompts:
                texts += prompt.client_text()
                if isinstance(prompt, Scale):
                    texts += [prompt.min_label, prompt.max_label]
        return texts

    def to_snapshot(self) -> dict[str, Any]:
        """The full definition as JSON-ready data; `from_snapshot` rebuilds it."""
        return self.model_dump(mode="json", exclude_none=True)

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> Worksheet:
        return cls.model_validate(data)

    @cached_property
    def content_hash(self) -> str:
        canonical = json.dumps(
            self.to_snapshot(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode()).hexdigest()
