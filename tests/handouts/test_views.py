"""GET /handouts/worksheets/<slug>.pdf: counselors only, safe headers, cached, never a 500."""

from __future__ import annotations

import pytest

from practice.handouts.documents import blank_cache
from practice.models import Role

from .pdfs import reader

URL = "/handouts/worksheets/trust-rebuilding-plan.pdf"


def test_a_counselor_downloads_the_blank_handout(signed_in):
    response = signed_in.get(URL)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename=trust-rebuilding-plan-20" in disposition
    assert disposition.endswith('.pdf"') or disposition.endswith(".pdf")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert reader(response.data).get_fields() is None


def test_fillable_and_page_size_come_from_the_query(signed_in):
    response = signed_in.get(URL, query_string={"fillable": "1", "size": "a4"})
    assert response.status_code == 200
    assert "-fillable.pdf" in response.headers["Content-Disposition"]
    pdf = reader(response.data)
    assert {"steps-1", "steps-2"} <= set(pdf.get_fields())  # a box for each partner
    assert round(pdf.pages[0].mediabox.width) == 595


def test_an_unknown_page_size_is_a_bad_request(signed_in):
    assert signed_in.get(URL, query_string={"size": "tabloid"}).status_code == 400


def test_an_unknown_worksheet_is_not_found(signed_in):
    assert signed_in.get("/handouts/worksheets/no-such-sheet.pdf").status_code == 404


def test_signed_out_goes_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/auth/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.CLIENT, Role.ADMIN])
def test_other_roles_are_told_nothing_is_there(auth, make_user, role):
    user = make_user(role)
    assert auth.sign_in(user).status_code == 302
    response = auth.client.get(URL)
    assert response.status_code == 404
    assert not response.data.startswith(b"%PDF")


def test_a_repeat_download_comes_from_the_cache(signed_in):
    first = signed_in.get(URL, query_string={"size": "letter"})
    before = blank_cache.info()
    second = signed_in.get(URL, query_string={"size": "letter"})
    after = blank_cache.info()
    assert second.data == first.data
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)
    assert after.size <= after.limit


def test_a_render_that_takes_too_long_gets_a_clear_page_not_a_500(app, signed_in, caplog):
    app.config["PDF_RENDER_TIMEOUT"] = 1e-6  # any render is too slow
    app.config["PRACTICE_NAME"] = "A Practice Never Cached"
    response = signed_in.get(URL, query_string={"size": "a4"})
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert b"make this PDF just now" in response.data
    assert b"try again" in response.data
    assert "PDF failed" in caplog.text
