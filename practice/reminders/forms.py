from __future__ import annotations

from wtforms import BooleanField

from ..web_form import WebForm


class NotificationSettingsForm(WebForm):
    both_submitted = BooleanField("Both partners submitted a worksheet")
    flagged_answer = BooleanField(
        "A flagged answer arrived",
        description="Sent at once. A safety flag is always sent, whatever is chosen here.",
    )
    checkin_drop = BooleanField("A check-in dropped steeply or scored low")
    daily_digest = BooleanField(
        "One summary a day instead of single emails",
        description="Flagged answers still come at once.",
    )
