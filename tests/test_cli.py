"""flask create-user and flask demo."""

from __future__ import annotations

from sqlalchemy import func, select

from practice.extensions import db
from practice.models import Assignment, Client, Couple, Response, User


def counts(app) -> tuple[int, ...]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (User, Couple, Client, Assignment, Response)
        )


def test_create_user_reads_the_password_from_stdin(app, runner, auth):
    result = runner.invoke(
        args=[
            "create-user",
            "--role",
            "admin",
            "--email",
            "Boss@Example.org",
            "--name",
            "Boss",
            "--password-stdin",
        ],
        input="the first admin password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created admin boss@example.org." in result.output
    assert auth.sign_in("boss@example.org", "the first admin password").status_code == 302


def test_create_user_refuses_weak_passwords_and_duplicates(app, runner, make_user):
    make_user(email="taken@example.org")
    weak = runner.invoke(
        args=[
            "create-user",
            "--role",
            "counselor",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--password-stdin",
        ],
        input="short\n",
    )
    assert weak.exit_code == 1 and "at least 10 characters" in weak.output
    taken = runner.invoke(
        args=[
            "create-user",
            "--role",
            "counselor",
            "--email",
            "taken@example.org",
            "--name",
            "A",
            "--password-stdin",
        ],
        input="a perfectly fine password\n",
    )
    assert taken.exit_code == 1 and "already exists" in taken.output
    assert "Traceback" not in weak.output + taken.output


def test_demo_twice_in_a_row_changes_nothing_but_the_password(app, runner, auth):
    first = runner.invoke(args=["demo", "--password", "first demo password"])
    assert first.exit_code == 0, first.output
    assert "maya.okafor@example.org" in first.output and "first demo password" in first.output
    after_first = counts(app)
    # An admin, two counselors and three partners with portal accounts; five couples.
    assert after_first[:3] == (6, 5, 10) and after_first[3] >= 5
    second = runner.invoke(args=["demo", "--password", "second demo password"])
    assert second.exit_code == 0
    assert counts(app) == after_first
    assert auth.sign_in("maya.okafor@example.org", "second demo password").status_code == 302
    auth.sign_out()
    with app.app_context():
        statuses = set(db.session.scalars(select(Couple.status)))
        response_states = set(db.session.scalars(select(Response.status)))
    assert statuses == {"active", "paused", "closed"}
    assert response_states == {"not_started", "draft", "submitted", "reviewed"}
    portal = auth.sign_in("jordan.ellis@example.org", "second demo password")
    assert portal.location == "/portal/"


def test_demo_if_empty_leaves_a_real_practice_alone(app, runner, make_user):
    make_user()
    result = runner.invoke(args=["demo", "--if-empty", "--password", "a demo password"])
    assert "already has accounts" in result.output
    assert counts(app) == (1, 0, 0, 0, 0)


def test_demo_password_is_random_unless_given(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0
    password_line = [line for line in result.output.splitlines() if "password" in line][-1]
    assert len(password_line.split()[-1]) >= 10
