"""A long PDF made off the request path, in a real browser: click the export, see "Preparing
your PDF", get the file. With JavaScript the page asks and starts the download; without it
the page refreshes itself and then sends the download."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from ..conftest import PASSWORD
from ..homework.helpers import submit_through_the_portal
from ..notes.records import add_note, add_session
from .conftest import PHONE, sign_in

PDF_TIMEOUT_MS = 30_000


@pytest.fixture
def case(app, counselor, make_couple, make_assignment, make_client_account):
    """A case with a signed note and both partners' answers: every export has something."""
    app.config["PDF_JOBS"] = "thread"  # the embedded default: a thread of the app process
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    add_note(app, add_session(app, couple), signed=True)
    assignment = make_assignment(couple, "preparing-for-counseling")
    submit_through_the_portal(app, assignment, [make_client_account(couple, n) for n in (1, 2)])
    make_assignment(couple, "naming-the-trust-problem")  # still open: the packet holds it
    return couple


def pdf_text(download) -> str:
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["laptop", "phone"])
def test_the_record_export_is_prepared_then_downloads(
    open_window, pages, live_server, counselor, case, viewport
):
    page = open_window(viewport) if viewport else open_window()
    sign_in(page, live_server, counselor.email, PASSWORD, pages)
    expect(page.get_by_role("heading", name=re.compile("Good to see you"))).to_be_visible()
    pages.check(page)
    page.goto(f"{live_server}/cases/{case.id}")
    pages.check(page)
    with page.expect_download(timeout=PDF_TIMEOUT_MS) as download:
        page.get_by_role("link", name="Record PDF").click()
        expect(page).to_have_url(re.compile(r"/pdf-jobs/[\w-]+$"))
        expect(page.get_by_role("heading", name="Preparing your PDF")).to_be_visible()
        pages.check(page)
    assert download.value.suggested_filename.startswith(f"case-{case.id}-record-")
    assert "Jordan Ellis" in pdf_text(download)
    # The page says the PDF is ready, with a link in case the download did not start.
    expect(page.get_by_role("status")).to_contain_text("Your PDF is ready")
    expect(page.get_by_role("link", name="download the PDF")).to_be_visible()
    pages.check(page)


def test_without_javascript_the_page_refreshes_then_downloads(
    open_window, pages, live_server, counselor, case
):
    page = open_window(javascript=False)
    sign_in(page, live_server, counselor.email, PASSWORD, pages)
    expect(page.get_by_role("heading", name=re.compile("Good to see you"))).to_be_visible()
    pages.check(page)
    page.goto(f"{live_server}/cases/{case.id}")
    pages.check(page)
    with page.expect_download(timeout=PDF_TIMEOUT_MS) as download:
        page.get_by_role("link", name="Homework packet PDF").click()
        expect(page).to_have_url(re.compile(r"/pdf-jobs/[\w-]+$"))
        pages.check(page)
    assert download.value.suggested_filename.startswith(f"case-{case.id}-homework-packet-")
    assert "Naming the Trust Problem" in pdf_text(download)
    page.reload()  # the PDF was handed over once and is not kept
    expect(page.get_by_role("heading", name="Your PDF was downloaded")).to_be_visible()
    pages.check(page)
