"""PDF downloads. Thin: parse, authorize, call a documents function, send the bytes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, request

from ..library.loader import get_library
from ..roles import counselor_required
from ..templating import practice_zone
from .documents import PrintSettings, blank_handout, download_name, page_size_or_default
from .render import RenderError

bp = Blueprint("handouts", __name__, url_prefix="/handouts")

TRUE_WORDS = ("1", "true", "yes", "on")


def print_settings(page_size: str) -> PrintSettings:
    config = current_app.config
    return PrintSettings(
        practice_name=config["PRACTICE_NAME"],
        page_size=page_size,
        static_root=Path(current_app.static_folder),
        timeout=config.get("PDF_RENDER_TIMEOUT", 30),
    )


def pdf_download(pdf: bytes, filename: str) -> Response:
    response = Response(pdf, mimetype="application/pdf")
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


def render_failed(what: str, error: RenderError):
    current_app.logger.error("PDF failed: %s on %s: %s", what, request.path, error)
    page = render_template(
        "errors/error.html",
        code=503,
        title="We couldn't make this PDF just now",
        hint="Nothing was lost. Please try again in a minute; if it keeps happening, "
        "tell your practice admin which handout you were printing.",
    )
    return page, 503, {"Retry-After": "60"}


@bp.get("/worksheets/<slug>.pdf")
@counselor_required
def blank(slug: str):
    worksheet = get_library().get(slug)
    if worksheet is None:
        abort(404)
    size = page_size_or_default(request.args.get("size"), current_app.config.get("PDF_PAGE_SIZE"))
    if size is None:
        abort(400)
    fillable = request.args.get("fillable", "").lower() in TRUE_WORDS
    try:
        pdf = blank_handout(worksheet, print_settings(size), fillable=fillable)
    except RenderError as error:
        return render_failed(f"blank handout {slug}", error)
    today = datetime.now(practice_zone()).date()
    return pdf_download(pdf, download_name(worksheet.slug, today, fillable=fillable))
