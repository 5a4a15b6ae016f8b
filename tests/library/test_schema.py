"""The worksheet format: each malformed file is refused with a line a person can act on."""

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydantic
import pytest
import yaml

from practice.library.loader import load_file
from practice.library.schema import (
    SECTION_TITLES,
    SECTIONS,
    TIP_TITLES,
    Scale,
    Worksheet,
)

VALID: dict[str, Any] = {
    "slug": "sample",
    "version": 1,
    "title": "A sample worksheet",
    "summary": "A short sheet for the tests.",
    "source": {"section": "regaining-trust", "tip": "empathy"},
    "audience": "each-partner",
    "minutes": 15,
    "counselor_notes": "Use early in the work.",
    "instructions": "Answer in your own words.\n",
    "sections": [
        {
            "title": "First steps",
            "intro": "Start here.",
            "prompts": [
                {"id": "feel", "kind": "long_text", "label": "How do you feel?", "lines": 5},
                {
                    "id": "rate",
                    "kind": "scale",
                    "label": "How close do you feel?",
                    "min": 0,
                    "max": 10,
                    "min_label": "Far apart",
                    "max_label": "Very close",
                    "flag": {"at_most": 2, "message": "Feels very distant."},
                },
                {
                    "id": "pick",
                    "kind": "choice",
                    "label": "How often do you talk?",
                    "options": ["Often", "Sometimes", "Never"],
                    "flag": {"when": "Never", "message": "They never talk."},
                },
            ],
        },
        {
            "title": "Next steps",
            "prompts": [
                {"id": "ticks", "kind": "checklist", "label": "What helps?", "options": ["A", "B"]},
                {"id": "things", "kind": "list", "label": "Name three things.", "entries": 3},
                {
                    "id": "safe",
                    "kind": "yes_no",
                    "label": "Do you feel safe?",
                    "help": "Answer honestly.",
                    "flag": {"when": "no", "message": "Does not feel safe."},
                },
                {"id": "word", "kind": "short_text", "label": "One word?", "required": False},
            ],
        },
    ],
}


def write(folder: Path, data: Any, name: str = "sample") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def prompt(data: dict[str, Any], index: int, section: int = 0) -> dict[str, Any]:
    return data["sections"][section]["prompts"][index]


def fault_lines(folder: Path, change: Callable[[dict[str, Any]], object]) -> list[str]:
    data = copy.deepcopy(VALID)
    change(data)
    worksheet, faults = load_file(write(folder, data))
    assert worksheet is None
    return [str(f) for f in faults]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


