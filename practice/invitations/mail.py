"""The invitation email: no clinical text, only who invites and the one-time link."""

from __future__ import annotations

SUBJECT = "Your private worksheet space"

BODY = """Hello {name},

{counselor} has invited you to your private worksheet space at {practice}.

Open this link to choose your password (it works once, for 7 days):
{link}

What you write there is private. Your partner can't see your answers unless your counselor
has set a worksheet to be shared after you have both finished it.

If you weren't expecting this message, you can ignore it.
"""


def invitation_body(*, name: str, counselor: str, practice: str, link: str) -> str:
    return BODY.format(name=name, counselor=counselor, practice=practice, link=link)
