"""Links in emails: built from PUBLIC_URL (the sender runs from cron, with no request), and
the signed one-click link that turns a partner's reminders off."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

_SALT = "trustwork-reminders-off"


def external_url(endpoint: str, **values) -> str:
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_URL"] + path


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(client_id: int) -> str:
    """No expiry: the link in an old reminder must still turn reminders off."""
    return _serializer().dumps({"client": client_id})


def client_of_token(token: str) -> int | None:
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        return None
    client_id = payload.get("client") if isinstance(payload, dict) else None
    return client_id if isinstance(client_id, int) else None


def unsubscribe_url(client_id: int) -> str:
    return external_url("reminders.turn_off", token=unsubscribe_token(client_id))
