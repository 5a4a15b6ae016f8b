"""The notes blueprint object, shared by the view modules that add routes to it."""

from flask import Blueprint

bp = Blueprint("notes", __name__)
