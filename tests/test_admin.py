"""Practice admin: counselor accounts."""

from __future__ import annotations

from sqlalchemy import func, select

from practice.extensions import db
from practice.models import User

from .conftest import Auth


def account_form(**overrides) -> dict:
    form = {
        "name": "Daniel Reyes",
        "email": "daniel@example.org",
        "role": "counselor",
        "active": "y",
        "new_password": "a long walk by the river",
    }
    form.update(overrides)
    return form


def test_admin_adds_a_counselor_who_can_sign_in(app, auth, make_user):
    admin = make_user("admin")
    auth.sign_in(admin)
    response = auth.client.post("/admin/users/new", data=account_form())
    assert response.status_code == 302
    assert b"Daniel Reyes" in auth.client.get("/admin/users").data
    assert (
        Auth(app.test_client())
        .sign_in("daniel@example.org", "a long walk by the river")
        .status_code
        == 302
    )


def test_duplicate_email_and_bad_input_are_explained(app, auth, make_user):
    admin = make_user("admin", email="admin@example.org")
    auth.sign_in(admin)
    duplicate = auth.client.post("/admin/users/new", data=account_form(email="ADMIN@example.org"))
    assert b"An account with this email already exists." in duplicate.data
    bad = auth.client.post("/admin/users/new", data=account_form(email="not-an-email", name=""))
    assert b"Enter an email address like" in bad.data and b"Enter a name." in bad.data
    weak = auth.client.post("/admin/users/new", data=account_form(new_password="short"))
    assert b"at least 10 characters" in weak.data
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_deactivating_a_counselor_signs_them_out_everywhere(app, auth, make_user):
    admin = make_user("admin")
    counselor = make_user()
    their_browser = Auth(app.test_client())
    their_browser.sign_in(counselor)
    assert their_browser.client.get("/dashboard").status_code == 200

    auth.sign_in(admin)
    response = auth.client.post(
        f"/admin/users/{counselor.id}",
        data={"name": counselor.name, "email": counselor.email, "role": "counselor"},
    )
    assert response.status_code == 302
    assert their_browser.client.get("/dashboard").status_code == 302
    assert their_browser.sign_in(counselor).status_code == 422  # refused


def test_admin_cannot_lock_themselves_out(app, auth, make_user):
    admin = make_user("admin")
    auth.sign_in(admin)
    response = auth.client.post(
        f"/admin/users/{admin.id}", data={"name": admin.name, "email": admin.email, "role": "admin"}
    )
    assert b"can&#39;t deactivate your own account" in response.data
    with app.app_context():
        assert db.session.get(User, admin.id).active


def test_counselors_do_not_see_admin_pages(signed_in):
    assert signed_in.get("/admin/users").status_code == 404
    assert signed_in.post("/admin/users/new", data=account_form()).status_code == 404


def test_admin_home_is_the_account_list_not_cases(auth, make_user):
    admin = make_user("admin")
    assert auth.sign_in(admin).location == "/admin/users"
    assert auth.client.get("/cases/").status_code == 404
