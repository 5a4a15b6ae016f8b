"""Flask commands: accounts and the demo practice."""

from __future__ import annotations

import secrets
import sys

import click
from flask import Flask
from flask.cli import with_appcontext

from .admin.services import AccountError, create_account
from .audit.who import system
from .auth.passwords import password_problem
from .extensions import db


def register_cli(app: Flask) -> None:
    from .audit.cli import audit_cli
    from .auth.second_factor.cli import reset_second_factor_command
    from .backup import backup_command
    from .handouts.cli import handout
    from .jobs import worker_command
    from .library.cli import worksheets_cli
    from .reminders.cli import send_due_command
    from .restore import restore_command

    commands = (create_user, demo, worksheets_cli, handout, backup_command, restore_command)
    for command in (
        *commands,
        audit_cli,
        reset_second_factor_command,
        send_due_command,
        worker_command,
    ):
        app.cli.add_command(command)


@click.command("create-user")
@click.option("--role", type=click.Choice(["counselor", "admin"]), required=True)
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user(role: str, email: str, name: str, password_stdin: bool) -> None:
    """Create a staff account (use it for the first admin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise click.ClickException(problem)
    if "@" not in email or len(email) > 254:
        raise click.ClickException("Give an email address like name@example.org.")
    try:
        user = create_account(
            email=email, name=name, role=role, password=password, who=system("create-user")
        )
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")


@click.command("demo")
@click.option("--password", help="Password for every demo account (random when not given).")
@click.option("--if-empty", is_flag=True, help="Only load the demo when there are no accounts.")
@with_appcontext
def demo(password: str | None, if_empty: bool) -> None:
    """Load a demo practice: an admin, two counselors and five couples. Safe to repeat."""
    from .demo.load import DEMO_ACCOUNTS, load_demo, practice_is_empty

    if if_empty and not practice_is_empty():
        click.echo("The practice already has accounts: demo not loaded.")
        return
    password = password or secrets.token_urlsafe(9)
    problem = password_problem(password)
    if problem:
        raise click.ClickException(problem)
    portal_accounts = load_demo(password)
    db.session.commit()
    click.echo("Demo practice ready. Sign in with any of these accounts:")
    for email, name, role in DEMO_ACCOUNTS + portal_accounts:
        click.echo(f"  {role:<10} {email:<32} ({name})")
    click.echo(f"  password   {password}")
