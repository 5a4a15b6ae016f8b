"""Every export: an attachment with a safe name, never stored, audited (failures too), and a
clear page rather than a 500 when the PDF can't be made."""

from __future__ import annotations

import re

import pytest

from practice.assignments.models import Assignment
from practice.extensions import db

from ..notes.records import add_note, add_session
from .cases import audit_rows, response_ids, set_answers, signed_in_as
from .pdfs import reader, text_of

SAFE_NAME = re.compile(r'^attachment; filename="?([a-z0-9-]+-\d{4}-\d{2}-\d{2}\.pdf)"?$')


@pytest.fixture
def exports(app, counselor, make_couple, make_assignment, make_client_account):
    """The URL, audit action, audited object and file-name start of each export."""
    couple = make_couple(counselor, names=('Jo "../x" Ellis', "Sam\r\nWhitaker"))
    assignment = make_assignment(couple, "preparing-for-counseling")
    jordan, _ = response_ids(assignment)
    set_answers(app, jordan, {"why_now": "Because."}, "submitted")
    add_note(app, add_session(app, couple), signed=True)
    client = signed_in_as(app, make_client_account(couple, 1))
    return couple, assignment, jordan, client


def cases(couple, assignment, jordan):
    return [
        (
            f"/handouts/assignments/{assignment.id}.pdf",
            "pdf-assignment",
            ("Assignment", assignment.id),
            "preparing-for-counseling-20",
        ),
        (
            f"/handouts/assignments/{assignment.id}/answers.pdf",
            "pdf-answers",
            ("Assignment", assignment.id),
            "preparing-for-counseling-answers-20",
        ),
        (
            f"/handouts/cases/{couple.id}/packet.pdf",
            "pdf-packet",
            ("Couple", couple.id),
            f"case-{couple.id}-homework-packet-20",
        ),
        (
            f"/handouts/cases/{couple.id}/record.pdf",
            "pdf-record",
            ("Couple", couple.id),
            f"case-{couple.id}-record-20",
        ),
    ]


def check_download(response, name_start: str) -> None:
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    match = SAFE_NAME.match(response.headers["Content-Disposition"])
    assert match, response.headers["Content-Disposition"]
    assert match.group(1).startswith(name_start)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert reader(response.data).pages


def test_counselor_exports_are_safe_downloads_and_audited(app, signed_in, counselor, exports):
    couple, assignment, jordan, _ = exports
    for url, action, (kind, object_id), name_start in cases(couple, assignment, jordan):
        check_download(signed_in.get(url), name_start)
        (row,) = audit_rows(app, action)
        assert (row.object_type, row.object_id, row.couple_id) == (kind, object_id, couple.id)
        assert row.actor_id == counselor.id and row.outcome == "success"
        assert row.ip_address == "127.0.0.1" and row.detail is None


def test_a_partners_download_is_safe_and_audited(app, exports):
    couple, _, jordan, client = exports
    check_download(
        client.get(f"/portal/responses/{jordan}.pdf"), "preparing-for-counseling-my-answers-20"
    )
    (row,) = audit_rows(app, "pdf-my-answers")
    assert (row.object_type, row.object_id, row.couple_id) == ("Response", jordan, couple.id)
    assert row.outcome == "success"


def test_refusals_export_and_audit_nothing(app, make_user, exports):
    couple, assignment, jordan, _ = exports
    intruder = signed_in_as(app, make_user())
    for url, action, _, _ in cases(couple, assignment, jordan):
        assert intruder.get(url).status_code == 404
        assert audit_rows(app, action) == []


def test_a_failed_render_gets_a_clear_page_and_is_audited(app, signed_in, exports):
    couple, assignment, jordan, client = exports
    app.config["PDF_RENDER_TIMEOUT"] = 1e-6  # every render is too slow
    for url, action, _, _ in cases(couple, assignment, jordan):
        response = signed_in.get(url)
        assert response.status_code == 503, url
        assert response.mimetype == "text/html"
        assert b"make this PDF just now" in response.data
        assert [row.outcome for row in audit_rows(app, action)] == ["failed"]
    response = client.get(f"/portal/responses/{jordan}.pdf")
    assert response.status_code == 503
    assert [row.outcome for row in audit_rows(app, "pdf-my-answers")] == ["failed"]


def test_page_size_follows_the_query_or_the_setting(app, signed_in, exports):
    couple = exports[0]
    url = f"/handouts/cases/{couple.id}/record.pdf"
    assert (
        round(reader(signed_in.get(url, query_string={"size": "a4"}).data).pages[0].mediabox.width)
        == 595
    )
    app.config["PDF_PAGE_SIZE"] = "a4"
    assert round(reader(signed_in.get(url).data).pages[0].mediabox.width) == 595
    assert signed_in.get(url, query_string={"size": "tabloid"}).status_code == 400


def test_nothing_is_cached_a_second_download_shows_the_change(app, signed_in, exports):
    _, assignment, _, _ = exports
    url = f"/handouts/assignments/{assignment.id}.pdf"
    assert b"%PDF" in signed_in.get(url).data
    with app.app_context():
        db.session.get(Assignment, assignment.id).instructions = "A changed note."
        db.session.commit()
    assert "A changed note." in text_of(signed_in.get(url).data)


def test_the_assignment_page_links_its_pdfs(signed_in, exports):
    _, assignment, _, _ = exports
    page = signed_in.get(f"/assignments/{assignment.id}").data
    assert f"/handouts/assignments/{assignment.id}.pdf".encode() in page
    assert f"/handouts/assignments/{assignment.id}/answers.pdf".encode() in page
