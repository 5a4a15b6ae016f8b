"""Two-step sign-in in a real browser: a counselor sets up an authenticator app from the QR
page on a laptop, keeps the recovery codes, and signs in on a phone with one of them."""

from __future__ import annotations

import os
import re

import pyotp
import pytest
from playwright.sync_api import expect

from ..conftest import PASSWORD, test_settings
from .conftest import PHONE, sign_in


@pytest.fixture
def settings(database_url):
    return test_settings(database_url, REQUIRE_MFA=True)


def keep_screenshot(page, name: str) -> None:
    """The QR page as a person sees it, when SCREENSHOT_DIR asks for it (to look at)."""
    if folder := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_a_counselor_sets_up_two_step_sign_in_and_later_uses_a_recovery_code(
    open_window, pages, live_server, counselor
):
    laptop = open_window()
    sign_in(laptop, live_server, counselor.email, PASSWORD, pages)
    expect(laptop.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    qr_code = laptop.get_by_role("img", name=re.compile("QR code"))
    expect(qr_code).to_be_visible()
    # Drawn, not a broken image: the CSP let the data URI through.
    assert qr_code.evaluate("img => img.naturalWidth") > 100
    pages.check(laptop)
    keep_screenshot(laptop, "enrol-laptop")

    # The same page on the phone, as someone would open it there.
    phone = open_window(PHONE)
    sign_in(phone, live_server, counselor.email, PASSWORD, pages)
    expect(phone.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    pages.check(phone)
    keep_screenshot(phone, "enrol-phone")

    # The app is set up by typing the key shown for manual entry.
    key = laptop.locator("#setup-key").inner_text().replace(" ", "")
    laptop.get_by_label("6-digit code from the app").fill("000000")
    laptop.get_by_role("button", name="Confirm and continue").click()
    expect(laptop.get_by_text("That code didn't match")).to_be_visible()
    pages.check(laptop)
    laptop.get_by_label("6-digit code from the app").fill(pyotp.TOTP(key).now())
    laptop.get_by_role("button", name="Confirm and continue").click()
    expect(laptop.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    codes = laptop.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    first_code = codes.first.inner_text()
    pages.check(laptop)
    keep_screenshot(laptop, "recovery-codes-laptop")
    laptop.get_by_role("link", name="I've saved my codes: continue").click()
    expect(laptop.get_by_role("heading", name="Good to see you, Maya")).to_be_visible()
    pages.check(laptop)

    # The phone's own sign-in now asks for a code; the phone is new, so a recovery code.
    phone.reload()
    expect(phone.get_by_role("heading", name="Enter your code")).to_be_visible()
    pages.check(phone)
    keep_screenshot(phone, "verify-phone")
    phone.get_by_text("Lost your phone?").click()
    phone.get_by_label("Code").fill(first_code)
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="Good to see you, Maya")).to_be_visible()
    expect(phone.get_by_text("You signed in with a recovery code. You have 9 left")).to_be_visible()
    pages.check(phone)

    # Where to make new codes, once some are used.
    phone.get_by_text("Maya Okafor").click()
    phone.get_by_role("link", name="Two-step sign-in").click()
    expect(phone.get_by_text("9 of 10 recovery codes left")).to_be_visible()
    pages.check(phone)
    keep_screenshot(phone, "manage-phone")
