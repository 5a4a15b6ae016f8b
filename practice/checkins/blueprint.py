"""The check-ins blueprint object, shared by the counselor and portal view modules."""

from flask import Blueprint

bp = Blueprint("checkins", __name__)
