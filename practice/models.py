"""Every model, imported in one place so the metadata (and Alembic) sees all tables, and the
model-level guards that must hold whichever route a change takes."""

from .assignments.models import AnswerFlag, Assignment, Response, ResponseStatus
from .audit.models import AuditEvent
from .auth.models import Role, User, UserSession
from .checkins.models import CheckIn, CheckInFlag, CheckInRequest
from .couples.models import CaseStatus, Client, Couple, Invitation
from .notes import lock  # noqa: F401  (signed notes refuse changes at flush)
from .notes.models import NoteAddendum, SessionNote, TherapySession

__all__ = [
    "AnswerFlag",
    "Assignment",
    "AuditEvent",
    "CaseStatus",
    "CheckIn",
    "CheckInFlag",
    "CheckInRequest",
    "Client",
    "Couple",
    "Invitation",
    "NoteAddendum",
    "Response",
    "ResponseStatus",
    "Role",
    "SessionNote",
    "TherapySession",
    "User",
    "UserSession",
]
