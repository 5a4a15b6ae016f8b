"""The worksheet library: YAML files validated at load, browsed and previewed by counselors."""

from .views import bp

__all__ = ["bp"]
