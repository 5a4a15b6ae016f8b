import click


@click.command("handout")
def handout() -> None:
    """Write the blank printable handout of a library worksheet (not built yet)."""
    raise click.ClickException("not built yet")
