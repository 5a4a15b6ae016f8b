"""Inviting partners to the client portal (the counselor's side)."""

from .views import bp

__all__ = ["bp"]
