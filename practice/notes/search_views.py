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
    # The words searched for may be clinical: the audit row keeps only the count. It commits
    # apart, so nothing the search loaded is expired before the page is drawn.
    audit_read("notes-search", who=who, detail=f"results={results.total}")
    return render_template("notes/search.html", query=query, results=results)
