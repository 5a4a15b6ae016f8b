"""A drop of 3 or more in a partner's mean since their previous check-in raises a flag."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from practice.audit.who import system
from practice.auth.models import User
from practice.checkins.measure import trust_measure
from practice.checkins.services import open_checkin_flags, record_checkin
from practice.db_types import utcnow
from practice.extensions import db
from practice.models import AuditEvent, CheckInFlag, Client

from ..notes.records import add_checkin

# The actor of the rows these tests write without a request.
TESTS = system("tests")


def flags(app) -> list[tuple]:
    with app.app_context():
        return [
            (f.client_id, f.checkin_id, f.previous_checkin_id, f.drop)
            for f in db.session.scalars(select(CheckInFlag).order_by(CheckInFlag.id))
        ]


def add_scores(app, client_id, values, days_ago):
    """A check-in with these exact item scores (to test means that are not whole)."""
    with app.app_context():
        client = db.session.get(Client, client_id)
        user = db.session.get(User, client.couple.counselor_id)
        checkin = record_checkin(
            client,
            dict(zip(trust_measure().item_ids, values, strict=True)),
            entered_by_user=user,
            answered_at=utcnow() - timedelta(days=days_ago),
            who=TESTS,
        )
        db.session.commit()
        return checkin.id


def test_a_drop_of_three_on_the_mean_raises_a_flag(app, make_couple, counselor):
    couple = make_couple(counselor)
    first, second = (p.id for p in couple.partners)
    before = add_checkin(app, first, 8, days_ago=14)
    add_checkin(app, second, 4, days_ago=14)  # the other partner's scores don't count
    after = add_checkin(app, first, 5, days_ago=7)
    assert flags(app) == [(first, after, before, 3.0)]
    add_checkin(app, first, 4, days_ago=0)  # compared with 5, not with 8
    assert len(flags(app)) == 1


def test_a_smaller_drop_raises_none(app, make_couple, counselor):
    couple = make_couple(counselor)
    first = couple.partners[0].id
    add_scores(app, first, [8, 8, 8, 8, 8, 8], days_ago=7)  # mean 8
    # Items: trust, safety, match, hope, respect, openness (self-rated: not in the mean).
    add_scores(app, first, [5, 5, 5, 5, 6, 9], days_ago=0)  # mean 5.2: a drop of 2.8
    assert flags(app) == []
    add_scores(app, first, [2, 5, 2, 2, 2, 9], days_ago=0)  # mean 2.6: a drop of 2.6
    assert flags(app) == []


def test_the_flag_reads_on_the_dashboard_and_can_be_acknowledged(
    app, signed_in, make_user, make_couple, counselor
):
    couple = make_couple(counselor)
    first = couple.partners[0].id
    add_checkin(app, first, 9, days_ago=7)
    add_scores(app, first, [2, 5, 2, 2, 2, 2], days_ago=0)  # safe to say: 5, not flagged alone
    other = make_user(name="Other Counselor")
    theirs = make_couple(other, names=("Robin Vale", "Kai Ito"))
    add_checkin(app, theirs.partners[0].id, 9, days_ago=7)
    add_checkin(app, theirs.partners[0].id, 1, days_ago=0)
    with app.app_context():
        mine = open_checkin_flags(db.session.get(User, counselor.id))
        assert [f.couple_id for f in mine] == [couple.id]
        flag_id = mine[0].id
    page = signed_in.get("/sessions/")
    assert b"Check-ins to look at" in page.data
    assert b"Mean fell from 9 to 2.6 (6.4 points)" in page.data and b"Robin" not in page.data
    response = signed_in.post(
        f"/check-in-flags/{flag_id}/acknowledge", data={"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.location == "/sessions/"
    with app.app_context():
        flag = db.session.get(CheckInFlag, flag_id)
        assert flag.acknowledged_at is not None and flag.acknowledged_by_id == counselor.id
        assert open_checkin_flags(db.session.get(User, counselor.id)) == []
        event = db.session.scalar(select(AuditEvent).filter_by(action="checkin-flag-ack"))
        assert event.object_id == flag_id
    assert b"Check-ins to look at" not in signed_in.get("/sessions/").data


def test_feeling_unsafe_to_say_what_you_feel_flags_on_its_own(
    app, signed_in, make_couple, counselor
):
    couple = make_couple(counselor)
    first = couple.partners[0].id
    add_scores(app, first, [9, 3, 9, 9, 9, 9], days_ago=0)  # a good mean, a low "safe to say"
    with app.app_context():
        (flag,) = db.session.scalars(select(CheckInFlag)).all()
        assert flag.item == "safety" and flag.previous_checkin_id is None
    page = signed_in.get("/dashboard").get_data(as_text=True)
    assert "How safe do you feel saying what you feel?&rdquo; with 3 of 10" in page
    add_scores(app, first, [9, 4, 9, 9, 9, 9], days_ago=0)
    assert len(flags(app)) == 1


def test_self_rated_items_are_marked_and_left_out_of_the_mean(
    app, signed_in, make_couple, counselor
):
    couple = make_couple(counselor)
    checkin_id = add_scores(app, couple.partners[0].id, [6, 6, 6, 6, 6, 0], days_ago=0)
    with app.app_context():
        from practice.models import CheckIn

        assert db.session.get(CheckIn, checkin_id).mean == 6.0
    page = signed_in.get(f"/check-ins/{checkin_id}").get_data(as_text=True)
    assert "(self-rated: not in the mean)" in page and "Mean of trust in the partner" in page


def test_the_chart_shows_each_item_and_says_what_it_is(app, signed_in, make_couple, counselor):
    couple = make_couple(counselor)
    add_scores(app, couple.partners[0].id, [6, 4, 6, 6, 6, 6], days_ago=3)
    page = signed_in.get(f"/cases/{couple.id}/check-ins").get_data(as_text=True)
    assert "not a validated test" in page and "self-rated items left out" in page
    one = signed_in.get(f"/cases/{couple.id}/check-ins?item=safety").get_data(as_text=True)
    assert '<strong aria-current="true">How safe do you feel saying what you feel?</strong>' in one
    assert "<td>4</td>" in one
