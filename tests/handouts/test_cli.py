"""flask handout SLUG -o FILE.pdf [--fillable] [--page-size letter|a4]."""

from __future__ import annotations

from pathlib import Path

from .pdfs import reader


def test_the_cli_writes_a_pdf(runner, tmp_path: Path):
    out = tmp_path / "plan.pdf"
    result = runner.invoke(
        args=["handout", "trust-rebuilding-plan", "-o", str(out), "--page-size", "a4"]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    assert round(reader(out.read_bytes()).pages[0].mediabox.width) == 595
    assert f"Wrote {out}" in result.output


def test_the_cli_writes_a_fillable_pdf(runner, tmp_path: Path):
    out = tmp_path / "plan.pdf"
    result = runner.invoke(args=["handout", "trust-rebuilding-plan", "-o", str(out), "--fillable"])
    assert result.exit_code == 0, result.output
    assert "review_time" in reader(out.read_bytes()).get_fields()


def test_an_unknown_slug_suggests_close_matches(runner, tmp_path: Path):
    out = tmp_path / "x.pdf"
    result = runner.invoke(args=["handout", "trust-rebuilding", "-o", str(out)])
    assert result.exit_code == 1
    assert "no worksheet 'trust-rebuilding'" in result.output
    assert "Did you mean: trust-rebuilding-plan" in result.output  # the closest first
    assert "Traceback" not in result.output
    assert not out.exists()


def test_an_unknown_slug_with_nothing_close(runner, tmp_path: Path):
    result = runner.invoke(args=["handout", "zzz", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert "Did you mean" not in result.output
    assert "flask worksheets list" in result.output


def test_an_unwritable_output_path_is_a_clear_error(runner, tmp_path: Path):
    out = tmp_path / "missing-folder" / "plan.pdf"
    result = runner.invoke(args=["handout", "trust-rebuilding-plan", "-o", str(out)])
    assert result.exit_code == 1
    assert f"Cannot write {out}" in result.output
    assert "Traceback" not in result.output
