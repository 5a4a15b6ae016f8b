"""The direction of dependency: every module imports on its own, and the contracts bite."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# One fresh interpreter; before each module every `practice` module is forgotten, so each is
# imported first, as a shell, a worker or a migration might. A cycle fails right there.
IMPORT_EACH_FIRST = textwrap.dedent(
    """
    import importlib, pkgutil, sys, traceback
    import practice

    names = sorted(
        info.name for info in pkgutil.walk_packages(practice.__path__, "practice.")
    )
    failures = []
    for name in names:
        for loaded in [m for m in sys.modules if m == "practice" or m.startswith("practice.")]:
            del sys.modules[loaded]
        try:
            importlib.import_module(name)
        except Exception:
            failures.append(name + ": " + traceback.format_exc(limit=-3))
    print(len(names), "modules")
    print("\\n".join(failures))
    sys.exit(1 if failures else 0)
    """
)


def test_every_module_imports_first_in_a_fresh_interpreter():
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH_FIRST],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert int(result.stdout.split()[0]) > 100  # it really walked the package


def _lint_imports(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def project_copy(tmp_path) -> Path:
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copy(ROOT / "pyproject.toml", copy)
    shutil.copytree(
        ROOT / "practice", copy / "practice", ignore=shutil.ignore_patterns("__pycache__")
    )
    return copy


def test_the_layer_contracts_hold(project_copy):
    result = _lint_imports(project_copy)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "forbidden", "contract"),
    [
        # A domain reaching up to a page.
        ("practice/couples/services.py", "from ..pages import case_page", "Pages on top"),
        # The core reaching into a domain.
        ("practice/clock.py", "from .couples import models", "Pages on top"),
        # Two domains in one layer meeting.
        ("practice/assignments/services.py", "from ..checkins import models", "Pages on top"),
    ],
)
def test_a_forbidden_import_breaks_the_contract(project_copy, module, forbidden, contract):
    path = project_copy / module
    path.write_text(path.read_text() + f"\n{forbidden}  # noqa\n")
    result = _lint_imports(project_copy)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout


def test_a_new_module_must_be_given_a_layer(project_copy):
    (project_copy / "practice" / "stray.py").write_text('"""Belongs nowhere yet."""\n')
    result = _lint_imports(project_copy)
    assert result.returncode != 0
    assert "stray" in result.stdout
