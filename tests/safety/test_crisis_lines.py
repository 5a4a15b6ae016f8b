"""Crisis lines are a practice setting: the US lines by default, a file's lines when set."""

from __future__ import annotations

from pathlib import Path

import pytest

from practice import create_app
from practice.crisis_lines import US_LINES, configured_lines, load_lines

from ..conftest import test_settings

SHEET = "/library/relationship-safety-screen"


def test_the_default_lines_are_the_us_lines(signed_in):
    page = signed_in.get(SHEET).get_data(as_text=True)
    assert "988 Suicide &amp; Crisis Lifeline: 988" in page
    assert "National Domestic Violence Hotline: 1-800-799-7233" in page


def test_a_practice_file_changes_the_lines(tmp_path: Path, database_url, make_user, auth):
    lines = tmp_path / "lines.yaml"
    lines.write_text(
        "lines:\n"
        "  - name: Samaritans\n    number: 116 123\n    text: Call free, any time.\n"
        "  - name: Refuge\n    number: 0808 2000 247\n    text: Free, for anyone facing abuse.\n",
        encoding="utf-8",
    )
    assert load_lines(lines)[0][0].name == "Samaritans"
    app = create_app(test_settings(database_url, CRISIS_LINES_FILE=str(lines)))
    with app.test_request_context():
        from flask import render_template_string

        shown = render_template_string("{% for l in crisis_lines %}{{ l.number }};{% endfor %}")
    assert shown == "116 123;0808 2000 247;"


@pytest.mark.parametrize(
    "text, fault",
    [
        ("lines: [", "file: not valid YAML"),
        ("lines: []", "lines: must be a list of 1 to 8 lines"),
        (
            "lines:\n  - name: Refuge\n    number: ''\n    text: Free.\n",
            "lines[0].number: is required",
        ),
        ("lines:\n  - {name: A, number: '1', text: B, url: x}\n", "lines[0].url: unknown key"),
    ],
)
def test_a_malformed_file_changes_nothing(tmp_path: Path, text: str, fault: str) -> None:
    path = tmp_path / "lines.yaml"
    path.write_text(text, encoding="utf-8")
    warnings: list[str] = []
    kept = configured_lines(str(path), lambda message, line: warnings.append(line))
    assert kept == US_LINES
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}: {fault}")


def test_a_missing_file_changes_nothing(tmp_path: Path) -> None:
    warnings: list[str] = []
    assert (
        configured_lines(str(tmp_path / "none.yaml"), lambda m, line: warnings.append(line))
        == US_LINES
    )
    assert "cannot be read" in warnings[0]