CASES: list[tuple[str, Callable[[dict[str, Any]], object], str]] = [
    ("missing key", lambda d: d.pop("instructions"), "instructions: is required"),
    ("version 0", lambda d: d.update(version=0), "version: must be at least 1, found 0"),
    (
        "version two",
        lambda d: d.update(version="two"),
        "version: must be a whole number, found text 'two'",
    ),
    (
        "version bool",
        lambda d: d.update(version=True),
        "version: must be a whole number, found true",
    ),
    (
        "unknown section",
        lambda d: d["source"].update(section="healing"),
        "source.section: unknown section 'healing'; expected one of: " + ", ".join(SECTIONS),
    ),
    (
        "unknown pair",
        lambda d: d["source"].update(section="impact"),
        "source.tip: 'empathy' is not a tip of impact; expected one of: emotional-strain, "
        "mental-and-emotional-health, relationship-viability, further-issues",
    ),
    (
        "unknown kind",
        lambda d: prompt(d, 0).update(kind="essay"),
        "sections[0].prompts[0].kind: unknown kind 'essay'; expected one of: "
        "short_text, long_text, scale, choice, checklist, list, yes_no, grid, each_partner, "
        "signature, info",
    ),
    (
        "duplicate id",
        lambda d: prompt(d, 1, section=1).update(id="feel"),
        "sections[1].prompts[1].id: 'feel' is already used by sections[0].prompts[0]",
    ),
    (
        "bad id",
        lambda d: prompt(d, 0).update(id="2nd"),
        "sections[0].prompts[0].id: must start with a lowercase letter and use only a-z, 0-9 "
        "and _ (at most 40 characters)",
    ),
    (
        "scale min >= max",
        lambda d: prompt(d, 1).update(min=10, flag=None),
        "sections[0].prompts[1].max: must be greater than min (10)",
    ),
    (
        "scale out of range",
        lambda d: prompt(d, 1).update(max=101),
        "sections[0].prompts[1].max: must be at most 100, found 101",
    ),
    (
        "scale without labels",
        lambda d: prompt(d, 1).pop("max_label"),
        "sections[0].prompts[1].max_label: is required",
    ),
    (
        "choice one option",
        lambda d: prompt(d, 2).update(options=["Often"], flag=None),
        "sections[0].prompts[2].options: must have at least 2 options (found 1)",
    ),
    (
        "choice duplicate options",
        lambda d: prompt(d, 2).update(options=["Often", "Never", "often"]),
        "sections[0].prompts[2].options[2]: 'often' repeats options[0] "
        "(options must differ, ignoring case)",
    ),
    (
        "choice 13 options",
        lambda d: prompt(d, 0, section=1).update(options=[f"Item {i}" for i in range(13)]),
        "sections[1].prompts[0].options: must have at most 12 options (found 13)",
    ),
    (
        "list entries 0",
        lambda d: prompt(d, 1, section=1).update(entries=0),
        "sections[1].prompts[1].entries: must be at least 1, found 0",
    ),
    (
        "list entries 11",
        lambda d: prompt(d, 1, section=1).update(entries=11),
        "sections[1].prompts[1].entries: must be at most 10, found 11",
    ),
    (
        "flag on long_text",
        lambda d: prompt(d, 0).update(flag={"when": "yes", "message": "m"}),
        "sections[0].prompts[0].flag: flag is not allowed on a long_text prompt "
        "(only on scale, choice, checklist, yes_no)",
    ),
    (
        "yes_no flag maybe",
        lambda d: prompt(d, 2, section=1).update(flag={"when": "maybe", "message": "m"}),
        'sections[1].prompts[2].flag.when: must be "yes" or "no" on a yes_no prompt, '
        "found 'maybe'",
    ),
    (
        "yes_no flag unquoted yes",
        lambda d: prompt(d, 2, section=1).update(flag={"when": True, "message": "m"}),
        "sections[1].prompts[2].flag.when: must be text, found true (YAML reads a bare yes, "
        "no, on or off as true/false: put the text in quotes)",
    ),
    (
        "choice flag not an option",
        lambda d: prompt(d, 2)["flag"].update(when="Rarely"),
        "sections[0].prompts[2].flag.when: 'Rarely' is not one of the options",
    ),
    (
        "scale flag out of range",
        lambda d: prompt(d, 1).update(flag={"at_least": 11, "message": "m"}),
        "sections[0].prompts[1].flag.at_least: must be within min..max (0..10), found 11",
    ),
    (
        "scale flag with when",
        lambda d: prompt(d, 1).update(flag={"when": "5", "message": "m"}),
        "sections[0].prompts[1].flag.when: a scale flag takes at_most or at_least, not when",
    ),
    (
        "flag with two conditions",
        lambda d: prompt(d, 1)["flag"].update(at_least=9),
        "sections[0].prompts[1].flag: give exactly one of when, at_most, at_least "
        "(found at_most, at_least)",
    ),
    (
        "options on a scale",
        lambda d: prompt(d, 1).update(options=["a", "b"]),
        "sections[0].prompts[1].options: options is not allowed on a scale prompt "
        "(only on choice, checklist)",
    ),
    (
        "lines on a choice",
        lambda d: prompt(d, 2).update(lines=3),
        "sections[0].prompts[2].lines: lines is not allowed on a choice prompt "
        "(only on long_text, each_partner)",
    ),
    (
        "over-long title",
        lambda d: d.update(title="x" * 121),
        "title: is too long (121 characters; the limit is 120)",
    ),
    (
        "blank label",
        lambda d: prompt(d, 0).update(label="   "),
        "sections[0].prompts[0].label: must not be empty",
    ),
    (
        "typo key",
        lambda d: d.update(insructions="Hi"),
        "insructions: unknown key 'insructions'; did you mean 'instructions'?",
    ),
    (
        "typo in a section",
        lambda d: d["sections"][0].update(intor="Hi"),
        "sections[0].intor: unknown key 'intor'; did you mean 'intro'?",
    ),
    (
        "bad audience",
        lambda d: d.update(audience="both"),
        "audience: must be 'each-partner', 'one-partner' or 'together', found text 'both'",
    ),
    ("minutes 200", lambda d: d.update(minutes=200), "minutes: must be at most 120, found 200"),
    (
        "label a number",
        lambda d: prompt(d, 0).update(label=7),
        "sections[0].prompts[0].label: must be text, found 7",
    ),
    (
        "required text",
        lambda d: prompt(d, 0).update(required="no"),
        "sections[0].prompts[0].required: must be true or false, found text 'no'",
    ),
    (
        "seven sections",
        lambda d: d.update(sections=d["sections"] * 4),
        "sections: must have at most 6 sections (found 8)",
    ),
    (
        "no prompts",
        lambda d: d["sections"][1].update(prompts=[]),
        "sections[1].prompts: must have at least 1 prompt (found 0)",
    ),
    (
        "prompt not a mapping",
        lambda d: d["sections"][1]["prompts"].append("hello"),
        "sections[1].prompts[4]: must be a mapping of keys, found text 'hello'",
    ),
    (
        "bad slug",
        lambda d: d.update(slug="Sample"),
        "slug: must be lowercase words of a-z and 0-9 joined by single hyphens, "
        "like 'transparency-agreement'",
    ),
]


