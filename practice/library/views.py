"""Counselors browse, search and preview the worksheet library; admins check its files."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, render_template, request
from werkzeug.datastructures import MultiDict

from ..roles import admin_required, counselor_required
from .loader import Fault, Library, display_path, get_library, library_dirs
from .schema import AUDIENCES, PERSPECTIVES, SECTION_TITLES, SECTIONS, TIP_TITLES, Worksheet

bp = Blueprint("library", __name__, url_prefix="/library")

AUDIENCE_TITLES = {
    "each-partner": "Each partner",
    "one-partner": "One partner",
    "together": "Together",
}


KIND_TITLES = {"worksheet": "Worksheets", "reading": "Readings"}
PERSPECTIVE_TITLES = {side: label.capitalize() for side, label in PERSPECTIVES.items()}


@dataclass(frozen=True)
class Browse:
    """What the counselor asked the library for; unknown filter values are ignored."""

    text: str = ""
    section: str = ""
    tip: str = ""
    audience: str = ""
    perspective: str = ""
    kind: str = ""

    @classmethod
    def from_args(cls, args: MultiDict[str, str]) -> Browse:
        def known(name: str, allowed) -> str:
            value = args.get(name, "")
            return value if value in allowed else ""

        return cls(
            text=" ".join(args.get("q", "").split())[:100],
            section=known("section", SECTIONS),
            tip=known("tip", TIP_TITLES),
            audience=known("audience", AUDIENCES),
            perspective=known("perspective", PERSPECTIVES),
            kind=known("kind", KIND_TITLES),
        )

    @property
    def narrowed(self) -> bool:
        return bool(
            self.text or self.section or self.tip or self.audience or self.perspective or self.kind
        )

    def keeps(self, ws: Worksheet) -> bool:
        return (
            self.section in ("", ws.source.section)
            and self.tip in ("", ws.source.tip)
            and self.audience in ("", ws.audience)
            and self.perspective in ("", ws.perspective)
            and self.kind in ("", ws.kind)
        )


def browse(library: Library, query: Browse) -> dict[str, dict[str, list[Worksheet]]]:
    """The library by section and tip, keeping only what the query asks for."""
    found = library.search(query.text) if query.text else library.worksheets.values()
    kept = {ws.slug for ws in found if query.keeps(ws)}
    return {
        section: {tip: [ws for ws in sheets if ws.slug in kept] for tip, sheets in tips.items()}
        for section, tips in library.by_section().items()
    }


@bp.context_processor
def library_labels() -> dict:
    return {
        "section_titles": SECTION_TITLES,
        "tip_titles": TIP_TITLES,
        "audience_titles": AUDIENCE_TITLES,
        "perspective_titles": PERSPECTIVE_TITLES,
        "kind_titles": KIND_TITLES,
    }


@bp.get("/")
@counselor_required
def index():
    library = get_library()
    query = Browse.from_args(request.args)
    grouped = browse(library, query)
    shown = sum(len(sheets) for tips in grouped.values() for sheets in tips.values())
    return render_template(
        "library/index.html",
        grouped=grouped,
        query=query,
        shown=shown,
        total=len(library.worksheets),
        sections=SECTIONS,
    )


@bp.get("/health")
@admin_required
def health():
    library = get_library()
    by_file: dict[str, list[Fault]] = {}
    for fault in library.faults:
        by_file.setdefault(fault.path, []).append(fault)
    folders = [display_path(path) for path in library_dirs(current_app)]
    return render_template("library/health.html", library=library, by_file=by_file, folders=folders)


@bp.get("/<slug>")
@counselor_required
def preview(slug: str):
    ws = get_library().get(slug)
    if ws is None:
        abort(404)
    others = [v for v in get_library().versions_of(ws).values() if v.slug != ws.slug]
    return render_template("library/preview.html", ws=ws, other_versions=others)
