"""Outgoing email. With SMTP settings it sends; without, the message goes to the log (the
counselor is shown the invitation link to pass on, so nothing depends on mail arriving)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app


class MailNotSent(RuntimeError):
    """The SMTP server refused or could not be reached."""


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send a plain-text message; True when handed to an SMTP server, False when logged."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if not config.get("SMTP_HOST"):
        # Not the body: an invitation link in a log would let its reader take the account.
        current_app.logger.info("email not sent (no SMTP_HOST): to=%s subject=%s", to, subject)
        return False
    try:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.warning("email to %s failed: %s", to, error)
        raise MailNotSent(str(error)) from error
    return True
