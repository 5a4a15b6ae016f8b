"""Every model, imported in one place so the metadata (and Alembic) sees all tables, and the
model-level guards that must hold whichever route a change takes."""

from .assignments.models import AnswerFlag, Assignment, Response, ResponseStatus
from .audit.models import AuditEvent
from .auth.models import Role, User, UserSession
from .checkins.models import CheckIn, CheckInFlag, CheckInRequest
from .couples.models import CaseStatus, Client, Couple, Invitation
from .notes import derived, lock  # noqa: F401  (index and copies at flush; signed notes locked)
from .notes.models import NoteAddendum, SessionNote, TherapySession
from .notes.search_index import NoteSearchDocument

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
    "NoteSearchDocument",
    "Response",
    "ResponseStatus",
    "Role",
    "SessionNote",
    "TherapySession",
    "User",
    "UserSession",
]
