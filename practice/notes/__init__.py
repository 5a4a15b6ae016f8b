"""Therapy sessions, their notes (draft, signed, addenda), note search and the case timeline."""

from . import lock, note_views, search_views, session_views  # noqa: F401  (register listeners and routes)
from .blueprint import bp

__all__ = ["bp"]
