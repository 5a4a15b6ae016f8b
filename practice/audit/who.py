"""Who is acting, and from where: what an audit row records about its actor.

Views build it once per request (``request_who()``) and pass it down; domain functions that
audit take it as an argument and never read the request themselves. Commands, the demo
loader and other work outside a request pass ``system(job)``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import request
from flask_login import current_user

# Rows written outside any request name their job in actor_email, after this prefix, so the
# audit page's "who" filter finds them ("system:").
SYSTEM_PREFIX = "system:"


@dataclass(frozen=True)
class Who:
    actor_id: int | None = None
    email: str | None = None
    role: str | None = None
    # The client's address; behind a proxy, the one TRUSTED_PROXIES lets ProxyFix recover.
    address: str | None = None

    def acting_as(self, user, *, email: str | None = None) -> Who:
        """The same request on behalf of an account it signs in, or names in a failed
        sign-in (``user`` None, ``email`` as typed)."""
        return replace(
            self,
            actor_id=user.id if user is not None else None,
            email=email or (user.email if user is not None else None),
            role=user.role if user is not None else None,
        )

    @property
    def is_system(self) -> bool:
        return bool(self.email and self.email.startswith(SYSTEM_PREFIX))


def system(job: str) -> Who:
    """The actor for work no person asked for in a request: a command, the demo, a sender."""
    return Who(email=f"{SYSTEM_PREFIX}{job}")


def request_who() -> Who:
    """The signed-in user (if any) and the client's address of the current request."""
    who = Who(address=request.remote_addr)
    if current_user.is_authenticated:
        return who.acting_as(current_user)
    return who
