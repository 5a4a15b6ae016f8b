"""Where the app's own files are: beside the package in a source checkout, inside it once
installed from a wheel (pyproject.toml ships them as package data)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SOURCE_TREE = PACKAGE.parent
# An installed copy has its files inside the package; an editable or source checkout has not.
INSTALLED = (PACKAGE / "templates").is_dir()
_HOME = PACKAGE if INSTALLED else SOURCE_TREE

TEMPLATES = _HOME / "templates"
STATIC = _HOME / "static"
WORKSHEETS = _HOME / "worksheets"
MIGRATIONS = _HOME / "migrations"
# A checkout keeps instance/ beside its code; an installed copy leaves it to Flask (None):
# <prefix>/var/practice-instance, never inside site-packages.
INSTANCE: Path | None = None if INSTALLED else SOURCE_TREE / "instance"
