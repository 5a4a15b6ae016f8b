"""Practice administration: counselor accounts."""

from .views import bp

__all__ = ["bp"]
