"""The isolation matrix (SECURITY.md 8): every route that takes an id, asked by someone
who does not own the object, answers 404, shows no clinical text and changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from practice.extensions import db
from practice.models import AuditEvent, OutboxMessage

from .conftest import Auth
from .homework.records import SECRET_ANSWER, owned_homework
from .notes.records import owned_records

SECRET_CONCERN = "Confidential: the hidden second phone"


@pytest.fixture
def world(app, make_user, make_couple, make_client_account):
    """Counselor A owns a case; counselor B and an admin do not."""
    owner = make_user(name="Owner Counselor")
    intruder = make_user(name="Other Counselor")
    admin = make_user("admin")
    couple = make_couple(owner, names=("Jordan Ellis", "Sam Whitaker"), concerns=SECRET_CONCERN)
    world = {"owner": owner, "intruder": intruder, "admin": admin, "couple": couple}
    world.update(owned_records(app, owner, couple))  # sessions, notes, check-ins
    world.update(owned_homework(app, couple))  # assignments, responses, flags, partners
    # The other partner of the same couple, and a client of another counselor's couple.
    world["partner"] = make_client_account(couple, 2)
    elsewhere = make_couple(intruder, names=("Robin Vale", "Casey Marsh"))
    world["stranger_client"] = make_client_account(elsewhere, 1)
    with app.app_context():  # the owner's notice of the flags above, in the outbox
        world["message_id"] = db.session.scalar(select(OutboxMessage.id).limit(1))
    assert world["message_id"]
    world["job_id"] = made_pdf_job(app, owner, couple)
    return world


def made_pdf_job(app, owner, couple) -> str:
    """The owner's case record, made and waiting to be downloaded (practice/jobs.py)."""
    from datetime import timedelta

    from practice.db_types import utcnow
    from practice.job_store import FINISHED, DatabaseStore, JobState

    args = {"couple_id": couple.id, "filename": "case-record.pdf", "retry": "/"}
    job = JobState("owners-job-0123456789", "record", owner.id, FINISHED, args, utcnow())
    with app.app_context():
        store = DatabaseStore(timedelta(minutes=10))
        store.create(job)
        store.update(job.id, status=FINISHED, result=b"%PDF-1.7 the record")
    return job.id


def id_values(world) -> dict[str, int]:
    """A's object for every id a route can take. A new id must be added here."""
    return {
        "couple_id": world["couple"].id,
        "user_id": world["owner"].id,
        "session_id": world["session_id"],
        "request_id": world["request_id"],
        "checkin_id": world["checkin_id"],
        "flag_id": world["flag_id"],
        "assignment_id": world["assignment_id"],
        "response_id": world["response_id"],
        "answer_flag_id": world["answer_flag_id"],
        "client_id": world["client_id"],
        "message_id": world["message_id"],
        "token": "not-a-real-invitation",
        "slug": "preparing-for-counseling",
        "job_id": world["job_id"],
    }


# Routes whose argument is not an object someone owns: the shared worksheet library, and
# the invitation page, which answers every unknown token the same way.
NOT_OWNED = {"library.preview", "handouts.blank", "portal.accept_invitation"}
# The "Preparing your PDF" page and its status say only whether a PDF is ready, nothing of
# the case (its download is audited).
SHOWS_NO_RECORD = {"handouts.pdf_job", "handouts.pdf_job_status"}
# A check-in request is addressed to both partners: the other partner may answer it too; a
# joint session is both partners' own, to put in their calendars.
FOR_BOTH_PARTNERS = {"checkins.answer", "calendar.portal_session_ics"}


def routes_with_ids(app):
    for rule in app.url_map.iter_rules():
        if rule.arguments and rule.endpoint != "static":
            yield rule


def database_fingerprint(app) -> list:
    """Every table's rows, less the audit trail and its head (refusals are audited on purpose).

    Also less `pdf_jobs`: asking for a long PDF queues a job there, and downloading it deletes
    the PDF; the table holds transient downloads, not records.
    """
    with app.app_context():
        rows = []
        for table in db.metadata.sorted_tables:
            if table.name in ("audit_events", "audit_chain_head", "user_sessions", "pdf_jobs"):
                continue
            rows.append(sorted(map(tuple, db.session.execute(select(table)).all()), key=repr))
        return rows


