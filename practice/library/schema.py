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

from pydantic import Field, StrictBool, StrictInt, StringConstraints, model_validator

from .flags import Flag, Flagged
from .kinds.base import PROMPT_ID_PATTERN
from .kinds.entries import ListPrompt
from .kinds.grid import Grid
from .kinds.info import READ_IT, Info, ReadIt
from .kinds.options import Checklist, Choice
from .kinds.partners import EachPartner, Signature
from .kinds.registry import KINDS, PROMPT_MODELS, AnyPrompt, Prompt
from .kinds.scale import Scale
from .kinds.text import LongText, ShortText
from .kinds.yes_no import YesNo
from .quoting import quoted
from .validation import Model, fault, text
from .validation import text as bounded  # inside a model with a field named `text`

# Where the rest of the app has always found the prompt kinds and their registry.
__all__ = [
    "KINDS",
    "PROMPT_ID_PATTERN",
    "PROMPT_MODELS",
    "AnyPrompt",
    "Checklist",
    "Choice",
    "EachPartner",
    "Flag",
    "Grid",
    "Info",
    "ListPrompt",
    "LongText",
    "Prompt",
    "ReadIt",
    "Scale",
    "ShortText",
    "Signature",
    "Worksheet",
    "YesNo",
]

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
# A worksheet asks; a reading is text to read, with "I have read this" as its only answer.
WORKSHEET_KINDS = ("worksheet", "reading")
# What a private safety worksheet is called on paper and in file names, unless the counselor
# picks the full title: a printout found at home must not say "safety plan".
DISCREET_TITLE = "Wellbeing worksheet"
DISCREET_SLUG = "wellbeing-worksheet"
PRIVACY = ("private", "shareable")
# Which side of the trust injury a version is written for, in the counselor's words.
PERSPECTIVES: dict[str, str] = {
    "hurt": "for the partner who was hurt",
    "broke-trust": "for the partner who broke trust",
    "any": "for either partner",
}
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Source(Model):
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


class Section(Model):
    title: Annotated[str, bounded(120)]
    intro: Annotated[str, bounded(1000)] | None = None
    text: Annotated[str, bounded(6000)] | None = (
        None  # a reading's body; blank lines part paragraphs
    )
    # A worksheet's sections have 1 to 20 prompts; a reading's none (Worksheet checks).
    prompts: tuple[Prompt, ...] = Field(default=(), max_length=20)


