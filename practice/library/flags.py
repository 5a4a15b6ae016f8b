"""Flags: answers the counselor must see (a safety concern, a steep drop).

A prompt of a kind that can flag carries one rule (`flag:`) or several (`flags:`); a kind reads
them through `flag_rules()`, checks each against its own options or range in `rule_fault()`,
and decides in `raises()` whether an answer meets one. One answer can raise several flags.

A flag's `kind` says how it travels: `safety` (risk of harm: violence, fear, control, thoughts
of suicide) may only sit on a private worksheet answered by one partner alone, and sorts first
on the counselor's dashboard; `clinical` (low hope, a steep drop) is everything else.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import StrictInt, model_validator

from .validation import Model, fault, text

FLAG_KINDS = ("safety", "clinical")


class Flag(Model):
    message: Annotated[str, text(300)]
    kind: Literal["safety", "clinical"] = "clinical"
    when: Annotated[str, text(200)] | None = None
    at_most: StrictInt | None = None
    at_least: StrictInt | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [k for k in ("when", "at_most", "at_least") if getattr(self, k) is not None]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            raise fault(("", f"give exactly one of when, at_most, at_least (found {found})"))
        return self

    @property
    def is_safety(self) -> bool:
        return self.kind == "safety"


class Flagged(Model):
    """The flag fields of a prompt kind that can flag: `flag` or `flags`, not both."""

    flag: Flag | None = None
    flags: tuple[Flag, ...] = ()

    def flag_rules(self) -> tuple[Flag, ...]:
        return ((self.flag,) if self.flag is not None else ()) + self.flags

    def placed_rules(self) -> list[tuple[str, Flag]]:
        """Each rule with its field path on the prompt: `flag`, or `flags[0]`, `flags[1]`..."""
        if self.flag is not None:
            return [("flag", self.flag)]
        return [(f"flags[{i}]", rule) for i, rule in enumerate(self.flags)]

    def rule_fault(self, rule: Flag) -> tuple[str, str] | None:
        """What is wrong with one rule on this prompt, as (field under the rule, message)."""
        return None

    def flag_faults(self) -> list[tuple[str, str]]:
        """Every rule's fault, each at its own field path (`flag.when`, `flags[1].at_most`)."""
        if self.flag is not None and self.flags:
            return [("flags", "give flag or flags, not both")]
        faults = []
        for place, rule in self.placed_rules():
            if found := self.rule_fault(rule):
                faults.append((f"{place}.{found[0]}", found[1]))
        return faults


def when_only(flag: Flag, kind: str) -> tuple[str, str] | None:
    """The fault of a flag that gives a number where its kind compares text."""
    for key in ("at_most", "at_least"):
        if getattr(flag, key) is not None:
            return (key, f"a {kind} flag takes when, not {key}")
    return None