@pytest.mark.parametrize("who", ["intruder", "admin", "partner", "stranger_client"])
def test_no_route_reaches_another_counselors_objects(app, world, who):
    browser = Auth(app.test_client())
    assert browser.sign_in(world[who]).status_code == 302, who
    values = id_values(world)
    before = database_fingerprint(app)
    checked = 0
    for rule in routes_with_ids(app):
        missing = rule.arguments - values.keys()
        assert not missing, f"{rule.rule}: add {missing} to the isolation matrix"
        if rule.endpoint in NOT_OWNED:
            continue
        url = rule.build({name: values[name] for name in rule.arguments})[1]
        if who == "admin" and rule.endpoint.startswith("admin."):
            continue  # managing accounts is what admins are for
        if who == "partner" and rule.endpoint in FOR_BOTH_PARTNERS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = browser.client.open(url, method=method, data={"status": "closed"})
            assert response.status_code == 404, f"{method} {url} gave {response.status_code}"
            body = response.get_data(as_text=True)
            assert SECRET_CONCERN not in body and "Jordan" not in body, url
            assert SECRET_ANSWER not in body, url
            checked += 1
    assert checked >= 4
    assert database_fingerprint(app) == before


def test_owner_reaches_the_same_routes(app, world):
    browser = Auth(app.test_client())
    browser.sign_in(world["owner"])
    response = browser.client.get(f"/cases/{world['couple'].id}")
    assert response.status_code == 200
    assert SECRET_CONCERN.encode() in response.data


def test_unknown_ids_are_404_not_500(signed_in):
    for url in ("/cases/999999", "/cases/999999/edit"):
        assert signed_in.get(url).status_code == 404
    assert signed_in.post("/cases/999999/status", data={"status": "closed"}).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(app, world):
    anonymous = app.test_client()
    response = anonymous.get(f"/cases/{world['couple'].id}")
    assert response.status_code == 302 and "/auth/sign-in" in response.location


def test_case_views_are_audited_with_who_and_where(app, world):
    browser = Auth(app.test_client())
    browser.sign_in(world["owner"])
    browser.client.get(f"/cases/{world['couple'].id}")
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="case-view"))
        assert event.actor_id == world["owner"].id
        assert event.couple_id == world["couple"].id
        assert event.object_type == "Couple" and event.object_id == world["couple"].id
        assert event.ip_address == "127.0.0.1" and event.at.tzinfo is not None
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) >= 2


def _audit_rows(app) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        db.session.expunge_all()
        return rows


@pytest.mark.parametrize("who, area, at_least", [("owner", "/", 15), ("partner", "/portal/", 1)])
def test_every_view_of_a_case_record_is_audited_without_its_text(app, world, who, area, at_least):
    """SECURITY.md 18: each page, PDF and export of one's records (the counselor's, or a
    partner's in the portal) writes an audit row naming the case; no row holds the text."""
    browser = Auth(app.test_client())
    browser.sign_in(world[who])
    values = id_values(world)
    records_before = database_fingerprint(app)
    opened = 0
    for rule in routes_with_ids(app):
        if "GET" not in rule.methods or rule.rule.startswith("/admin/"):
            continue
        if rule.rule.startswith("/portal/") != (area == "/portal/"):
            continue
        if rule.endpoint in NOT_OWNED | SHOWS_NO_RECORD:
            continue
        url = rule.build({name: values[name] for name in rule.arguments})[1]
        before = len(_audit_rows(app))
        response = browser.client.get(url)
        if response.status_code != 200:
            continue  # a redirect (a form for a closed case, say) shows nothing
        new = _audit_rows(app)[before:]
        assert any(row.couple_id == world["couple"].id for row in new), f"{url} not audited"
        opened += 1
    assert opened >= at_least
    # SECURITY.md 15: reading changes nothing but the audit trail.
    assert database_fingerprint(app) == records_before
    for row in _audit_rows(app):
        text = " ".join(str(value) for value in vars(row).values())
        assert SECRET_CONCERN not in text and SECRET_ANSWER not in text, row.action
        assert "Jordan" not in text and "Whitaker" not in text, row.action


def test_a_partner_never_sees_counselor_only_text(app, world, make_client_account):
    """SECURITY.md 9: the worksheet's notes for counselors and the session notes stay out of
    the portal, on every page a partner can open."""
    from practice.library.loader import get_library

    with app.app_context():
        notes_for_counselors = get_library().get("emotional-strain-and-safety-check-in")
        hidden = notes_for_counselors.counselor_notes.strip().splitlines()[0]
    partner = Auth(app.test_client())
    partner.sign_in(make_client_account(world["couple"], 1))
    pages = ["/portal/", f"/portal/responses/{world['response_id']}", "/portal/check-ins/"]
    for url in pages:
        page = partner.client.get(url)
        assert page.status_code == 200, url
        text = page.get_data(as_text=True)
        assert hidden not in text, url
        assert "They said the week was calm." not in text and SECRET_CONCERN not in text, url
