"""Check-ins: entered in session, requested, answered in the portal, kept private."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from practice.audit.who import system
from practice.checkins.services import pending_checkins_for
from practice.db_types import utcnow
from practice.extensions import db
from practice.models import AuditEvent, CheckIn, CheckInRequest, Client

from ..conftest import Auth
from ..notes.records import add_checkin, add_request, give_portal_account, scores

# The actor of the rows these tests write without a request.
TESTS = system("tests")

ITEMS = ("trust", "safety", "match", "hope", "respect", "openness")


def answers(**overrides) -> dict:
    form = {item: "7" for item in ITEMS}
    form.update(overrides)
    return form


def checkin_rows(app) -> list[tuple]:
    with app.app_context():
        return sorted(map(tuple, db.session.execute(select(CheckIn.__table__)).all()))


def pending_ids(app, client_id) -> list[int]:
    with app.app_context():
        return [r.id for r in pending_checkins_for(db.session.get(Client, client_id))]


def test_the_counselor_enters_a_check_in_for_a_named_partner(
    app, signed_in, make_couple, counselor
):
    couple = make_couple(counselor)
    partner = couple.partners[1]
    form_page = signed_in.get(f"/cases/{couple.id}/check-ins/new")
    assert b"How much do you trust your partner this week?" in form_page.data
    data = answers(partner=str(partner.id), trust="2", openness="10")
    response = signed_in.post(f"/cases/{couple.id}/check-ins/new", data=data)
    assert response.status_code == 302
    with app.app_context():
        checkin = db.session.scalar(select(CheckIn))
        assert checkin.client_id == partner.id and checkin.couple_id == couple.id
        assert checkin.scores == {**dict.fromkeys(ITEMS, 7), "trust": 2, "openness": 10}
        # The mean leaves out the self-rated item (openness): (2 + 4 * 7) / 5.
        assert checkin.total == 40 and checkin.item_count == 6 and checkin.mean == 6.0
        assert checkin.entered_by == "counselor" and checkin.request_id is None
        event = db.session.scalar(select(AuditEvent).filter_by(action="checkin-enter"))
        assert event.object_id == checkin.id and event.detail == "entered_by=counselor"
        assert event.actor_id == counselor.id


@pytest.mark.parametrize(
    "change, message",
    [
        ({"trust": ""}, b"Choose a number from 0 to 10."),
        ({"trust": "11"}, b"Choose a number from 0 to 10."),
        ({"hope": "-1"}, b"Choose a number from 0 to 10."),
        ({"safety": "lots"}, b"Choose a number from 0 to 10."),
        ({"partner": ""}, b"Choose the partner who is answering."),
        ({"partner": "999"}, b"Not a valid choice"),
    ],
)
def test_bad_scores_are_explained_and_nothing_is_saved(
    app, signed_in, make_couple, counselor, change, message
):
    couple = make_couple(counselor)
    data = {**answers(partner=str(couple.partners[0].id)), **change}
    response = signed_in.post(f"/cases/{couple.id}/check-ins/new", data=data)
    assert response.status_code == 422 and message in response.data
    assert checkin_rows(app) == []


def test_requests_once_or_every_n_days(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    for days in ("0", "91", ""):
        refused = signed_in.post(
            f"/cases/{couple.id}/check-ins/request", data={"repeat": "every", "every_days": days}
        )
        assert b"Enter a number of days from 1 to 90." in refused.data
    with app.app_context():
        assert db.session.scalar(select(CheckInRequest)) is None
    signed_in.post(f"/cases/{couple.id}/check-ins/request", data={"repeat": "once"})
    response = signed_in.post(
        f"/cases/{couple.id}/check-ins/request", data={"repeat": "every", "every_days": "7"}
    )
    assert b"every week" in signed_in.get(response.location).data
    with app.app_context():
        first, second = db.session.scalars(select(CheckInRequest).order_by(CheckInRequest.id))
        assert first.every_days is None and first.ended_at is not None  # replaced
        assert second.every_days == 7 and second.ended_at is None
    signed_in.post(f"/check-in-requests/{second.id}/stop")
    with app.app_context():
        assert db.session.get(CheckInRequest, second.id).ended_at is not None


def test_pending_once_requests_until_answered(app, make_couple, counselor):
    couple = make_couple(counselor)
    first, second = (p.id for p in couple.partners)
    add_request(app, couple, every_days=None, days_ago=3)
    assert len(pending_ids(app, first)) == 1 and len(pending_ids(app, second)) == 1
    add_checkin(app, first, 6)
    assert pending_ids(app, first) == [] and len(pending_ids(app, second)) == 1


def test_pending_recurring_requests_once_the_last_answer_is_n_days_old(app, make_couple, counselor):
    couple = make_couple(counselor)
    first = couple.partners[0].id
    add_request(app, couple, every_days=7, days_ago=30)
    add_checkin(app, first, 6, days_ago=6)
    assert pending_ids(app, first) == []
    with app.app_context():
        checkin = db.session.scalar(select(CheckIn))
        checkin.answered_at = utcnow() - timedelta(days=7, minutes=1)
        db.session.commit()
    assert len(pending_ids(app, first)) == 1


def march(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=ZoneInfo("America/New_York"))


def test_a_weekly_check_in_opens_on_its_day_whatever_the_hour(
    app, make_user, make_couple, counselor
):
    couple = make_couple(counselor)
    first = couple.partners[0].id
    user = give_portal_account(app, make_user, couple, 1)
    with time_machine.travel(march(1, 9), tick=False):
        request_id = add_request(app, couple, every_days=7)
    with time_machine.travel(march(2, 20), tick=False):  # a Monday evening
        add_checkin(app, first, 6, request_id=request_id)
    next_one = "The next one opens on Monday, March 9, 2026."
    with time_machine.travel(march(8, 23, 30), tick=False):
        assert pending_ids(app, first) == []
        partner = Auth(app.test_client())
        partner.sign_in(user)
        listed = partner.client.get("/portal/check-ins/").get_data(as_text=True)
        early = partner.client.get(f"/portal/check-ins/{request_id}", follow_redirects=True)
    assert next_one in listed
    assert next_one in early.get_data(as_text=True)
    # Clocks sprang forward on the 8th: counted in hours, the week would end at 21:00.
    with time_machine.travel(march(9, 8), tick=False):
        assert pending_ids(app, first) == [request_id]


def test_answers_from_before_the_request_do_not_count(app, make_couple, counselor):
    couple = make_couple(counselor)
    first = couple.partners[0].id
    add_checkin(app, first, 6, days_ago=10)
    add_request(app, couple, every_days=None, days_ago=2)
    assert len(pending_ids(app, first)) == 1


def test_a_partner_answers_in_the_portal(app, make_user, make_couple, counselor):
    couple = make_couple(counselor)
    user = give_portal_account(app, make_user, couple, 1)
    request_id = add_request(app, couple, every_days=7)
    browser = Auth(app.test_client())
    assert browser.sign_in(user).status_code == 302
    index = browser.client.get("/portal/check-ins/")
    assert f"/portal/check-ins/{request_id}".encode() in index.data
    form = browser.client.get(f"/portal/check-ins/{request_id}")
    assert b"Only you and Maya Okafor see your answers." in form.data
    incomplete = browser.client.post(f"/portal/check-ins/{request_id}", data=answers(hope=""))
    assert b"Choose a number from 0 to 10." in incomplete.data and checkin_rows(app) == []
    done = browser.client.post(f"/portal/check-ins/{request_id}", data=answers())
    assert done.status_code == 302
    with app.app_context():
        checkin = db.session.scalar(select(CheckIn))
        assert checkin.entered_by == "client" and checkin.request_id == request_id
        assert checkin.client_id == couple.partners[0].id and checkin.entered_by_user_id == user.id
    again = browser.client.get(f"/portal/check-ins/{request_id}")
    assert again.status_code == 302  # answered: nothing to do until next week
    assert browser.client.post(f"/portal/check-ins/{request_id}", data=answers()).status_code == 302
    assert len(checkin_rows(app)) == 1


def test_a_partner_never_sees_the_other_partners_check_ins(app, make_user, make_couple, counselor):
    couple = make_couple(counselor)
    user = give_portal_account(app, make_user, couple, 1)
    own = add_checkin(app, couple.partners[0].id, 8)
    partners = add_checkin(app, couple.partners[1].id, 2)
    browser = Auth(app.test_client())
    browser.sign_in(user)
    assert browser.client.get(f"/portal/check-ins/answers/{own}").status_code == 200
    response = browser.client.get(f"/portal/check-ins/answers/{partners}")
    assert response.status_code == 404
    index = browser.client.get("/portal/check-ins/")
    assert f"answers/{own}".encode() in index.data
    assert f"answers/{partners}".encode() not in index.data
    # Nor the counselor's pages for the couple.
    for url in (f"/check-ins/{partners}", f"/cases/{couple.id}/check-ins"):
        assert browser.client.get(url).status_code == 404


def test_another_couples_request_is_not_reachable(app, make_user, make_couple, counselor):
    couple = make_couple(counselor)
    other = make_couple(counselor, names=("Robin Vale", "Kai Ito"))
    user = give_portal_account(app, make_user, couple, 1)
    foreign = add_request(app, other, every_days=7)
    browser = Auth(app.test_client())
    browser.sign_in(user)
    assert browser.client.get(f"/portal/check-ins/{foreign}").status_code == 404
    assert browser.client.post(f"/portal/check-ins/{foreign}", data=answers()).status_code == 404
    assert checkin_rows(app) == []


def test_scores_are_checked_by_the_service_too(app, make_couple, counselor):
    from practice.checkins.services import record_checkin
    from practice.models import User

    couple = make_couple(counselor)
    with app.app_context():
        client = db.session.get(Client, couple.partners[0].id)
        user = db.session.get(User, counselor.id)
        for bad in ({**scores(5), "trust": 11}, {"trust": 5}, {**scores(5), "trust": True}):
            with pytest.raises(ValueError):
                record_checkin(client, bad, entered_by_user=user, who=TESTS)
