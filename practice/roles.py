"""View guards by role. Unknown to a role means not there: a 404, never a hint."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if current_user.role not in roles:
                abort(404)
            return view(*args, **kwargs)

        return guarded

    return decorator


counselor_required = role_required("counselor")
admin_required = role_required("admin")
client_required = role_required("client")
