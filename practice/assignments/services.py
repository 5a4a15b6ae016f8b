"""Assigning worksheets and the counselor's review. Functions flush; the view commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..audit.record import audit
from ..audit.who import Who
from ..auth.models import User
from ..couples.activity import mark_activity
from ..couples.models import Client, Couple
from ..db_types import utcnow
from ..extensions import db
from ..library.schema import Worksheet
from .models import AnswerFlag, Assignment, Response, ResponseStatus
from .safety import joint_work_needs_reason, why_confirm


class AssignmentError(ValueError):
    """An action that doesn't fit the assignment's state; the message says why."""


class PrivateWorksheet(AssignmentError):
    """Sharing was asked for a private worksheet: its answers reach the counselor only."""


class ReasonNeeded(AssignmentError):
    """Joint work on a case not screened, or with a safety flag open, needs a reason."""


PRIVATE_NEVER_SHARED = (
    "This worksheet is private: each partner's answers reach only you, never the other "
    "partner, so sharing can't be turned on."
)
REASON_MAX = 300


def recipients_for(worksheet: Worksheet, choice: str) -> str:
    """each | one | together, as the worksheet's audience allows."""
    if worksheet.audience == "together":
        return "together"
    if worksheet.audience == "one-partner":
        return "one"
    return "one" if choice == "one" else "each"


EACH, TOGETHER, ONE = "each", "together", "one"


def choice_refused(worksheet: Worksheet, choice: str) -> str | None:
    """Why the counselor's "who is it for" can't be honoured for this worksheet, or None.

    The form says so before anything is saved; it never swaps the choice for another.
    `choice` is each | together | one.
    """
    title = f"\u201c{worksheet.title}\u201d"
    if worksheet.audience == "together" and choice != TOGETHER:
        return (
            f"{title} can only be done together: it asks the couple for one shared set of "
            "answers, so it can't be given to each partner separately or to one alone. "
            "Choose \u201cBoth partners together\u201d, or another worksheet."
        )
    if worksheet.audience == "one-partner" and choice != ONE:
        return f"{title} is written for one partner. Choose which partner it is for."
    if worksheet.audience == "each-partner" and choice == TOGETHER:
        return (
            f"{title} is written for each partner to answer on their own, not as one shared "
            "set of answers. Choose \u201cEach partner, separately\u201d or one partner."
        )
    return None


def assign(
    couple: Couple,
    worksheet: Worksheet,
    *,
    by: User,
    recipients: str,
    for_client: Client | None,
    due_date: date,
    instructions: str,
    share: bool,
    reason: str = "",
    who: Who,
) -> Assignment:
    """Assign a worksheet; the safety rules hold here whichever form or script calls it.

    A private worksheet is never shared. A together worksheet, or sharing, on a case whose
    safety screen is not done or has a safety flag open needs the counselor's `reason`,
    which is audited.
    """
    if recipients == "one" and (for_client is None or for_client.couple_id != couple.id):
        raise AssignmentError("Choose which partner this worksheet is for.")
    if share and worksheet.is_private:
        raise PrivateWorksheet(PRIVATE_NEVER_SHARED)
    sharing = share and recipients == "each"  # sharing needs two separate responses to share
    joint = recipients == "together" or sharing
    reason = " ".join(reason.split())[:REASON_MAX]
    if joint and joint_work_needs_reason(couple) and not reason:
        raise ReasonNeeded(
            f"{why_confirm(couple)} Say why joint work is right for this couple now, "
            "or choose a worksheet each partner answers alone."
        )
    assignment = Assignment(
        couple=couple,
        assigned_by_id=by.id,
        slug=worksheet.slug,
        worksheet_version=worksheet.version,
        content_hash=worksheet.content_hash,
        definition=worksheet.to_snapshot(),
        title=worksheet.title,
        recipients=recipients,
        for_client=for_client if recipients == "one" else None,
        due_date=due_date,
        instructions=instructions.strip(),
        share_when_both_submitted=sharing,
        private=worksheet.is_private,
        discreet=worksheet.discreet,
    )
    if recipients == "each":
        assignment.responses = [Response(client=partner) for partner in couple.partners]
    elif recipients == "one":
        assignment.responses = [Response(client=for_client)]
    else:
        assignment.responses = [Response(client=None)]
    db.session.add(assignment)
    mark_activity(couple.id)
    db.session.flush()
    audit("assignment-create", who=who, obj=assignment, couple_id=couple.id, detail=worksheet.slug)
    if joint and reason:
        audit(
            "joint-work-confirm",
            who=who,
            obj=assignment,
            couple_id=couple.id,
            detail=f"{worksheet.slug}: {couple.safety_status}: {reason}",
        )
    return assignment


