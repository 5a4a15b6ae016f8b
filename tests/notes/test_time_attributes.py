"""Every `<time datetime>` a counselor's page shows is a valid HTML date-time: to the second,
never with microseconds (the Nu HTML checker rejects those, once per date on the page)."""

from __future__ import annotations

import re
from datetime import timedelta

from practice.db_types import utcnow

from .records import add_checkin, add_session

# HTML's global date-and-time string, as we write it: seconds, and a zone offset or Z.
VALID = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)")


def test_dates_in_datetime_attributes_are_to_the_second(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    now = utcnow().replace(microsecond=123456)  # as a clock gives it
    add_session(app, couple, starts_at=now + timedelta(minutes=5), status="scheduled")
    add_session(app, couple, starts_at=now + timedelta(days=2), status="scheduled")
    add_session(app, couple, starts_at=now - timedelta(days=1))
    add_checkin(app, couple.partners[0].id, 7)
    signed_in.post(f"/cases/{couple.id}/edit", data={})  # anything audited shows as activity
    pages = ["/dashboard", "/sessions/", f"/cases/{couple.id}", f"/cases/{couple.id}/timeline"]
    seen = []
    for url in pages:
        body = signed_in.get(url).get_data(as_text=True)
        seen += re.findall(r'<time[^>]*\bdatetime="([^"]*)"', body)
    assert len(seen) >= 6
    assert [value for value in seen if not VALID.fullmatch(value)] == []
