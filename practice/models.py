"""Every model, imported in one place so the metadata (and Alembic) sees all tables."""

from .audit.models import AuditEvent
from .auth.models import Role, User, UserSession
from .couples.models import CaseStatus, Client, Couple

__all__ = ["AuditEvent", "CaseStatus", "Client", "Couple", "Role", "User", "UserSession"]
