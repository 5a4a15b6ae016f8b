"""``flask reset-second-factor``: for a practice whose only admin lost their phone and
their recovery codes, when no other admin can reset it from the accounts page."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ...audit.who import system
from ...extensions import db
from ..models import User
from .checks import STAFF_ROLES, factor_of, reset_second_factor


@click.command("reset-second-factor")
@click.option("--email", required=True, help="The counselor's or admin's sign-in email.")
@with_appcontext
def reset_second_factor_command(email: str) -> None:
    """Forget an account's authenticator app and recovery codes (audited)."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or user.role not in STAFF_ROLES:
        raise click.ClickException(f"No counselor or admin account signs in as {email!r}.")
    if factor_of(user.id) is None:
        click.echo(f"{user.email} has no two-step sign-in set up: nothing to reset.")
        return
    reset_second_factor(user, who=system("reset-second-factor"))
    db.session.commit()
    click.echo(
        f"Two-step sign-in for {user.email} was reset and their sessions ended. "
        "They set it up again at their next sign-in."
    )
