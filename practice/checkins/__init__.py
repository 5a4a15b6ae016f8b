"""Trust check-ins: a short repeated measure both partners answer, charted over time."""

from . import counselor_views, portal_views  # noqa: F401  (register the routes)
from .blueprint import bp

__all__ = ["bp"]
