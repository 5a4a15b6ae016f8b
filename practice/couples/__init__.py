"""Couple cases and their partners."""

from .views import bp

__all__ = ["bp"]
