"""The counselor's home page."""

from .views import bp

__all__ = ["bp"]
