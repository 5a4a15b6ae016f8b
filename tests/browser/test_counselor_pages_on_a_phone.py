"""Counselors open Trustwork on a phone too, between sessions: their pages get the same
phone checks as the portal (no sideways scrolling, 44 px targets) and the same axe scan."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ..conftest import PASSWORD
from .conftest import PHONE, sign_in

SLUG = "preparing-for-counseling"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


def test_counselor_pages_fit_a_phone(
    open_window, pages, live_server, counselor, case, make_assignment
):
    assignment = make_assignment(case, SLUG)
    phone = open_window(PHONE)
    sign_in(phone, live_server, counselor.email, PASSWORD, pages)
    for path in (
        "/dashboard",
        "/cases/",
        "/cases/new",
        f"/cases/{case.id}",
        f"/cases/{case.id}/timeline",
        f"/cases/{case.id}/check-ins",
        f"/cases/{case.id}/sessions/new",
        f"/assignments/new?couple_id={case.id}",
        f"/assignments/{assignment.id}",
        "/sessions/",
        "/notes/search?q=phone",
        "/library/",
        f"/library/{SLUG}",
    ):
        phone.goto(live_server + path)
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        pages.check(phone)
