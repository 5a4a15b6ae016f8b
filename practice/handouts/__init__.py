"""Printable and fillable PDF handouts."""

from .views import bp

__all__ = ["bp"]
