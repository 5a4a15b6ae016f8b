"""`flask worksheets validate|list`: check and list the worksheet library."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from practice.library.loader import library_dirs, load_library

worksheets_cli = AppGroup("worksheets", help="Check and list the worksheet library.")


@worksheets_cli.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Validate worksheet files or folders (default: the library).

    Prints one line per fault as PATH: FIELD: message and exits 1 when there is any.
    """
    library = load_library(paths or library_dirs(current_app))
    for fault in library.faults:
        click.echo(str(fault))
    count = len(library.worksheets)
    faults = len(library.faults)
    summary = f"{count} worksheet{'s' * (count != 1)}, "
    summary += f"{faults} fault{'s' * (faults != 1)}" if faults else "no faults"
    click.echo(summary, err=True)
    if faults:
        raise click.exceptions.Exit(1)


@worksheets_cli.command("list")
def list_worksheets() -> None:
    """List the library, sorted by slug: slug, title, section/tip, kind and perspective,
    tab-separated."""
    library = load_library(library_dirs(current_app))
    for slug in sorted(library.worksheets):
        ws = library.worksheets[slug]
        # A library from before reading handouts and perspective versions has neither field.
        kind = getattr(ws, "kind", "worksheet")
        perspective = getattr(ws, "perspective", "any")
        source = f"{ws.source.section}/{ws.source.tip}"
        click.echo(f"{slug}\t{ws.title}\t{source}\t{kind}\t{perspective}")
    for fault in library.faults:
        click.echo(str(fault), err=True)
