"""Search the counselor's own notes."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from ..audit.record import audit_read
from ..audit.who import request_who
from ..roles import counselor_required
from ..urls import page_number
from .blueprint import bp
from .search import MAX_QUERY, search_notes


@bp.get("/notes/search")
@counselor_required
def search():
    who = request_who()
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    if not query:
        return render_template("notes/search.html", query=query, results=None)
    results = search_notes(current_user, query, page_number())
    # Drawn before the audit row, which expires every hit it loaded (a query per hit).
    page = render_template("notes/search.html", query=query, results=results)
    # The words searched for may be clinical: the audit row keeps only the count.
    audit_read("notes-search", who=who, detail=f"results={results.total}")
    return page
