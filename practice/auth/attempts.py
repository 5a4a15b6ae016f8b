"""Sign-in attempts, counted before the password is checked (SECURITY.md 2).

Flask-Limiter's ``deduct_when`` tests the limit before a request and counts after it, so
thirty guesses sent at once all pass the test before any is counted. Here each attempt takes
its place first, with one atomic increment in the shared store (Redis's INCRBY across
workers), and only an attempt that got a place has its password checked. A successful
sign-in gives its place back: only failures use up the limit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import current_app
from limits import RateLimitItem, parse

from ..extensions import limiter


@dataclass(frozen=True)
class Place:
    """The counters one attempt was counted in, so a success can give them back."""

    keys: tuple[tuple[str, int], ...]  # (storage key, expiry in seconds)


def _counter(item: RateLimitItem, kind: str, value: str) -> tuple[str, int]:
    # Hashed: the store need not hold the addresses people typed.
    digest = hashlib.sha256(value.encode()).hexdigest()
    prefix = current_app.config["RATELIMIT_KEY_PREFIX"]
    return item.key_for(prefix, kind, digest), item.get_expiry()


def take_place(account: str, address: str | None) -> Place | None:
    """Count this attempt against the account and the address; None when either is spent."""
    config = current_app.config
    counters = (
        (parse(config["SIGN_IN_LIMIT"]), "sign-in-account", account),
        # A looser cap per address stops one client spraying many accounts.
        (parse(config["SIGN_IN_ADDRESS_LIMIT"]), "sign-in-address", address),
    )
    taken, allowed = [], True
    for item, kind, value in counters:
        key, expiry = _counter(item, kind, value or "")
        taken.append((key, expiry))
        if limiter.storage.incr(key, expiry) > item.amount:
            allowed = False
    place = Place(tuple(taken))
    if not allowed:
        give_back(place)  # a refused attempt is not a guess: it must not extend the lock
        return None
    return place


def give_back(place: Place) -> None:
    for key, expiry in place.keys:
        limiter.storage.incr(key, expiry, amount=-1)
