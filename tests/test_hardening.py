"""Audit of refusals and list views, proxies, password-change guessing, closed cases."""

from __future__ import annotations

import logging

from sqlalchemy import select

from practice import create_app
from practice.extensions import db
from practice.models import AnswerFlag, AuditEvent, TherapySession

from .conftest import PASSWORD, Auth, test_settings


def actions(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [
            (e.action, e.outcome)
            for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


def test_a_refused_look_is_audited(app, make_user, make_couple, auth):
    owner, intruder = make_user(), make_user()
    couple = make_couple(owner)
    auth.sign_in(intruder)
    assert auth.client.get(f"/cases/{couple.id}").status_code == 404
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="access-refused"))
        assert (event.actor_id, event.object_type, event.object_id, event.outcome) == (
            intruder.id,
            "Couple",
            couple.id,
            "denied",
        )


def test_lists_of_clients_are_audited(app, signed_in):
    signed_in.get("/cases/")
    signed_in.get("/dashboard")
    assert {("case-list", "success"), ("dashboard-view", "success")} <= set(actions(app))


def test_behind_a_proxy_the_real_client_address_is_recorded(database_url, counselor):
    app = create_app(test_settings(database_url, TRUSTED_PROXIES=1))
    browser = app.test_client()
    browser.post(
        "/auth/sign-in",
        data={"email": counselor.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.7"},
    )
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="sign-in"))
        assert event.ip_address == "203.0.113.7"
        db.session.remove()  # hand the connection back before closing the pool
        db.engine.dispose()


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(app, auth, counselor):
    auth.client.post(
        "/auth/sign-in",
        data={"email": counselor.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.7"},
    )
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="sign-in"))
        assert event.ip_address == "127.0.0.1"


def test_guessing_the_current_password_is_limited(signed_in):
    def guess():
        return signed_in.post(
            "/auth/password",
            data={
                "current_password": "guess",
                "new_password": "a new long phrase",
                "confirm": "a new long phrase",
            },
        )

    for _ in range(10):
        assert guess().status_code == 422
    assert guess().status_code == 429


def test_invitation_links_never_reach_the_log(app, signed_in, counselor, make_couple, caplog):
    caplog.set_level(logging.DEBUG)
    couple = make_couple(counselor)
    page = signed_in.post(f"/partners/{couple.partners[0].id}/invite").get_data(as_text=True)
    assert "/portal/welcome/" in page
    assert "/portal/welcome/" not in caplog.text


def test_closed_cases_take_no_new_sessions_or_check_ins(app, signed_in, counselor, make_couple):
    couple = make_couple(counselor, status="closed")
    for url in (
        f"/cases/{couple.id}/sessions/new",
        f"/cases/{couple.id}/check-ins/new",
        f"/cases/{couple.id}/check-ins/request",
        f"/assignments/new?couple_id={couple.id}",
    ):
        page = signed_in.get(url, follow_redirects=True).get_data(as_text=True)
        assert "is closed" in page, url
    signed_in.post(
        f"/cases/{couple.id}/sessions/new",
        data={
            "day": "2026-03-09",
            "start_time": "09:00",
            "minutes": "50",
            "kind": "joint",
            "attended": "both",
            "modality": "video",
            "status": "scheduled",
        },
    )
    with app.app_context():
        assert db.session.scalar(select(TherapySession)) is None


def test_a_resubmission_does_not_raise_the_same_flag_twice(
    app, counselor, make_couple, make_assignment, make_client_account, signed_in
):
    from .homework.helpers import complete_answers, post_data, worksheet

    slug = "emotional-strain-and-safety-check-in"
    couple = make_couple(counselor)
    mine = make_assignment(couple, slug).responses[0]
    ws = worksheet(app, slug)
    answers = complete_answers(app, slug, 1)
    answers["unsafe_at_home"] = "yes"
    jordan = Auth(app.test_client())
    jordan.sign_in(make_client_account(couple, 1))
    jordan.client.post(
        f"/portal/responses/{mine.id}", data=post_data(ws, answers, version=1, action="submit")
    )
    signed_in.post(f"/responses/{mine.id}/reopen", data={f"reopen{mine.id}-note": "More, please."})
    with app.app_context():
        version = db.session.get(type(mine), mine.id).version
    jordan.client.post(
        f"/portal/responses/{mine.id}",
        data=post_data(ws, answers, version=version, action="submit"),
    )
    with app.app_context():
        assert len(db.session.scalars(select(AnswerFlag)).all()) == 1


def test_forms_that_name_the_partners_are_audited(app, signed_in, counselor, make_couple):
    couple = make_couple(counselor)
    assert signed_in.get(f"/cases/{couple.id}/sessions/new").status_code == 200
    assert signed_in.get(f"/cases/{couple.id}/check-ins/new").status_code == 200
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).filter_by(couple_id=couple.id)).all()
    assert {("session-form-view", "Couple"), ("checkin-form-view", "Couple")} <= {
        (e.action, e.object_type) for e in events
    }


def test_a_clients_own_check_in_list_is_audited(app, counselor, make_couple, make_client_account):
    couple = make_couple(counselor)
    partner = Auth(app.test_client())
    partner.sign_in(make_client_account(couple, 1))
    assert partner.client.get("/portal/check-ins/").status_code == 200
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="checkin-list"))
        assert (event.object_type, event.couple_id) == ("Client", couple.id)


def test_behind_a_proxy_the_address_limit_counts_each_real_client(database_url, make_user):
    app = create_app(
        test_settings(database_url, TRUSTED_PROXIES=1, SIGN_IN_ADDRESS_LIMIT="3 per minute")
    )
    browser = app.test_client()

    def guess(account: str, forwarded: str) -> int:
        data = {"email": account, "password": "wrong password!"}
        headers = {"X-Forwarded-For": forwarded}
        return browser.post("/auth/sign-in", data=data, headers=headers).status_code

    # An attacker spraying accounts; a spoofed first address is the attacker's own text.
    attacker = "198.51.100.9, 203.0.113.5"  # nginx appends the address it saw
    assert [guess(f"a{n}@example.org", attacker) for n in range(4)] == [422, 422, 422, 429]
    # Everyone else behind the same proxy still signs in: the limit is not the proxy's.
    assert guess("someone@example.org", "203.0.113.6") == 422
    with app.app_context():
        limited = db.session.scalar(select(AuditEvent).filter_by(outcome="limited"))
        assert limited.ip_address == "203.0.113.5"
        db.session.remove()
        db.engine.dispose()
