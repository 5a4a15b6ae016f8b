"""Every model, imported in one place so the metadata (and Alembic) sees all tables."""

from .assignments.models import AnswerFlag, Assignment, Response, ResponseStatus
from .audit.models import AuditEvent
from .auth.models import Role, User, UserSession
from .auth.second_factor.models import PendingSignIn, RecoveryCode, SecondFactor
from .checkins.models import CheckIn, CheckInFlag, CheckInRequest
from .couples.models import CaseStatus, Client, Couple
from .notes.models import NoteAddendum, SessionNote, TherapySession
from .portal.models import Invitation

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
    "PendingSignIn",
    "RecoveryCode",
    "Response",
    "ResponseStatus",
    "Role",
    "SecondFactor",
    "SessionNote",
    "TherapySession",
    "User",
    "UserSession",
]
