"""Outgoing email. With SMTP settings it sends; without, the message goes to the log (the
counselor is shown the invitation link to pass on, so nothing depends on mail arriving)."""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage

from flask import current_app


class MailNotSent(RuntimeError):
    """The SMTP server refused or could not be reached.

    ``permanent``: the server refused this message for good (a 5xx reply, an address it does
    not know): sending it again would be refused again. Otherwise it may go through later.
    """

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def _is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _describe(error: Exception) -> str:
    """The server's reply without the address it refused: "550 5.1.1 no such mailbox"."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = [
            f"{code} {text.decode(errors='replace')}" for code, text in error.recipients.values()
        ]
        return "; ".join(replies)
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error
        text = message.decode(errors="replace") if isinstance(message, bytes) else str(message)
        return f"{error.smtp_code} {text}"
    return str(error) or type(error).__name__


def recipient_ref(address: str) -> str:
    """How logs name a recipient: that a person is a practice's client is itself private,
    so the log keeps a short digest an admin can match against the outbox, not the address."""
    digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:12]
    return f"recipient-{digest}"


def send_mail(
    to: str, subject: str, body: str, *, headers: Mapping[str, str] | None = None
) -> bool:
    """Send a plain-text message; True when handed to an SMTP server, False when logged."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    if config.get("MAIL_REPLY_TO"):
        message["Reply-To"] = config["MAIL_REPLY_TO"]
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if not config.get("SMTP_HOST"):
        # Not the body: an invitation link in a log would let its reader take the account.
        current_app.logger.info(
            "email not sent (no SMTP_HOST): to=%s subject=%s", recipient_ref(to), subject
        )
        return False
    try:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        # Not the SMTP reply either: a refusal usually quotes the address.
        current_app.logger.warning(
            "email to %s failed: %s", recipient_ref(to), type(error).__name__
        )
        raise MailNotSent(_describe(error), permanent=_is_permanent(error)) from error
    return True
