"""Every model, imported in one place so the metadata (and Alembic) sees all tables, and the
model-level guards that must hold whichever route a change takes."""

from .assignments.models import AnswerFlag, Assignment, Response, ResponseStatus
from .audit import chain  # noqa: F401  (seals audit rows into the chain as they commit)
from .audit.models import AuditChainHead, AuditEvent
from .auth.models import Role, User, UserSession
from .auth.second_factor.models import PendingSignIn, RecoveryCode, SecondFactor
from .calendar.models import CalendarFeed
from .checkins.models import CheckIn, CheckInFlag, CheckInRequest
from .couples.models import CaseStatus, Client, Couple, Invitation
from .form_once import SpentFormToken
from .job_store import PdfJob
from .notes import derived, lock  # noqa: F401  (index and copies at flush; signed notes locked)
from .notes.models import NoteAddendum, NotePreference, SessionNote, TherapySession
from .notes.search_index import NoteSearchDocument
from .reminders import events  # noqa: F401  (events queue their notices in the same flush)
from .reminders.models import NotificationSettings, OutboxMessage, ReminderOptOut

__all__ = [
    "AnswerFlag",
    "Assignment",
    "AuditChainHead",
    "AuditEvent",
    "CalendarFeed",
    "CaseStatus",
    "CheckIn",
    "CheckInFlag",
    "CheckInRequest",
    "Client",
    "Couple",
    "Invitation",
    "NoteAddendum",
    "NotePreference",
    "NoteSearchDocument",
    "NotificationSettings",
    "OutboxMessage",
    "PdfJob",
    "PendingSignIn",
    "RecoveryCode",
    "ReminderOptOut",
    "Response",
    "ResponseStatus",
    "Role",
    "SecondFactor",
    "SessionNote",
    "SpentFormToken",
    "TherapySession",
    "User",
    "UserSession",
]
