"""List pages run a fixed number of queries, however many cases a counselor has (no N+1)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from practice.extensions import db

from .conftest import Auth


def queries_for(app, client, url) -> int:
    with app.app_context():
        engine = db.engine
    count = 0

    def counted(*args, **kwargs):
        nonlocal count
        count += 1

    # Once a minute a request also refreshes the sign-in's last-seen time; a request first
    # takes that turn, so a slow run doesn't count it against one page and not the other.
    assert client.get(url).status_code == 200
    event.listen(engine, "before_cursor_execute", counted)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count


@pytest.fixture
def busy(app, counselor, make_couple, make_assignment, make_client_account):
    """A counselor with cases that each have homework waiting for review."""
    serial = iter(range(1, 1000))

    def add(n: int) -> None:
        from .homework.helpers import complete_answers, post_data, worksheet

        slug = "preparing-for-counseling"
        ws = worksheet(app, slug)
        for _ in range(n):
            number = next(serial)
            couple = make_couple(counselor, names=(f"Ash{number} Lee", f"Blair{number} Kim"))
            response = make_assignment(couple, slug).responses[0]
            partner = Auth(app.test_client())
            partner.sign_in(make_client_account(couple, 1))
            answers = complete_answers(app, slug, 1, flagged=True)
            partner.client.post(
                f"/portal/responses/{response.id}",
                data=post_data(ws, answers, version=1, action="submit"),
            )

    return add


LIST_PAGES = [
    "/dashboard",
    "/dashboard/review",
    "/dashboard/overdue",
    "/dashboard/flags",
    "/cases/",
    "/cases/?q=ash",
    "/sessions/",
    "/assignments/new",
    "/assignments/new?q=blair",
    "/notes/search?q=week",
]


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_do_not_query_per_case(app, signed_in, busy, url):
    busy(2)
    few = queries_for(app, signed_in, url)
    busy(12)
    many = queries_for(app, signed_in, url)
    assert many == few, f"{url}: {few} queries with 2 cases, {many} with 14"


def test_the_dashboard_lists_are_short_and_say_how_many(app, signed_in, busy):
    busy(12)
    page = signed_in.get("/dashboard").text
    assert 'Waiting for your review <span class="count">12</span>' in page
    assert 'Flagged answers <span class="count">12</span>' in page
    assert page.count("See the answers") == 10
    assert "See all 12 →" in page
    second = signed_in.get("/dashboard/flags?page=1").text
    rows = second.split('<ul class="case-list">')[1].split("</ul>")[0]
    assert rows.count("<li") == 12 and "Flagged answers" in second


def test_the_portal_home_does_not_query_per_worksheet(
    app, counselor, make_couple, make_assignment, make_client_account
):
    couple = make_couple(counselor)
    partner = Auth(app.test_client())
    partner.sign_in(make_client_account(couple, 1))

    def grow(n: int) -> None:
        for _ in range(n):
            make_assignment(couple, "preparing-for-counseling", due_in_days=-3)
            make_assignment(couple, "preparing-for-counseling")

    grow(1)
    few = queries_for(app, partner.client, "/portal/")
    grow(8)
    many = queries_for(app, partner.client, "/portal/")
    assert many == few, f"{few} queries with 2 worksheets, {many} with 18"
    page = partner.client.get("/portal/").text
    assert 'To do <span class="count">18</span>' in page
    assert page.count("portal-item__title") == 10 and "Past due" in page


def test_the_case_page_does_not_query_per_session_or_assignment(
    app, signed_in, counselor, make_couple, make_assignment
):
    from datetime import UTC, datetime, timedelta

    from .notes.records import add_note, add_session

    couple = make_couple(counselor)

    def grow(n: int) -> None:
        for i in range(n):
            start = datetime(2026, 3, 2, 15, tzinfo=UTC) + timedelta(days=7 * i)
            add_note(app, add_session(app, couple, starts_at=start))
            make_assignment(couple, "preparing-for-counseling")

    grow(2)
    few = queries_for(app, signed_in, f"/cases/{couple.id}")
    grow(4)
    many = queries_for(app, signed_in, f"/cases/{couple.id}")
    assert many == few, f"{few} queries with 2 sessions, {many} with 6"
