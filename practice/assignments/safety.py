"""When joint work needs the counselor to confirm with a reason.

A case's safety status is `Couple.safety_status`: the screening the counselor recorded, or
"concerns open" while any safety flag waits to be acknowledged.
"""

from __future__ import annotations

from ..couples.models import CONCERNS_OPEN, SAFETY_STATUS, Couple

NOT_SCREENED = "not-screened"
# Joint work (a together worksheet, or sharing answers) waits for a reason on these.
NEEDS_A_REASON = (NOT_SCREENED, CONCERNS_OPEN, "not-suitable-for-joint")


def joint_work_needs_reason(couple: Couple) -> bool:
    return couple.safety_status in NEEDS_A_REASON


def why_confirm(couple: Couple) -> str:
    status = couple.safety_status
    if status == CONCERNS_OPEN:
        return "A safety flag on this case is still open."
    if status == NOT_SCREENED:
        return "This case has not been screened for safety yet."
    return f"The case's safety screening says: {SAFETY_STATUS[status]}."
