"""The assignments blueprint object, shared by the view modules that add routes to it:
assigning (assign_views), reviewing (review_views) and sharing (sharing_views)."""

from flask import Blueprint

bp = Blueprint("assignments", __name__)
