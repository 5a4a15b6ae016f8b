"""The limit on code attempts, per account, like the limit on passwords.

Each attempt is counted before its code is checked, with the limiter's atomic hit: many
guesses sent at once are each counted, and those past the limit are never checked.
"""

from __future__ import annotations

from flask import current_app
from limits import parse_many

from ...extensions import limiter


def attempt_allowed(user_id: int) -> bool:
    """Count one code attempt for the account; False when it is past the limit."""
    config = current_app.config
    prefix = config.get("RATELIMIT_KEY_PREFIX") or "trustwork"
    allowed = True
    for limit in parse_many(config["SECOND_FACTOR_LIMIT"]):
        # Every window counts every attempt, so an hour's cap holds whatever a minute allows.
        allowed = limiter.limiter.hit(limit, prefix, "second-factor", str(user_id)) and allowed
    return allowed
