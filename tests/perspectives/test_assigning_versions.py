"""Each partner gets the version of a worksheet written for their side, shown before saving."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from practice.extensions import db
from practice.models import Assignment, Client

from ..conftest import Auth
from ..homework.test_assignments import assign_form

FAMILY = "owning-my-part"  # "Owning My Part" / "My Part in Moving Forward"
BROKE, HURT = "owning-my-part", "my-part-in-moving-forward"


@pytest.fixture
def case(counselor, make_couple):
    return make_couple(counselor, names=("Jordan Ellis", "Sam Whitaker"))


def record_sides(app, case, jordan: str, sam: str) -> None:
    with app.app_context():
        for client in db.session.scalars(select(Client).filter_by(couple_id=case.id)):
            client.side = jordan if client.position == 1 else sam
        db.session.commit()


def assignments(app) -> list[tuple[str, str, str | None]]:
    with app.app_context():
        rows = db.session.scalars(select(Assignment).order_by(Assignment.id)).all()
        return [
            (a.slug, a.recipients, a.for_client.full_name if a.for_client else None) for a in rows
        ]


def selected(page: str, name: str) -> str:
    select_html = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    chosen = re.search(r'<option selected value="([^"]*)"', select_html) or re.search(
        r'<option value="([^"]*)" selected', select_html
    )
    return chosen.group(1) if chosen else ""


def test_the_form_shows_who_gets_which_version_from_the_recorded_sides(app, signed_in, case):
    record_sides(app, case, jordan="hurt", sam="broke-trust")
    page = signed_in.get(f"/assignments/new?couple_id={case.id}&slug={FAMILY}")
    text = page.get_data(as_text=True)
    assert "Which version each partner gets" in text
    assert selected(text, "version_1") == HURT and selected(text, "version_2") == BROKE
    assert "Recorded as the partner who was hurt." in text


def test_assigning_each_partner_gives_each_their_own_version(app, signed_in, case):
    record_sides(app, case, jordan="hurt", sam="broke-trust")
    reply = signed_in.post(
        f"/assignments/new?couple_id={case.id}",
        data=assign_form(worksheet=FAMILY, version_1=HURT, version_2=BROKE, versions_seen=FAMILY),
    )
    assert reply.status_code == 302 and reply.location == f"/cases/{case.id}"
    assert assignments(app) == [
        (HURT, "one", "Jordan Ellis"),
        (BROKE, "one", "Sam Whitaker"),
    ]
    page = signed_in.get(reply.location).get_data(as_text=True)
    assert "Jordan Ellis gets \u201cMy Part in Moving Forward\u201d" in page


def test_each_partner_sees_only_their_own_version_and_never_the_side(
    app, signed_in, case, make_client_account
):
    record_sides(app, case, jordan="hurt", sam="broke-trust")
    signed_in.post(
        f"/assignments/new?couple_id={case.id}",
        data=assign_form(worksheet=FAMILY, version_1=HURT, version_2=BROKE, versions_seen=FAMILY),
    )
    jordan = Auth(app.test_client())
    jordan.sign_in(make_client_account(case, 1))
    home = jordan.client.get("/portal/").get_data(as_text=True)
    assert "My Part in Moving Forward" in home and "Owning My Part" not in home
    assert "broke trust" not in home.lower() and "was hurt" not in home.lower()


def test_with_no_sides_recorded_the_counselor_picks_and_nothing_is_saved_until_then(
    app, signed_in, case
):
    reply = signed_in.post(
        f"/assignments/new?couple_id={case.id}",
        data=assign_form(worksheet=FAMILY, versions_seen=FAMILY),
    )
    assert reply.status_code == 422
    text = reply.get_data(as_text=True)
    assert "Choose which version Jordan Ellis gets." in text
    assert "Choose which version Sam Whitaker gets." in text
    assert "No side recorded for this partner" in text
    assert "Before Thursday, please." in text  # the typed instructions are kept
    assert assignments(app) == []


def test_a_post_that_never_showed_the_versions_asks_to_check_them_first(app, signed_in, case):
    record_sides(app, case, jordan="hurt", sam="broke-trust")
    reply = signed_in.post(
        f"/assignments/new?couple_id={case.id}", data=assign_form(worksheet=BROKE)
    )
    assert reply.status_code == 422
    text = reply.get_data(as_text=True)
    assert "Check which version each partner gets" in text
    assert selected(text, "version_1") == HURT and selected(text, "version_2") == BROKE
    assert assignments(app) == []


def test_the_same_version_for_both_is_one_assignment_for_each_partner(app, signed_in, case):
    reply = signed_in.post(
        f"/assignments/new?couple_id={case.id}",
        data=assign_form(worksheet=FAMILY, version_1=BROKE, version_2=BROKE, versions_seen=FAMILY),
    )
    assert reply.status_code == 302
    assert assignments(app) == [(BROKE, "each", None)]


def test_sharing_two_different_versions_is_refused_by_the_field(app, signed_in, case):
    family = "walking-in-your-partners-shoes"  # shareable in both versions
    reply = signed_in.post(
        f"/assignments/new?couple_id={case.id}",
        data=assign_form(
            worksheet=family,
            version_1="seeing-your-partners-side-when-ready",
            version_2=family,
            versions_seen=family,
            share="y",
        ),
    )
    assert reply.status_code == 422
    assert "Sharing needs both partners on the same worksheet" in reply.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0


def test_one_named_partner_gets_the_version_picked_in_the_list(app, signed_in, case):
    record_sides(app, case, jordan="hurt", sam="broke-trust")
    jordan_id = case.partners[0].id
    reply = signed_in.post(
        f"/assignments/new?couple_id={case.id}",
        data=assign_form(worksheet=HURT, for_whom=str(jordan_id)),
    )
    assert reply.status_code == 302
    assert assignments(app) == [(HURT, "one", "Jordan Ellis")]


def test_the_side_is_kept_on_the_case_and_shown_to_the_counselor(app, signed_in, case):
    form_page = signed_in.get(f"/cases/{case.id}/edit").get_data(as_text=True)
    assert "Their side of the trust injury" in form_page
    data = {}
    with app.app_context():
        from practice.models import Couple

        couple = db.session.get(Couple, case.id)
        data["version"] = str(couple.version) if hasattr(couple, "version") else ""
    form = {
        "partner1-full_name": "Jordan Ellis",
        "partner1-side": "hurt",
        "partner2-full_name": "Sam Whitaker",
        "partner2-side": "both",
        "start_date": "2026-01-05",
        "safety_screening": "no-concerns",
        "trust_damage": "infidelity-or-deception",
        **data,
    }
    reply = signed_in.post(f"/cases/{case.id}/edit", data=form)
    assert reply.status_code == 302, reply.get_data(as_text=True)[:500]
    page = signed_in.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "The partner who was hurt" in page and "Both: each hurt the other" in page


def test_the_two_letters_go_one_to_each_partner_by_side(app, signed_in, case):
    record_sides(app, case, jordan="broke-trust", sam="hurt")
    page = signed_in.get(f"/assignments/new?couple_id={case.id}&slug=letter-of-understanding")
    text = page.get_data(as_text=True)
    assert selected(text, "version_1") == "letter-of-understanding"
    assert selected(text, "version_2") == "letter-about-the-impact"
    reply = signed_in.post(
        f"/assignments/new?couple_id={case.id}",
        data=assign_form(
            worksheet="letter-of-understanding",
            version_1="letter-of-understanding",
            version_2="letter-about-the-impact",
            versions_seen="letter-of-understanding",
        ),
    )
    assert reply.status_code == 302
    assert assignments(app) == [
        ("letter-of-understanding", "one", "Jordan Ellis"),
        ("letter-about-the-impact", "one", "Sam Whitaker"),
    ]
