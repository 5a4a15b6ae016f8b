"""The built-in trust measure: valid, short, plain, gender-neutral; broken files refused."""

from __future__ import annotations

import re

import pytest
import textstat

from practice.checkins.measure import MeasureError, parse_measure, trust_measure

GOOD = """
id: trial
version: 1
title: Trial
intro: Pick a number.
scale: {min_label: Not at all, max_label: Completely}
items:
  - {id: a, text: "One"}
  - {id: b, text: "Two"}
  - {id: c, text: "Three"}
  - {id: d, text: "Four"}
  - {id: e, text: "Five"}
"""


def test_the_built_in_measure_loads():
    measure = trust_measure()
    assert 5 <= len(measure.items) <= 7
    assert len(set(measure.item_ids)) == len(measure.items)
    assert measure.items[0].text == "How much do you trust your partner this week?"


def test_the_wording_is_plain_and_gender_neutral():
    measure = trust_measure()
    texts = [measure.intro] + [item.text for item in measure.items]
    for text in texts:
        assert not re.search(r"\b(he|she|him|her|his|hers|husband|wife)\b", text, re.I), text
    assert textstat.flesch_kincaid_grade(" ".join(texts)) <= 8


def test_a_good_file_parses():
    assert parse_measure(GOOD).item_ids == ("a", "b", "c", "d", "e")


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda t: t.replace('  - {id: e, text: "Five"}\n', ""),
            "items: List should have at least 5",
        ),
        (lambda t: t.replace("id: e,", "id: a,"), "items: Value error, item ids must be unique"),
        (lambda t: t.replace("version: 1", "version: 0"), "version: Input should be greater"),
        (lambda t: t.replace("id: c,", "id: C-3,"), "items[2].id: String should match pattern"),
        (lambda t: t + "extra: 1\n", "extra: Extra inputs are not permitted"),
        (lambda t: t.replace('"Three"', "''"), "items[2].text: String should have at least 1"),
        (lambda t: "items: [1", "not valid YAML"),
    ],
)
def test_broken_files_are_refused_with_the_field_named(change, message):
    with pytest.raises(MeasureError) as error:
        parse_measure(change(GOOD), "custom.yaml")
    assert str(error.value).startswith("custom.yaml: ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)
