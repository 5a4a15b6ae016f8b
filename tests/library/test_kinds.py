"""The prompt kinds: a registry of classes, each with its own template of macros."""

from __future__ import annotations

import pytest

from practice.library.kinds.base import PromptKind
from practice.library.kinds.registry import KINDS, PROMPT_MODELS
from practice.library.kinds.yes_no import YesNo
from practice.library.schema import Flag


def test_the_registry_names_every_kind_of_the_design_once():
    design = ("short_text", "long_text", "scale", "choice", "checklist", "list", "yes_no")
    issue_15 = ("grid", "each_partner", "signature", "info", "read")
    assert (*design, *issue_15) == KINDS
    assert all(issubclass(cls, PromptKind) for cls in PROMPT_MODELS.values())


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_template_that_draws_it_on_screen_and_on_paper(app, kind):
    # A kind without its template would fail only when a worksheet using it is shown.
    module = app.jinja_env.get_template(f"kinds/{kind}.html").module
    assert callable(module.field) and callable(module.room)


def test_a_prompt_raises_every_flag_rule_its_answer_meets():
    # Today a prompt holds one flag; raised_flags already reads a list of rules.
    class TwoRules(YesNo):
        def flag_rules(self) -> tuple[Flag, ...]:
            return (Flag(when="yes", message="First."), Flag(when="yes", message="Second."))

    prompt = TwoRules(id="unsafe", kind="yes_no", label="Unsafe?")
    assert [rule.message for rule in prompt.raised_flags("yes")] == ["First.", "Second."]
    assert prompt.raised_flags("no") == [] and prompt.raised_flags(None) == []
