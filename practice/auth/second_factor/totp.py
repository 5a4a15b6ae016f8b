"""Authenticator-app codes (TOTP, RFC 6238): six digits that change every 30 seconds."""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp
import segno

# A phone's clock may run a little fast or slow: the code of the step before or after counts.
DRIFT_STEPS = 1


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits, the size RFC 4226 recommends


def matching_step(secret: str, code: str, at: datetime) -> int | None:
    """The 30-second step whose code this is, near ``at``; None for a wrong code."""
    totp = pyotp.TOTP(secret)
    now = totp.timecode(at)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def setup_link(secret: str, *, account: str, issuer: str) -> str:
    """The otpauth:// link an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def qr_code_image(link: str) -> str:
    """The link as a QR code: an SVG data URI, for an <img> the CSP allows (img-src data:).

    An <img> rather than inline SVG markup: no inline style to allow, and alt text to read.
    """
    return segno.make(link, error="m").svg_data_uri(scale=5, border=4)


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