@pytest.mark.parametrize(("change", "line"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_file_is_refused_with_its_field(
    tmp_path: Path, change: Callable[[dict[str, Any]], object], line: str
) -> None:
    lines = fault_lines(tmp_path, change)
    assert f"sample.yaml: {line}" in lines
    assert not any("Input should" in text or "Value error" in text for text in lines)


def test_several_faults_in_one_file_are_all_reported(tmp_path: Path) -> None:
    def break_many(d: dict[str, Any]) -> None:
        d.update(version=0, minutes=1, colour="red")
        prompt(d, 1).update(min=20, flag=None)
        prompt(d, 1, section=1).update(entries=11)

    assert fault_lines(tmp_path, break_many) == [
        "sample.yaml: version: must be at least 1, found 0",
        "sample.yaml: minutes: must be at least 5, found 1",
        "sample.yaml: sections[0].prompts[1].max: must be greater than min (20)",
        "sample.yaml: sections[1].prompts[1].entries: must be at most 10, found 11",
        "sample.yaml: colour: unknown key 'colour'; expected one of: slug, version, kind, title, "
        "summary, source, audience, privacy, discreet, safety_screen, family, perspective, "
        "minutes, counselor_notes, instructions, sections",
    ]


def load_valid(tmp_path: Path, data: dict[str, Any] | None = None) -> Worksheet:
    worksheet, faults = load_file(write(tmp_path, data or VALID))
    assert faults == []
    assert worksheet is not None
    return worksheet


def test_valid_file_loads_with_defaults(tmp_path: Path) -> None:
    ws = load_valid(tmp_path)
    assert (ws.slug, ws.source.section, ws.source.tip) == ("sample", "regaining-trust", "empathy")
    assert ws.instructions == "Answer in your own words."  # stripped
    assert [p.id for p in ws.all_prompts()] == [
        "feel",
        "rate",
        "pick",
        "ticks",
        "things",
        "safe",
        "word",
    ]
    rate = next(p for p in ws.all_prompts() if p.id == "rate")
    assert isinstance(rate, Scale) and rate.flag and rate.flag.at_most == 2
    assert [p.required for p in ws.all_prompts()][-1] is False
    with pytest.raises(pydantic.ValidationError):
        ws.title = "Changed"  # type: ignore[misc]


def test_content_hash_is_stable_and_follows_the_text(tmp_path: Path) -> None:
    first = load_valid(tmp_path).content_hash
    assert len(first) == 64
    assert load_valid(tmp_path).content_hash == first
    changed = copy.deepcopy(VALID)
    prompt(changed, 0)["label"] = "How do you feel today?"
    assert load_valid(tmp_path, changed).content_hash != first


def test_snapshot_round_trips(tmp_path: Path) -> None:
    ws = load_valid(tmp_path)
    snapshot = json.loads(json.dumps(ws.to_snapshot()))  # as a JSON column stores it
    again = Worksheet.from_snapshot(snapshot)
    assert again == ws
    assert again.content_hash == ws.content_hash
    assert snapshot["sections"][0]["prompts"][1]["flag"] == {
        "at_most": 2,
        "message": "Feels very distant.",
    }


def test_client_text_lists_what_clients_read(tmp_path: Path) -> None:
    texts = load_valid(tmp_path).client_text()
    for expected in (
        "Answer in your own words.",
        "First steps",
        "Start here.",
        "How do you feel?",
        "Answer honestly.",
        "Sometimes",
        "Far apart",
        "Very close",
    ):
        assert expected in texts
    assert "Use early in the work." not in texts  # counselor notes are not client text
    assert "Does not feel safe." not in texts  # nor are flag messages


def test_section_and_tip_titles() -> None:
    assert SECTION_TITLES["professional-tips"] == "Professional tips"
    assert TIP_TITLES["transparency-and-honesty"] == "Transparency and honesty"
    assert sum(len(tips) for tips in SECTIONS.values()) == len(TIP_TITLES) == 20
