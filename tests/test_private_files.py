"""The database, the instance folder and backups are private whatever the umask (issue 14)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def flask(args: list[str], env: dict) -> subprocess.CompletedProcess:
    """A `flask` command started with umask 0, the worst a host could have."""
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "practice", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.umask(0),  # the child's umask only
    )


@pytest.fixture
def sqlite_env(tmp_path) -> dict:
    return dict(
        os.environ,
        TRUSTWORK_ENV="development",
        SECRET_KEY="a development key set by the test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'records.sqlite'}",
    )


def test_a_new_sqlite_database_and_the_instance_folder_are_private(tmp_path, sqlite_env):
    result = flask(["db", "upgrade"], sqlite_env)
    assert result.returncode == 0, result.stderr
    assert mode(tmp_path / "records.sqlite") == 0o600
    assert mode(ROOT / "instance") == 0o700


def test_an_existing_world_readable_database_is_made_private(tmp_path, sqlite_env):
    database = tmp_path / "records.sqlite"
    database.touch()
    database.chmod(0o644)
    assert flask(["db", "upgrade"], sqlite_env).returncode == 0
    assert mode(database) == 0o600


def test_a_backup_is_private_whatever_the_umask(tmp_path, sqlite_env):
    assert flask(["db", "upgrade"], sqlite_env).returncode == 0
    target = tmp_path / "backups" / "today.sqlite"
    result = flask(["backup", "-o", str(target)], sqlite_env)
    assert result.returncode == 0, result.stderr
    assert mode(target) == 0o600 and mode(target.parent) == 0o700


def test_a_planted_partial_file_is_never_used(runner, tmp_path):
    target = tmp_path / "backup.dump"
    partial = tmp_path / "backup.dump.partial"
    partial.touch()
    partial.chmod(0o666)
    result = runner.invoke(args=["backup", "-o", str(target)])
    assert result.exit_code == 1
    assert "already exists" in result.output and "Traceback" not in result.output
    assert not target.exists()
    assert partial.stat().st_size == 0  # left as it was found: nothing written into it


def test_a_planted_link_does_not_overwrite_its_target(runner, tmp_path):
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    target = tmp_path / "backup.dump"
    (tmp_path / "backup.dump.partial").symlink_to(victim)
    result = runner.invoke(args=["backup", "-o", str(target)])
    assert result.exit_code == 1 and "already exists" in result.output
    assert victim.read_text() == "keep me"
    assert not target.exists()
