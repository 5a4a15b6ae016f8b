"""The client portal: partners complete their worksheets at home, privately."""

from .views import bp

__all__ = ["bp"]
