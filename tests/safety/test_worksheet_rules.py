"""Safety in the worksheet format: privacy, flag kinds, several flags per prompt (issue 12)."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from practice.library.answers import raised
from practice.library.loader import load_file, load_library

WORKSHEETS = Path(__file__).resolve().parents[2] / "worksheets"
PROMISES_PRIVACY = re.compile(
    r"partner will not see|only your counselor will see|just for you and your counselor",
    re.IGNORECASE,
)

# The joint sheets whose safety questions moved to the private follow-up.
MOVED_FROM = (
    "counseling-goals-together",
    "emotional-intimacy-builder",
    "speaking-and-listening-without-blame",
    "transparency-agreement",
    "trust-rebuilding-plan",
    "weekly-relationship-check-in",
)

SHEET: dict[str, Any] = {
    "slug": "sample",
    "version": 1,
    "title": "Sample",
    "summary": "A sample.",
    "source": {"section": "impact", "tip": "further-issues"},
    "audience": "each-partner",
    "privacy": "private",
    "minutes": 10,
    "counselor_notes": "Purpose: a test.",
    "instructions": "Answer on your own.",
    "sections": [
        {
            "title": "Safety",
            "prompts": [
                {
                    "id": "control",
                    "kind": "checklist",
                    "label": "Does your partner do any of these?",
                    "options": ["Checks my phone", "Controls the money", "None of these"],
                    "flags": [
                        {"kind": "safety", "when": "Checks my phone", "message": "Monitoring."},
                        {"kind": "safety", "when": "Controls the money", "message": "Money."},
                    ],
                },
                {
                    "id": "afraid",
                    "kind": "scale",
                    "label": "How afraid are you?",
                    "min": 0,
                    "max": 10,
                    "min_label": "Not at all",
                    "max_label": "Very",
                    "flags": [
                        {"kind": "safety", "at_least": 5, "message": "Afraid."},
                        {"at_least": 8, "message": "Very afraid."},
                    ],
                },
                {
                    "id": "hurt",
                    "kind": "yes_no",
                    "label": "Has your partner hurt you?",
                    "flag": {"kind": "safety", "when": "yes", "message": "Harm."},
                },
            ],
        }
    ],
}


def faults_of(tmp_path: Path, change=None) -> list[str]:
    data = copy.deepcopy(SHEET)
    if change:
        change(data)
    path = tmp_path / "sample.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    _, faults = load_file(path)
    return [f"{f.field}: {f.message}" for f in faults]


def test_a_private_sheet_with_safety_flags_loads(tmp_path: Path) -> None:
    assert faults_of(tmp_path) == []


def test_a_safety_flag_on_a_together_sheet_is_refused(tmp_path: Path) -> None:
    def together(d):
        d["audience"] = "together"
        d["privacy"] = "shareable"

    faults = faults_of(tmp_path, together)
    assert (
        "sections[0].prompts[2].flag.kind: a safety flag can't be on a together worksheet: "
        "ask safety questions of each partner alone" in faults
    )
    assert any(f.startswith("sections[0].prompts[0].flags[1].kind: ") for f in faults)


def test_a_safety_flag_on_a_shareable_sheet_is_refused(tmp_path: Path) -> None:
    faults = faults_of(tmp_path, lambda d: d.update(privacy="shareable"))
    assert (
        "sections[0].prompts[1].flags[0].kind: a safety flag needs privacy: private, so the "
        "answer never reaches the other partner" in faults
    )
    assert len(faults) == 4  # every safety rule, each at its own path


def test_a_private_together_sheet_is_refused(tmp_path: Path) -> None:
    def together(d):
        d["audience"] = "together"
        for prompt in d["sections"][0]["prompts"]:
            prompt.pop("flags", None), prompt.pop("flag", None)

    assert faults_of(tmp_path, together) == [
        "privacy: a together worksheet is answered by both partners at once, so it cannot be "
        "private"
    ]


def test_an_unknown_flag_kind_is_refused(tmp_path: Path) -> None:
    def odd(d):
        d["sections"][0]["prompts"][2]["flag"]["kind"] = "urgent"

    assert faults_of(tmp_path, odd) == [
        "sections[0].prompts[2].flag.kind: must be 'safety' or 'clinical', found text 'urgent'"
    ]


def test_a_flag_rule_naming_a_missing_choice_is_refused(tmp_path: Path) -> None:
    def missing(d):
        d["sections"][0]["prompts"][0]["flags"][1]["when"] = "Reads my email"

    assert faults_of(tmp_path, missing) == [
        "sections[0].prompts[0].flags[1].when: 'Reads my email' is not one of the options"
    ]


def test_a_scale_rule_outside_the_range_is_refused_at_its_place(tmp_path: Path) -> None:
    def outside(d):
        d["sections"][0]["prompts"][1]["flags"][1]["at_least"] = 11

    assert faults_of(tmp_path, outside) == [
        "sections[0].prompts[1].flags[1].at_least: must be within min..max (0..10), found 11"
    ]


def test_flag_and_flags_together_are_refused(tmp_path: Path) -> None:
    def both(d):
        d["sections"][0]["prompts"][2]["flags"] = [{"when": "no", "message": "No."}]

    assert faults_of(tmp_path, both) == [
        "sections[0].prompts[2].flags: give flag or flags, not both"
    ]


def test_a_broken_sheet_leaves_the_rest_of_the_library(tmp_path: Path) -> None:
    data = copy.deepcopy(SHEET)
    data["privacy"] = "shareable"
    (tmp_path / "sample.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    library = load_library([WORKSHEETS, tmp_path])
    assert "relationship-safety-screen" in library.worksheets
    assert "sample" not in library.worksheets
    assert [f.path for f in library.faults] == [str(tmp_path / "sample.yaml")] * 4


def test_one_answer_raises_several_flags(tmp_path: Path) -> None:
    path = tmp_path / "sample.yaml"
    path.write_text(yaml.safe_dump(SHEET), encoding="utf-8")
    worksheet, _ = load_file(path)
    answers = {"control": ["Checks my phone", "Controls the money"], "afraid": 9, "hurt": "no"}
    found = [(prompt.id, rule.message, rule.kind) for prompt, rule in raised(worksheet, answers)]
    assert found == [
        ("control", "Monitoring.", "safety"),
        ("control", "Money.", "safety"),
        ("afraid", "Afraid.", "safety"),
        ("afraid", "Very afraid.", "clinical"),
    ]


def shipped():
    library = load_library([WORKSHEETS])
    assert library.faults == []
    return library.worksheets.values()


def test_every_sheet_that_promises_privacy_is_private() -> None:
    promising = [ws.slug for ws in shipped() if PROMISES_PRIVACY.search(" ".join(ws.client_text()))]
    assert len(promising) >= 8
    assert [
        slug for slug in promising if not next(ws for ws in shipped() if ws.slug == slug).is_private
    ] == []


def test_no_joint_sheet_asks_for_the_lower_of_two_numbers() -> None:
    for ws in shipped():
        said = " ".join(ws.client_text()).casefold()
        assert "lower of your two" not in said, ws.slug
        if ws.audience == "together":
            assert ws.safety_rules() == [], ws.slug
        if ws.slug in MOVED_FROM:
            assert "after-joint-work-check-in" in ws.counselor_notes, ws.slug


def test_no_crisis_number_is_written_into_a_worksheet() -> None:
    for path in WORKSHEETS.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b988\b|\b911\b|1-800", text), path.name
    for ws in shipped():
        if "crisis line" in " ".join(ws.client_text()):
            assert "crisis lines below" in " ".join(ws.client_text()), ws.slug


@pytest.mark.parametrize(
    "slug",
    [
        "relationship-safety-screen",
        "my-safety-plan",
        "crisis-plan-for-hard-moments",
        "after-joint-work-check-in",
    ],
)
def test_the_new_safety_sheets_are_private_and_for_one_partner_at_a_time(slug: str) -> None:
    ws = next(ws for ws in shipped() if ws.slug == slug)
    assert ws.is_private and ws.audience != "together"
    assert ws.safety_rules() and ws.needs_crisis_lines
    assert ws.when_not_to_use()


def test_the_screen_covers_what_the_standard_of_care_asks() -> None:
    ws = next(ws for ws in shipped() if ws.slug == "relationship-safety-screen")
    said = " ".join(ws.client_text()).casefold()
    for topic in (
        "hurt",
        "afraid",
        "threatened",
        "children",
        "pet",
        "themselves",
        "friends or family",
        "money",
        "phone",
        "location",
        "accounts",
        "sex",
        "strangled",
        "weapon",
        "follow you",
    ):
        assert topic in said, topic
    messages = [rule.message for rule in ws.safety_rules()]
    assert len(messages) >= 14


def test_only_a_private_sheet_prints_under_a_neutral_title(tmp_path: Path) -> None:
    def loud(d):
        d.update(discreet=True, privacy="shareable")
        for prompt in d["sections"][0]["prompts"]:
            prompt.pop("flags", None), prompt.pop("flag", None)

    assert faults_of(tmp_path, loud) == [
        "discreet: only a private worksheet can print under a neutral title"
    ]


def test_only_a_private_sheet_each_partner_answers_alone_can_count_as_a_safety_screen(
    tmp_path: Path,
) -> None:
    def joint_screen(d):
        d.update(safety_screen=True, privacy="shareable", audience="together")
        for prompt in d["sections"][0]["prompts"]:
            prompt.pop("flags", None), prompt.pop("flag", None)

    assert faults_of(tmp_path, joint_screen) == [
        "safety_screen: a safety screen is answered by each partner alone: it needs "
        "audience: each-partner and privacy: private"
    ]