def cancel(assignment: Assignment, *, who: Who) -> None:
    if assignment.is_cancelled:
        return
    if not assignment.nobody_started:
        raise AssignmentError(
            "Someone has already started this worksheet, so it can't be cancelled. "
            "Their words are kept."
        )
    assignment.cancelled_at = utcnow()
    audit("assignment-cancel", who=who, obj=assignment, couple_id=assignment.couple_id)


def extend(assignment: Assignment, due_date: date, *, who: Who) -> None:
    if due_date <= assignment.due_date:
        raise AssignmentError("Choose a date later than the current due date.")
    previous = assignment.due_date
    assignment.due_date = due_date
    audit(
        "assignment-extend",
        who=who,
        obj=assignment,
        couple_id=assignment.couple_id,
        detail=f"{previous.isoformat()}->{due_date.isoformat()}",
    )


NO_FEEDBACK = (
    "Nothing was saved: no feedback is written here yet. Write some, or use \u201cMark as "
    "reviewed\u201d to record that you have read the answers."
)


@dataclass(frozen=True)
class FeedbackSaved:
    """What a feedback post changed, so the page says exactly that and nothing more."""

    changed: bool  # the feedback text is different now
    reviewed: bool  # the response was marked reviewed by this post

    def message(self, feedback: str) -> str:
        if self.reviewed:
            # Words may have reached the server by autosave first: they are saved either way.
            return "Marked as reviewed." + (" Your feedback is saved." if feedback else "")
        # Unchanged words were saved already (autosave got there first): still true.
        return "Feedback saved." if feedback else "Feedback removed."


def save_feedback(
    response: Response, feedback: str, *, mark_reviewed: bool, who: Who
) -> FeedbackSaved:
    if response.status not in (ResponseStatus.SUBMITTED, ResponseStatus.REVIEWED):
        raise AssignmentError("Feedback can be given once the response has been submitted.")
    feedback = feedback.strip()
    changed = feedback != (response.feedback or "")
    reviewed = mark_reviewed and response.status == ResponseStatus.SUBMITTED
    if not (changed or reviewed):
        return FeedbackSaved(changed=False, reviewed=False)
    response.feedback = feedback
    if reviewed:
        response.status = ResponseStatus.REVIEWED
        response.reviewed_at = utcnow()
    mark_activity(response.assignment.couple_id)
    audit(
        "response-review" if reviewed else "response-feedback",
        who=who,
        obj=response,
        couple_id=response.assignment.couple_id,
    )
    return FeedbackSaved(changed=changed, reviewed=reviewed)


def reopen(response: Response, note: str, *, who: Who) -> None:
    if response.status not in (ResponseStatus.SUBMITTED, ResponseStatus.REVIEWED):
        raise AssignmentError("Only a submitted response can be reopened.")
    if not note.strip():
        raise AssignmentError("Add a note that says what to revise.")
    response.status = ResponseStatus.DRAFT
    response.reopen_note = note.strip()
    response.submitted_at = None
    response.reviewed_at = None
    audit("response-reopen", who=who, obj=response, couple_id=response.assignment.couple_id)


NOTE_MAX = 300


def acknowledge(flag: AnswerFlag, *, by: User, note: str = "", who: Who) -> None:
    """Mark a flag seen, with what was done; a safety flag can't be acknowledged without it."""
    if flag.acknowledged_at is not None:
        return
    note = " ".join(note.split())[:NOTE_MAX]
    if flag.is_safety and not note:
        raise AssignmentError("Say what you did about this safety flag, in a few words.")
    flag.acknowledged_at = utcnow()
    flag.acknowledged_by_id = by.id
    flag.acknowledged_note = note
    audit("flag-acknowledge", who=who, obj=flag, couple_id=flag.couple_id, detail=note or None)
