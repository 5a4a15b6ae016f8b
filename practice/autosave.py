"""The autosave protocol shared by every editor that must never lose a word.

The browser (static/js/autosave.js) posts JSON ``{"version": N, "fields": [[name, value],
...]}`` with the CSRF token in the ``X-CSRFToken`` header. Answers:

- 200 ``{"version": M, "saved_at": "14:32"}`` — saved; the page now holds version M.
- 409 ``{"conflict": true, "message": ...}`` — someone saved a newer version first; the page
  reads the newest version from a fresh copy of itself (``data-page-url``), takes what only
  one side changed, and asks the person about each field both changed (static/js/conflict.js).
  Nothing is saved until they have chosen. When there is no newer version to merge into
  (submitted, signed) the page keeps the text in a box to copy.
- 422 ``{"errors": {field: message}}`` — something to fix; nothing saved.
- 401 ``{"signed_out": true}`` / 400 ``{"csrf": true}`` — the session or token expired; the
  page keeps its text (a copy in sessionStorage, handed to localStorage for the tab that signs
  in again) and saves again after signing in, in this tab or another.

The last save as a page is left or closed is the same request sent with ``keepalive``: the
view can't tell it apart, and needs no other path.

409 and 422 are web_form's CONFLICT and REFUSED: a refused form post answers the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Request, jsonify
from werkzeug.datastructures import MultiDict

from .web_form import CONFLICT, REFUSED

MAX_FIELDS = 500


class BadPayload(ValueError):
    """The request body is not an autosave payload."""


@dataclass(frozen=True)
class Autosave:
    version: int
    fields: MultiDict


def is_autosave(request: Request) -> bool:
    return request.is_json or request.headers.get("X-Requested-With") == "autosave"


def parse_payload(request: Request) -> Autosave:
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # nested thousands deep: silent=True only covers ValueError
        data = None
    if not isinstance(data, dict):
        raise BadPayload("expected a JSON object")
    version = data.get("version")
    fields = data.get("fields")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BadPayload("version must be a positive integer")
    if not isinstance(fields, list) or len(fields) > MAX_FIELDS:
        raise BadPayload("fields must be a list of [name, value] pairs")
    pairs = []
    for pair in fields:
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(part, str) for part in pair)
        ):
            raise BadPayload("fields must be a list of [name, value] pairs")
        pairs.append((pair[0], pair[1]))
    return Autosave(version=version, fields=MultiDict(pairs))


def saved(version: int, saved_at_label: str):
    return jsonify(version=version, saved_at=saved_at_label)


def conflict(message: str):
    return jsonify(conflict=True, message=message), CONFLICT


def invalid(errors: dict[str, str]):
    return jsonify(errors=errors), REFUSED


def signed_out():
    return jsonify(signed_out=True, message="You were signed out."), 401


def csrf_expired():
    return jsonify(csrf=True, message="This page's security token expired."), 400
