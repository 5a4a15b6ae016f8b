"""A worksheet folder is not a way to read other files (issue 14, finding 8): a link that
leaves the folder is refused, and no message repeats more than 80 characters of a file."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from practice.library.loader import load_library
from practice.models import Role

from .test_cli import run, write

SECRET_LINES = "".join(f"account{n}:x:{n}:{n}:secret-{n}:/home/u{n}:/bin/sh\n" for n in range(40))


@pytest.fixture
def secret(tmp_path) -> Path:
    """Stands in for /etc/passwd: a file outside the worksheet folder."""
    path = tmp_path / "elsewhere" / "passwd"
    path.parent.mkdir()
    path.write_text(SECRET_LINES)
    return path


@pytest.fixture
def extra(tmp_path, secret) -> Path:
    folder = tmp_path / "extra"
    write(folder, "own-sheet", "Our own sheet")
    (folder / "stolen.yaml").symlink_to(secret)
    return folder


@pytest.fixture
def settings(settings, extra):
    return dict(settings, WORKSHEETS_EXTRA_DIR=str(extra))


def test_a_link_out_of_the_folder_is_not_read(extra):
    library = load_library([extra])
    assert "own-sheet" in library.worksheets
    (fault,) = [f for f in library.faults if "stolen.yaml" in f.path]
    assert "link to a file outside its folder" in fault.message
    assert "secret-" not in str(library.faults)


def test_validate_names_the_link_without_echoing_the_file(extra):
    result = run(extra, "validate")
    assert result.exit_code == 1
    assert "stolen.yaml: file: is a link to a file outside its folder" in result.output
    assert "secret-" not in result.output


def test_the_health_page_and_the_log_never_show_the_linked_file(app, auth, make_user, caplog):
    caplog.set_level(logging.WARNING)
    auth.sign_in(make_user(Role.ADMIN))
    page = auth.client.get("/library/health").get_data(as_text=True)
    assert "stolen.yaml" in page and "outside its folder" in page
    assert "secret-" not in page and "secret-" not in caplog.text


def test_a_long_value_is_quoted_to_80_characters(tmp_path):
    folder = tmp_path / "sheets"
    folder.mkdir()
    # Not a worksheet at all: one long line of text, as a stray file might be.
    (folder / "stray.yaml").write_text("x" * 75 + "TAIL-NEVER-SHOWN" * 200 + "\n")
    (fault,) = load_library([folder]).faults
    assert "expected a mapping" in fault.message
    assert "TAIL-NEVER-SHOWN" * 2 not in fault.message
    assert len(fault.message) < 200
