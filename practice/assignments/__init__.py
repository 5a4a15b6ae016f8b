"""Assigning worksheets to couples and reviewing both partners' answers."""

from .views import bp

__all__ = ["bp"]
