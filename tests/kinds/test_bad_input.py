"""Bad input for the new kinds: each fault a `PATH: FIELD: message` from `worksheets
validate` (exit 1), the app still up; and answers that don't fit, refused with a clear
message."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
import yaml

from practice.db_types import utcnow
from practice.library.answers import (
    keep_partners_boxes,
    missing_required,
    parse_answers,
    validate_answers,
)
from practice.library.loader import EXTENSION_KEY, load_library
from practice.library.schema import Worksheet
from practice.resources import WORKSHEETS

from .sampler import SAMPLER

GRID = {
    "id": "week",
    "kind": "grid",
    "label": "Kept?",
    "rows": ["Mon", "Tue"],
    "columns": ["Yes", "No"],
}
BASE = {
    "slug": "sample",
    "version": 1,
    "title": "Sample",
    "summary": "A sample.",
    "source": {"section": "maintaining-trust", "tip": "consistency"},
    "audience": "each-partner",
    "minutes": 10,
    "counselor_notes": "Notes.",
    "instructions": "Answer.",
    "sections": [{"title": "One", "prompts": [dict(GRID)]}],
}


def reading(**changes):
    data = copy.deepcopy(BASE) | {"kind": "reading"} | changes
    data["sections"] = [{"title": "Read", "text": "Some words to read."}]
    return data


def with_prompt(prompt: dict, **changes) -> dict:
    data = copy.deepcopy(BASE) | changes
    data["sections"][0]["prompts"] = [prompt]
    return data


CASES = [
    (
        "grid without rows",
        with_prompt(GRID | {"rows": []}),
        "sections[0].prompts[0].rows: must have at least 1 row (found 0)",
    ),
    (
        "grid without columns",
        with_prompt(GRID | {"columns": []}),
        "sections[0].prompts[0].columns: must have at least 1 column (found 0)",
    ),
    (
        "grid without a rows key",
        with_prompt({k: v for k, v in GRID.items() if k != "rows"}),
        "sections[0].prompts[0].rows: is required",
    ),
    (
        "choice grid of one column",
        with_prompt(GRID | {"columns": ["Yes"]}),
        "sections[0].prompts[0].columns: a grid with cell: choice needs at least 2 columns",
    ),
    (
        "a row twice",
        with_prompt(GRID | {"rows": ["Mon", "mon"]}),
        "sections[0].prompts[0].rows[1]: 'mon' repeats rows[0] (they must differ)",
    ),
    (
        "unknown cell",
        with_prompt(GRID | {"cell": "emoji"}),
        "sections[0].prompts[0].cell: must be 'choice', 'tick' or 'text', found text 'emoji'",
    ),
    (
        "each_partner alone",
        with_prompt({"id": "hope", "kind": "each_partner", "label": "Hope?"}),
        "sections[0].prompts[0].kind: one box per partner needs audience: together (on this "
        "sheet each partner answers alone)",
    ),
    (
        "signature for each on one",
        with_prompt(
            {"id": "s", "kind": "signature", "label": "Sign", "each_partner": True},
            audience="one-partner",
        ),
        "sections[0].prompts[0].each_partner: one box per partner needs audience: together",
    ),
    (
        "reading with prompts",
        reading() | {"sections": [{"title": "Read", "text": "Words.", "prompts": [dict(GRID)]}]},
        "sections[0].prompts: a reading has no prompts",
    ),
    (
        "reading without text",
        reading() | {"sections": [{"title": "Read"}]},
        "sections[0].text: is required: a reading's sections are text",
    ),
    (
        "text on a worksheet",
        with_prompt(dict(GRID))
        | {"sections": [{"title": "One", "text": "Words.", "prompts": [dict(GRID)]}]},
        "sections[0].text: only a reading's sections have text",
    ),
    (
        "section without prompts",
        copy.deepcopy(BASE) | {"sections": [{"title": "One"}]},
        "sections[0].prompts: must have at least 1 prompt (found 0)",
    ),
    (
        "info without text",
        with_prompt({"id": "about", "kind": "info", "label": "About"}),
        "sections[0].prompts[0].text: is required",
    ),
    (
        "info with empty text",
        with_prompt({"id": "about", "kind": "info", "text": "  "}),
        "sections[0].prompts[0].text: must not be empty",
    ),
    (
        "an unknown kind of sheet",
        copy.deepcopy(BASE) | {"kind": "poster"},
        "kind: must be 'worksheet' or 'reading', found text 'poster'",
    ),
    (
        "read written by hand",
        with_prompt({"id": "read", "kind": "read"}),
        'sections[0].prompts[0].kind: "read" is added to readings by itself',
    ),
]


@pytest.mark.parametrize(("name", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_validate_names_each_fault_by_file_and_field_and_exits_1(
    runner, tmp_path, name, data, expected
):
    (tmp_path / "sample.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    result = runner.invoke(args=["worksheets", "validate", str(tmp_path)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("sample.yaml: ") or "/sample.yaml: " in line for line in lines)
    assert any(expected in line for line in lines), lines
    assert "Traceback" not in result.output


def test_a_broken_new_kind_leaves_the_app_and_the_rest_of_the_library_up(app, signed_in, tmp_path):
    for name, data, _ in CASES:
        slug = name.replace(" ", "-").replace("_", "-")
        (tmp_path / f"{slug}.yaml").write_text(
            yaml.safe_dump(data | {"slug": slug}), encoding="utf-8"
        )
    library = load_library([WORKSHEETS, tmp_path])
    assert len(library.faults) >= len(CASES)
    app.extensions[EXTENSION_KEY] = library
    page = signed_in.get("/library/")
    assert page.status_code == 200 and "Words and Actions Tracker" in page.get_data(as_text=True)
    assert signed_in.get("/library/common-reactions-after-betrayal").status_code == 200


def test_good_files_of_every_new_kind_validate(runner, tmp_path):
    (tmp_path / "kinds-sampler.yaml").write_text(yaml.safe_dump(SAMPLER), encoding="utf-8")
    (tmp_path / "sample.yaml").write_text(
        yaml.safe_dump(reading() | {"slug": "sample"}), encoding="utf-8"
    )
    result = runner.invoke(args=["worksheets", "validate", str(tmp_path)])
    assert result.exit_code == 0, result.output


# Answers that don't fit.

SHEET = Worksheet.model_validate(SAMPLER)
TRACK = Worksheet.model_validate(
    with_prompt(GRID | {"id": "notes", "cell": "text", "columns": ["What", "When"]})
)


def test_a_text_cell_too_long_is_kept_with_its_message():
    answers, errors = parse_answers(TRACK, {"answer-notes-1-1": "x" * 201})
    assert answers == {"notes": [["x" * 201, ""], ["", ""]]}  # kept on the page to fix
    assert errors["notes"].startswith("The text in row 'Mon', column 'What' is too long (201")


def test_json_that_does_not_fit_the_grid_is_refused():
    assert "has 2 rows" in validate_answers(TRACK, {"notes": [["a"], ["b"], ["c"]]})["notes"]
    assert "more cells" in validate_answers(TRACK, {"notes": [["a", "b", "c"]]})["notes"]
    assert "should be a list" in validate_answers(TRACK, {"notes": "Mon: a"})["notes"]
    ticks = SHEET.sections[0].prompts[2]
    assert ticks.problem([["Week 9"]]) == (
        "Row 'Phone calls': choose only from the columns shown. Reload the page and try again."
    )


def test_a_signature_in_the_future_is_refused_and_a_partial_one_waits_for_submit():
    future = (utcnow() + timedelta(days=2)).date().isoformat()
    sheet = Worksheet.model_validate(
        with_prompt({"id": "signed", "kind": "signature", "label": "Signed"})
    )
    answers, errors = parse_answers(
        sheet, {"answer-signed-name": "Alex Morgan", "answer-signed-date": future}
    )
    assert errors == {"signed": "The date can't be in the future. Use the date you sign."}
    assert answers["signed"] == {"name": "Alex Morgan", "date": future}  # kept to fix
    assert parse_answers(sheet, {"answer-signed-date": "14/03/2026"})[1] == {
        "signed": "Enter the date as year-month-day, like 2026-03-14."
    }
    draft, errors = parse_answers(sheet, {"answer-signed-name": "Alex Morgan"})
    assert errors == {} and [p.id for p in missing_required(sheet, draft)] == ["signed"]
    today = utcnow().date().isoformat()
    done = {"signed": {"name": "Alex Morgan", "date": today}}
    assert missing_required(sheet, done) == []
    assert (
        sheet.sections[0]
        .prompts[0]
        .answer_text(done["signed"])
        .startswith("Signed by Alex Morgan on ")
    )


def test_a_partner_writes_only_in_their_own_box():
    stored = {"hope": {"1": "Jordan's words."}}
    sent = {"hope": {"1": "Sam overwrote this", "2": "Sam's words."}}
    assert keep_partners_boxes(SHEET, sent, stored, 2)["hope"] == {
        "1": "Jordan's words.",
        "2": "Sam's words.",
    }
    assert keep_partners_boxes(SHEET, {}, stored, 2)["hope"] == {"1": "Jordan's words."}
    assert "hope" not in keep_partners_boxes(SHEET, {}, {}, 1)
    hope = SHEET.sections[0].prompts[1]
    assert hope.is_missing({"1": "Only one."}) and not hope.is_missing({"1": "a", "2": "b"})
    assert hope.answer_text({"1": "a"}, ["Jordan", "Sam"]) == "Jordan: a\nSam: (nothing yet)"


def test_an_info_block_has_no_answer_and_is_never_missing():
    about = SHEET.sections[0].prompts[0]
    assert about.field_names() == [] and not about.is_missing(None)
    assert "about" not in [p.id for p in missing_required(SHEET, {})]
    assert validate_answers(SHEET, {"about": "anything"})["about"].startswith("This answer")


def test_a_reading_keeps_its_snapshot_and_hash_without_the_added_answer():
    data = reading()
    sheet = Worksheet.model_validate(data)
    assert [p.kind for p in sheet.all_prompts()] == ["read"]
    snapshot = sheet.to_snapshot()
    assert "prompts" not in snapshot["sections"][0]
    assert Worksheet.from_snapshot(snapshot).content_hash == sheet.content_hash
    old = Worksheet.model_validate(copy.deepcopy(BASE))
    assert "kind" not in old.to_snapshot()  # a worksheet's snapshot is as it always was
