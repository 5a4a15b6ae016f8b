"""Sign-in, sign-out and passwords."""

from .views import bp

__all__ = ["bp"]
