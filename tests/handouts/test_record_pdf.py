"""The case record for a records request: summary, sessions, signed notes only, check-ins."""

from __future__ import annotations

from datetime import UTC, datetime

from markupsafe import Markup

from practice.audit.who import system
from practice.checkins.chart import Point, Series, trust_chart_svg
from practice.checkins.measure import trust_measure
from practice.checkins.services import record_checkin
from practice.extensions import db
from practice.models import Client, User

from ..notes.records import add_addendum, add_checkin, add_note, add_session
from .cases import signed_in_as
from .pdfs import reader, text_of

# The actor of the rows these tests write without a request.
TESTS = system("tests")

SIGNED = {"subjective": "Signed words: they laughed twice.", "plan": "Signed plan: weekly walks."}
DRAFT = {"subjective": "Draft words that are not in the record yet."}


def record_url(couple) -> str:
    return f"/handouts/cases/{couple.id}/record.pdf"


def build_record(app, couple):
    first = add_session(app, couple, starts_at=datetime(2026, 3, 2, 15, 0, tzinfo=UTC))
    signed = add_note(app, first, sections=SIGNED, signed=True)
    add_addendum(app, signed)
    second = add_session(app, couple, starts_at=datetime(2026, 3, 9, 15, 0, tzinfo=UTC))
    add_note(app, second, sections=DRAFT)
    add_session(app, couple, starts_at=datetime(2026, 3, 16, 15, 0, tzinfo=UTC), status="scheduled")
    jordan, sam = couple.partners
    add_checkin(app, jordan.id, 8, days_ago=14)
    add_checkin(app, jordan.id, 4, days_ago=7)
    add_checkin(app, sam.id, 6, days_ago=7)


def test_the_record_holds_the_case_signed_notes_addenda_and_check_ins(
    app, signed_in, counselor, make_couple
):
    couple = make_couple(
        counselor, names=("Jordan Ellis", "Sam Whitaker"), screening="not-screened"
    )
    build_record(app, couple)
    response = signed_in.get(record_url(couple))
    assert response.status_code == 200
    text = text_of(response.data)
    # The case summary.
    for said in (
        "Jordan Ellis",
        "Sam Whitaker",
        "Trust broke after a hidden debt.",
        "Rebuild openness.",
        "Infidelity or deception",
        "Not yet screened",
        "jordan.ellis@example.org",
        "Active; started Jan 5, 2026",
    ):
        assert said in text, said
    # Sessions: all three, the draft's marked as left out.
    assert text.count("Joint") >= 3
    assert "Draft (not in this record)" in text and "Scheduled" in text
    # The signed note with its sections, signature and addendum (reason, text, signer).
    for said in (
        *SIGNED.values(),
        "Signed by Maya Okafor on",
        "Reason: Correction",
        "The date was Tuesday.",
        "Written and signed by Maya Okafor on",
    ):
        assert said in text, said
    # Not the draft, and the cover says one was left out.
    assert DRAFT["subjective"] not in text
    assert "1 unsigned draft note was left out" in text
    # The check-ins: the chart and its data, with the steep drop marked in words.
    assert "Mean score (0\u201310)" in text and "Date answered" in text
    assert "-4 ▼ drop" in text
    assert "Page 1 of" in text and "Confidential clinical record" in text


def test_the_chart_table_shows_each_mean_as_recorded(app, signed_in, counselor, make_couple):
    couple = make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))
    ids = trust_measure().item_ids
    scores = dict.fromkeys(ids, 7) | {ids[0]: 10}
    counted = trust_measure().mean_item_ids  # self-rated items are left out of the mean
    mean = round((10 + 7 * (len(counted) - 1)) / len(counted), 1)  # not a whole number
    with app.app_context():
        client = db.session.get(Client, couple.partners[0].id)
        record_checkin(
            client, scores, entered_by_user=db.session.get(User, counselor.id), who=TESTS
        )
        db.session.commit()
    text = text_of(signed_in.get(record_url(couple)).data)
    assert f"Jordan {mean:g} first" in text


def test_a_record_with_nothing_yet_still_prints(signed_in, counselor, make_couple):
    couple = make_couple(counselor)
    response = signed_in.get(record_url(couple))
    text = text_of(response.data)
    assert "No sessions recorded." in text and "No signed notes." in text
    assert "No check-ins recorded." in text
    assert "there were no unsigned drafts to leave out" in text
    assert len(reader(response.data).pages) >= 2


def test_the_record_is_for_the_counselor_only(
    app, counselor, make_user, make_couple, make_client_account
):
    couple = make_couple(counselor)
    build_record(app, couple)
    for user in (make_client_account(couple, 1), make_user("admin"), make_user()):
        browser = signed_in_as(app, user)
        response = browser.get(record_url(couple))
        assert response.status_code == 404
        assert SIGNED["subjective"].encode() not in response.data


def test_the_chart_escapes_names_before_they_reach_the_pdf():
    hostile = '<link rel="attachment" href="file:///etc/passwd">'
    svg = trust_chart_svg([Series(hostile, (Point(datetime(2026, 3, 2, tzinfo=UTC), 5.0),))])
    assert isinstance(svg, Markup)
    assert "<link" not in svg and "&lt;link rel=&#34;attachment&#34;" in svg