class Worksheet(Model):
    slug: Annotated[str, StringConstraints(max_length=80, pattern=SLUG_PATTERN)]
    version: StrictInt = Field(ge=1)
    kind: Literal["worksheet", "reading"] = "worksheet"
    title: Annotated[str, text(120)]
    summary: Annotated[str, text(300)]
    source: Source
    audience: Literal["each-partner", "one-partner", "together"]
    # private: each partner's answers reach the counselor only, never the other partner.
    privacy: Literal["private", "shareable"] = "shareable"
    # Printed and downloaded as "Wellbeing worksheet" unless the counselor picks the full
    # title: for a private sheet whose title alone would say it is about safety.
    discreet: StrictBool = False
    # The relationship safety screen: once each partner has submitted one, the case counts
    # as screened (unless the counselor already recorded a screening of their own).
    safety_screen: StrictBool = False
    # Perspective versions: one worksheet written for each side of a trust injury, grouped
    # by a shared `family` slug. Assigned to each partner, each gets the version for the side
    # the case records for them (or the one the counselor picks).
    family: Annotated[str, StringConstraints(max_length=80, pattern=SLUG_PATTERN)] | None = None
    perspective: Literal["hurt", "broke-trust", "any"] = "any"
    minutes: StrictInt = Field(ge=5, le=120)
    counselor_notes: Annotated[str, text(3000)]
    instructions: Annotated[str, text(2000)]
    sections: tuple[Section, ...] = Field(min_length=1, max_length=6)

    @model_validator(mode="before")
    @classmethod
    def _filled_in(cls, data: Any) -> Any:
        """What the author need not write: a reading's "I have read this", and a together
        sheet's signatures being signed by each partner in their own box."""
        if not isinstance(data, dict) or not isinstance(data.get("sections"), list | tuple):
            return data
        sections = list(data["sections"])
        if not sections or not all(isinstance(s, dict) for s in sections):
            return data
        if data.get("kind") == "reading" and not any("prompts" in s for s in sections):
            sections[-1] = {**sections[-1], "prompts": [READ_IT]}
        if data.get("audience") == "together":
            sections = [
                {**s, "prompts": [_signed_by_each(p) for p in s["prompts"]]}
                if isinstance(s.get("prompts"), list | tuple)
                else s
                for s in sections
            ]
        return {**data, "sections": sections}

    @model_validator(mode="after")
    def _sections_fit_the_kind(self) -> Self:
        faults: list[tuple[str, str]] = []
        reading = self.kind == "reading"
        for s, section in enumerate(self.sections):
            here = f"sections[{s}]"
            if reading:
                if section.text is None:
                    faults.append((f"{here}.text", "is required: a reading's sections are text"))
                if any(p.kind != "read" for p in section.prompts):
                    faults.append(
                        (
                            f"{here}.prompts",
                            'a reading has no prompts: its one answer, "I have read this", '
                            "is added for you (use kind: worksheet to ask questions)",
                        )
                    )
                continue
            if section.text is not None:
                faults.append(
                    (
                        f"{here}.text",
                        "only a reading's sections have text; in a worksheet use intro, "
                        "or an info prompt for a longer block to read",
                    )
                )
            if not section.prompts:
                faults.append((f"{here}.prompts", "must have at least 1 prompt (found 0)"))
            for p, prompt in enumerate(section.prompts):
                where = f"{here}.prompts[{p}]"
                if isinstance(prompt, ReadIt):
                    faults.append(
                        (f"{where}.kind", '"read" is added to readings by itself; not here')
                    )
                elif prompt.per_partner and self.audience != "together":
                    field = "each_partner" if isinstance(prompt, Signature) else "kind"
                    faults.append(
                        (
                            f"{where}.{field}",
                            "one box per partner needs audience: together (on this sheet "
                            f"{_WRITERS[self.audience]})",
                        )
                    )
        if faults:
            raise fault(*faults)
        return self

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

    @model_validator(mode="after")
    def _versions_belong_to_a_family(self) -> Self:
        if self.perspective != "any" and self.family is None:
            raise fault(
                (
                    "family",
                    f"a version for one side (perspective: {self.perspective}) needs the "
                    "family slug its other versions share",
                )
            )
        if self.perspective != "any" and self.audience == "together":
            raise fault(
                (
                    "perspective",
                    "a together worksheet is answered by both partners at once, so it "
                    "can't be written for one side; use perspective: any",
                )
            )
        return self

    @model_validator(mode="after")
    def _safety_stays_private(self) -> Self:
        """A safety question is asked of one partner alone, and its answer is never shared."""
        faults: list[tuple[str, str]] = []
        if self.discreet and self.privacy != "private":
            faults.append(("discreet", "only a private worksheet can print under a neutral title"))
        if self.safety_screen and (self.privacy != "private" or self.audience != "each-partner"):
            faults.append(
                (
                    "safety_screen",
                    "a safety screen is answered by each partner alone: it needs "
                    "audience: each-partner and privacy: private",
                )
            )
        if self.privacy == "private" and self.audience == "together":
            faults.append(
                (
                    "privacy",
                    "a together worksheet is answered by both partners at once, "
                    "so it cannot be private",
                )
            )
        for s, section in enumerate(self.sections):
            for p, prompt in enumerate(section.prompts):
                placed = prompt.placed_rules() if isinstance(prompt, Flagged) else []
                for place, rule in placed:
                    if not rule.is_safety:
                        continue
                    here = f"sections[{s}].prompts[{p}].{place}.kind"
                    if self.audience == "together":
                        faults.append(
                            (
                                here,
                                "a safety flag can't be on a together worksheet: "
                                "ask safety questions of each partner alone",
                            )
                        )
                    elif self.privacy != "private":
                        faults.append(
                            (
                                here,
                                "a safety flag needs privacy: private, so the "
                                "answer never reaches the other partner",
                            )
                        )
        if faults:
            raise fault(*faults)
        return self

    def when_not_to_use(self) -> str:
        """The counselor notes' "When NOT to use" paragraph, or "" when they have none."""
        for paragraph in self.counselor_notes.split("\n\n"):
            flat = " ".join(paragraph.split())
            if flat.casefold().startswith("when not to use"):
                return flat.split(":", 1)[1].strip() if ":" in flat[:20] else flat
        return ""

    def print_title(self, full: bool = False) -> str:
        return DISCREET_TITLE if self.discreet and not full else self.title

    def print_slug(self, full: bool = False) -> str:
        return DISCREET_SLUG if self.discreet and not full else self.slug

    @property
    def needs_crisis_lines(self) -> bool:
        """Whether the practice's crisis lines go under the instructions (page and print)."""
        said = " ".join(self.client_text()).casefold()
        return "crisis line" in said or bool(self.safety_rules())

    @property
    def is_private(self) -> bool:
        return self.privacy == "private"

    def safety_rules(self) -> list[Flag]:
        return [
            rule for prompt in self.all_prompts() for rule in prompt.flag_rules() if rule.is_safety
        ]

    def all_prompts(self) -> Iterator[AnyPrompt]:
        for section in self.sections:
            yield from section.prompts

    def client_text(self) -> list[str]:
        """Every string a client reads while filling the worksheet in."""
        texts = [self.instructions]
        for section in self.sections:
            texts += [section.title] + [t for t in (section.intro, section.text) if t]
            for prompt in section.prompts:
                texts += prompt.client_text()
        return texts

    @property
    def is_reading(self) -> bool:
        return self.kind == "reading"

    def to_snapshot(self) -> dict[str, Any]:
        """The full definition as JSON-ready data; `from_snapshot` rebuilds it."""
        data = _without_new_defaults(self.model_dump(mode="json", exclude_none=True))
        if self.is_reading:  # as written: the acknowledgement is added again on loading
            data["sections"] = [
                {k: v for k, v in s.items() if k != "prompts"} for s in data["sections"]
            ]
        return data

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> Worksheet:
        return cls.model_validate(data)

    @cached_property
    def content_hash(self) -> str:
        canonical = json.dumps(
            self.to_snapshot(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode()).hexdigest()


# Fields added after worksheets were first snapshotted, left out at their defaults so an
# unchanged worksheet keeps the snapshot and content hash it always had.
_NEW_DEFAULTS: dict[str, tuple[Any, ...]] = {
    "privacy": ("shareable",),
    "discreet": (False,),
    "safety_screen": (False,),
    "perspective": ("any",),
    "kind": ("clinical", "worksheet"),  # a flag's kind; a worksheet's kind
    "flags": ([],),
    "each_partner": (False,),
}
_WRITERS = {
    "each-partner": "each partner answers alone",
    "one-partner": "one partner answers",
    "together": "",
}


def _signed_by_each(prompt: Any) -> Any:
    if isinstance(prompt, dict) and prompt.get("kind") == "signature":
        return {"each_partner": True, **prompt}
    return prompt


def _without_new_defaults(data: Any) -> Any:
    if isinstance(data, list):
        return [_without_new_defaults(item) for item in data]
    if isinstance(data, dict):
        return {
            key: _without_new_defaults(value)
            for key, value in data.items()
            if not (key in _NEW_DEFAULTS and any(value == d for d in _NEW_DEFAULTS[key]))
        }
    return data
