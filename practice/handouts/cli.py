"""`flask handout SLUG -o FILE.pdf`: the blank printable handout of a library worksheet."""

from __future__ import annotations

import difflib
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..clock import practice_today
from ..library.loader import get_library
from .documents import PAGE_SIZES, blank_handout, page_size_or_default
from .exports import print_settings
from .render import RenderError


@click.command("handout")
@click.argument("slug")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the PDF.",
)
@click.option("--fillable", is_flag=True, help="A PDF form a client can type into.")
@click.option(
    "--page-size",
    type=click.Choice(PAGE_SIZES, case_sensitive=False),
    help="Paper size (default: the PDF_PAGE_SIZE setting, else letter).",
)
@click.option(
    "--full-title",
    is_flag=True,
    help="Print a private safety worksheet under its own title, not 'Wellbeing worksheet'.",
)
@with_appcontext
def handout(
    slug: str, output: Path, fillable: bool, page_size: str | None, full_title: bool
) -> None:
    """Write the blank printable handout of the library worksheet SLUG."""
    library = get_library()
    worksheet = library.get(slug)
    if worksheet is None:
        close = difflib.get_close_matches(slug, list(library.worksheets), n=3, cutoff=0.5)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise click.ClickException(
            f"There is no worksheet {slug!r} in the library.{hint} "
            "(`flask worksheets list` shows them all.)"
        )
    size = page_size_or_default(page_size, current_app.config.get("PDF_PAGE_SIZE"))
    try:
        pdf = blank_handout(
            worksheet,
            print_settings(size, practice_today()),
            fillable=fillable,
            full_title=full_title,
        )
    except RenderError as error:
        raise click.ClickException(f"Could not make the PDF: {error}.") from None
    try:
        output.write_bytes(pdf)
    except OSError as error:
        reason = error.strerror or str(error)
        raise click.ClickException(f"Cannot write {output}: {reason}.") from None
    click.echo(
        f"Wrote {output} ({len(pdf) // 1024} KiB, {size}{', fillable' if fillable else ''})."
    )
