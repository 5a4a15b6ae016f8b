"""Answers: parsing a submitted form, checking JSON, required prompts, flags, plain text."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from practice.library.answers import (
    FORM_ERROR,
    answer_text,
    flagged,
    missing_required,
    parse_answers,
    validate_answers,
)
from practice.library.schema import Worksheet

TOO_LONG = "is too long ({:,} characters; the limit is {:,})."
OPTIONS = ["Talk it through", "Take a walk", "Write it down"]
WS = Worksheet.model_validate(
    {
        "slug": "every-kind",
        "version": 1,
        "title": "Every kind",
        "summary": "One prompt of each kind.",
        "source": {"section": "maintaining-trust", "tip": "consistency"},
        "audience": "each-partner",
        "minutes": 10,
        "counselor_notes": "Notes.",
        "instructions": "Answer.",
        "sections": [
            {
                "title": "All",
                "prompts": [
                    {"id": "name", "kind": "short_text", "label": "Name?", "required": False},
                    {"id": "story", "kind": "long_text", "label": "Story?"},
                    {
                        "id": "trust",
                        "kind": "scale",
                        "label": "Trust?",
                        "min": 0,
                        "max": 10,
                        "min_label": "None",
                        "max_label": "Full",
                        "flag": {"at_most": 3, "message": "Low trust."},
                    },
                    {
                        "id": "stress",
                        "kind": "scale",
                        "label": "Stress?",
                        "min": 1,
                        "max": 5,
                        "min_label": "Low",
                        "max_label": "High",
                        "required": False,
                        "flag": {"at_least": 4, "message": "High stress."},
                    },
                    {
                        "id": "way",
                        "kind": "choice",
                        "label": "Way?",
                        "options": OPTIONS,
                        "flag": {"when": "Take a walk", "message": "Walks away."},
                    },
                    {
                        "id": "habits",
                        "kind": "checklist",
                        "label": "Habits?",
                        "options": OPTIONS,
                        "required": False,
                        "flag": {"when": "Write it down", "message": "Writes it down."},
                    },
                    {"id": "steps", "kind": "list", "label": "Steps?", "entries": 3},
                    {
                        "id": "unsafe",
                        "kind": "yes_no",
                        "label": "Unsafe?",
                        "flag": {"when": "yes", "message": "Feels unsafe."},
                    },
                ],
            }
        ],
    }
)
PROMPTS = {p.id: p for p in WS.all_prompts()}


def parse(**fields) -> tuple[dict, dict]:
    items = []
    for key, value in fields.items():
        for v in value if isinstance(value, list) else [value]:
            items.append((key.replace("__", "-"), v))
    return parse_answers(WS, MultiDict(items))


def test_every_kind_is_parsed_into_its_shape():
    answers, errors = parse(
        answer__name="  Sam  ",
        answer__story="Line one\r\nLine two",
        answer__trust="7",
        answer__stress="2",
        answer__way="Take a walk",
        answer__habits=["Write it down", "Talk it through"],
        answer__steps__1="Call daily",
        answer__steps__2="",
        answer__steps__3="Share the calendar",
        answer__unsafe="no",
    )
    assert errors == {}
    assert answers == {
        "name": "Sam",
        "story": "Line one\nLine two",
        "trust": 7,
        "stress": 2,
        "way": "Take a walk",
        "habits": ["Talk it through", "Write it down"],  # in the worksheet's order
        "steps": ["Call daily", "", "Share the calendar"],
        "unsafe": "no",
    }
    assert validate_answers(WS, answers) == {}


def test_blank_answers_are_left_out_and_not_required_here():
    answers, errors = parse(
        answer__name="   ",
        answer__story="",
        answer__trust="",
        answer__habits=[""],
        answer__steps__1=" ",
        answer__steps__2="",
        answer__steps__3="",
        answer__unsafe="",
    )
    assert (answers, errors) == ({}, {})


@pytest.mark.parametrize(
    "key, size, limit, what",
    [
        ("answer-name", 501, 500, "This answer"),
        ("answer-story", 10_234, 10_000, "This answer"),
        ("answer-steps-2", 501, 500, "Entry 2"),
    ],
)
def test_over_long_text_is_refused_but_kept_to_show_again(key, size, limit, what):
    answers, errors = parse_answers(WS, MultiDict([(key, "x" * size)]))
    prompt_id = key.split("-")[1]
    assert errors[prompt_id] == (
        f"{what} {TOO_LONG.format(size, limit)} Shorten it, or copy the extra text somewhere safe."
    )
    assert "x" * size in str(answers[prompt_id])


def test_a_line_break_counts_once():
    answers, errors = parse(answer__story="a\r\n" * 4999 + "aa")  # 10,000 once CRLF is LF
    assert errors == {} and len(answers["story"]) == 10_000


@pytest.mark.parametrize(
    "fields, prompt_id, message",
    [
        ({"answer__trust": "11"}, "trust", "Choose a number from 0 to 10."),
        ({"answer__trust": "-1"}, "trust", "Choose a number from 0 to 10."),
        ({"answer__trust": "seven"}, "trust", "Choose a number from 0 to 10."),
        ({"answer__trust": "7.5"}, "trust", "Choose a number from 0 to 10."),
        ({"answer__trust": "1_0"}, "trust", "Choose a number from 0 to 10."),
        ({"answer__stress": "0"}, "stress", "Choose a number from 1 to 5."),
        ({"answer__way": "Shout"}, "way", "Choose one of the answers shown."),
        ({"answer__way": "take a walk"}, "way", "Choose one of the answers shown."),
        (
            {"answer__habits": ["Take a walk", "Slam doors"]},
            "habits",
            "Choose only from the answers shown.",
        ),
        ({"answer__unsafe": "maybe"}, "unsafe", "Choose Yes or No."),
        ({"answer__unsafe": ["yes", "no"]}, "unsafe", "This question takes one answer"),
        ({"answer__trust": ["3", "4"]}, "trust", "This question takes one answer"),
    ],
)
def test_values_that_are_not_offered_are_refused(fields, prompt_id, message):
    answers, errors = parse(**fields)
    assert errors[prompt_id].startswith(message)
    assert list(errors) == [prompt_id]
    if prompt_id == "habits":
        assert answers == {"habits": ["Take a walk"]}  # the valid ticks are kept
    else:
        assert prompt_id not in answers


@pytest.mark.parametrize("key", ["answer-nope", "answer-steps-4", "answer-steps", "answer-name-1"])
def test_an_answer_for_a_question_not_on_the_sheet_is_reported(key):
    answers, errors = parse_answers(WS, MultiDict([(key, "x"), ("answer-name", "Sam")]))
    assert answers == {"name": "Sam"}
    assert errors == {
        FORM_ERROR: "This form had an answer for a question that isn't on this worksheet. "
        "Reload the page and try again."
    }


def test_other_form_fields_are_ignored():
    answers, errors = parse_answers(
        WS, MultiDict([("csrf_token", "t"), ("version", "3"), ("answer-unsafe", "yes")])
    )
    assert (answers, errors) == ({"unsafe": "yes"}, {})


def test_a_plain_dict_of_lists_works_too():
    answers, errors = parse_answers(WS, {"answer-way": ["Take a walk"], "answer-trust": "5"})
    assert (answers, errors) == ({"way": "Take a walk", "trust": 5}, {})


def test_nul_characters_are_dropped_from_text():
    answers, _ = parse(answer__name="Sa\x00m")
    assert answers == {"name": "Sam"}


def test_missing_required_lists_unanswered_required_prompts_in_order():
    assert [p.id for p in missing_required(WS, {})] == ["story", "trust", "way", "steps", "unsafe"]
    answers = {"story": "  ", "trust": 0, "way": "Take a walk", "steps": ["", "", ""]}
    assert [p.id for p in missing_required(WS, answers)] == ["story", "steps", "unsafe"]
    complete = {"story": "s", "trust": 0, "way": "Take a walk", "steps": ["a"], "unsafe": "no"}
    assert missing_required(WS, complete) == []


@pytest.mark.parametrize(
    "answers, raised",
    [
        ({"unsafe": "yes"}, ["Feels unsafe."]),
        ({"unsafe": "no"}, []),
        ({"way": "Take a walk"}, ["Walks away."]),
        ({"way": "Talk it through"}, []),
        ({"habits": ["Talk it through", "Write it down"]}, ["Writes it down."]),
        ({"habits": ["Talk it through"]}, []),
        ({"trust": 3}, ["Low trust."]),
        ({"trust": 0}, ["Low trust."]),
        ({"trust": 4}, []),
        ({"stress": 4}, ["High stress."]),
        ({"stress": 5}, ["High stress."]),
        ({"stress": 3}, []),
        ({"trust": True}, []),  # a bool is not a number here
        ({"trust": 2, "unsafe": "yes"}, ["Low trust.", "Feels unsafe."]),
    ],
)
def test_flagged_answers_bring_their_message(answers, raised):
    found = flagged(WS, answers)
    assert [message for _, message in found] == raised
    assert all(prompt.id in answers for prompt, _ in found)


@pytest.mark.parametrize(
    "answers, prompt_id, message",
    [
        ({"name": ["Sam"]}, "name", "This answer should be text."),
        ({"story": 5}, "story", "This answer should be text."),
        ({"trust": True}, "trust", "This answer should be a whole number."),
        ({"trust": "7"}, "trust", "This answer should be a whole number."),
        ({"trust": 7.0}, "trust", "This answer should be a whole number."),
        ({"trust": 11}, "trust", "Choose a number from 0 to 10."),
        ({"way": ["Take a walk"]}, "way", "This answer should be one of the options."),
        ({"way": "Run"}, "way", "Choose one of the answers shown."),
        ({"habits": "Take a walk"}, "habits", "This answer should be a list of options."),
        ({"habits": ["Take a walk", 3]}, "habits", "This answer should be a list of options."),
        ({"habits": ["Run"]}, "habits", "Choose only from the answers shown."),
        ({"steps": "one"}, "steps", "This answer should be a list of entries."),
        ({"steps": ["a", "b", "c", "d"]}, "steps", "This question takes at most 3 entries."),
        ({"steps": ["a", "x" * 501]}, "steps", "Entry 2 is too long (501 characters"),
        ({"unsafe": True}, "unsafe", "This answer should be"),
        ({"unsafe": "Yes"}, "unsafe", "Choose Yes or No."),
        ({"story": "x" * 10_001}, "story", "This answer is too long (10,001 characters"),
        ({"name": "a\x00b"}, "name", "This answer holds a character that can't be saved."),
    ],
)
def test_validate_answers_refuses_wrong_types_and_values(answers, prompt_id, message):
    errors = validate_answers(WS, answers)
    assert list(errors) == [prompt_id]
    assert errors[prompt_id].startswith(message)


def test_validate_answers_reports_unknown_ids_and_accepts_blanks():
    errors = validate_answers(WS, {"nope": "x", "name": "Sam"})
    assert list(errors) == [FORM_ERROR]
    blanks = {"name": "", "trust": None, "habits": [], "steps": ["", "", ""], "unsafe": None}
    assert validate_answers(WS, blanks) == {}


@pytest.mark.parametrize(
    "prompt_id, value, text",
    [
        ("name", "Sam", "Sam"),
        ("story", "One\nTwo", "One\nTwo"),
        ("trust", 7, "7 of 10"),
        ("stress", 2, "2 of 5"),
        ("way", "Take a walk", "Take a walk"),
        ("habits", ["Talk it through", "Write it down"], "Talk it through; Write it down"),
        ("steps", ["Call", "", "Share"], "1. Call\n3. Share"),
        ("unsafe", "yes", "Yes"),
        ("unsafe", "no", "No"),
        ("name", None, ""),
        ("steps", ["", "", ""], ""),
    ],
)
def test_answer_text(prompt_id, value, text):
    assert answer_text(PROMPTS[prompt_id], value) == text
