"""Turning sharing on or off after a worksheet was assigned.

Sharing lets each partner read the other's answers once both have submitted. The rules that
hold when assigning hold here too: a private worksheet is never shared, and sharing on a case
not yet screened, or with a safety flag open, needs the counselor's reason (audited). Sharing
is turned on only while nobody has submitted: answers written for the counselor alone are
never shown to the other partner afterwards. Turning it off is always possible.
"""

from __future__ import annotations

from ..audit.record import audit
from ..audit.who import Who
from .models import Assignment, ResponseStatus
from .safety import joint_work_needs_reason, why_confirm
from .services import (
    PRIVATE_NEVER_SHARED,
    REASON_MAX,
    AssignmentError,
    PrivateWorksheet,
    ReasonNeeded,
)

ALREADY_ANSWERED = (
    "Sharing can only be turned on before either partner submits: {who} answered believing "
    "only you would read it. Assign the worksheet again with sharing on instead."
)


def can_turn_sharing_on(assignment: Assignment) -> bool:
    return (
        not assignment.private
        and assignment.recipients == "each"
        and not assignment.is_cancelled
        and not _answered(assignment)
    )


def set_sharing(assignment: Assignment, share: bool, *, reason: str = "", who: Who) -> None:
    if share == assignment.share_when_both_submitted:
        return
    couple_id = assignment.couple_id
    if not share:
        assignment.share_when_both_submitted = False
        audit("assignment-sharing-off", who=who, obj=assignment, couple_id=couple_id)
        return
    if assignment.private:
        raise PrivateWorksheet(PRIVATE_NEVER_SHARED)
    if assignment.recipients != "each":
        raise AssignmentError("Only a worksheet each partner answers separately can be shared.")
    if answered := _answered(assignment):
        raise AssignmentError(ALREADY_ANSWERED.format(who=" and ".join(answered)))
    reason = " ".join(reason.split())[:REASON_MAX]
    if joint_work_needs_reason(assignment.couple) and not reason:
        raise ReasonNeeded(
            f"{why_confirm(assignment.couple)} Say why sharing is right for this couple now."
        )
    assignment.share_when_both_submitted = True
    audit("assignment-sharing-on", who=who, obj=assignment, couple_id=couple_id)
    if reason:
        audit(
            "joint-work-confirm",
            who=who,
            obj=assignment,
            couple_id=couple_id,
            detail=f"sharing {assignment.slug}: {assignment.couple.safety_status}: {reason}",
        )


def _answered(assignment: Assignment) -> list[str]:
    return [
        response.client.display_name if response.client else "a partner"
        for response in assignment.responses
        if response.status in (ResponseStatus.SUBMITTED, ResponseStatus.REVIEWED)
    ]
