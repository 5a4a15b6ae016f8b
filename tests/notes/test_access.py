"""Who reaches the session, note and check-in routes: only the case's own counselor, and
each partner their own portal pages. Everyone else gets a 404 and changes nothing.

(tests/test_isolation.py runs the same matrix over every route in the app; this one runs
over ours alone, and adds the clients.)
"""

from __future__ import annotations

import pytest

from ..conftest import Auth
from ..test_isolation import SECRET_CONCERN, database_fingerprint
from .records import give_portal_account, owned_records

OURS = ("notes.", "checkins.")


@pytest.fixture
def case(app, make_user, make_couple):
    owner = make_user(name="Owner Counselor")
    couple = make_couple(owner, names=("Jordan Ellis", "Sam Whitaker"), concerns=SECRET_CONCERN)
    return {"owner": owner, "couple": couple, **owned_records(app, owner, couple)}


def our_routes(app, *, portal: bool):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(OURS) and rule.rule.startswith("/portal/") == portal:
            yield rule


def values(case) -> dict[str, int]:
    keys = ("session_id", "request_id", "checkin_id", "flag_id")
    return {"couple_id": case["couple"].id, **{key: case[key] for key in keys}}


def assert_all_404(app, browser, rules, ids) -> int:
    before = database_fingerprint(app)
    checked = 0
    for rule in rules:
        url = rule.build({name: ids[name] for name in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = browser.client.open(url, method=method, data={"password": "x"})
            assert response.status_code == 404, f"{method} {url} gave {response.status_code}"
            body = response.get_data(as_text=True)
            # The second partner's name: the first may be the one signed in.
            assert "Whitaker" not in body and SECRET_CONCERN not in body, url
            checked += 1
    assert database_fingerprint(app) == before
    return checked


@pytest.mark.parametrize("who", ["counselor", "admin", "partner"])
def test_no_one_else_reaches_the_counselor_routes(app, make_user, case, who):
    if who == "partner":  # a partner of this very couple, with a portal account
        user = give_portal_account(app, make_user, case["couple"], 1)
    else:
        user = make_user(who, name="Someone Else")
    browser = Auth(app.test_client())
    assert browser.sign_in(user).status_code == 302
    # Another counselor has their own overview and search; everything with an id is A's.
    rules = [r for r in our_routes(app, portal=False) if r.arguments or who != "counselor"]
    assert assert_all_404(app, browser, rules, values(case)) >= 20


@pytest.mark.parametrize("who", ["counselor", "owner", "other-couples-partner"])
def test_only_partners_reach_the_portal_routes(app, make_user, make_couple, case, who):
    if who == "owner":
        user = case["owner"]
    elif who == "counselor":
        user = make_user(name="Someone Else")
    else:
        other = make_couple(case["owner"], names=("Robin Vale", "Kai Ito"))
        user = give_portal_account(app, make_user, other, 1)
    browser = Auth(app.test_client())
    browser.sign_in(user)
    portal = our_routes(app, portal=True)
    rules = [r for r in portal if r.arguments or who != "other-couples-partner"]
    assert assert_all_404(app, browser, rules, values(case)) >= 3


def test_the_owner_reaches_them(app, case):
    browser = Auth(app.test_client())
    browser.sign_in(case["owner"])
    for url in (
        f"/sessions/{case['session_id']}",
        f"/sessions/{case['session_id']}/note",
        f"/check-ins/{case['checkin_id']}",
        f"/cases/{case['couple'].id}/check-ins",
        f"/cases/{case['couple'].id}/timeline",
    ):
        assert browser.client.get(url).status_code == 200, url


def test_signed_out_visitors_are_sent_to_sign_in(app, case):
    anonymous = app.test_client()
    for url in (f"/sessions/{case['session_id']}/note", "/portal/check-ins/", "/notes/search"):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/auth/sign-in" in response.location
