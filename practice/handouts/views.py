"""PDF downloads. Thin: parse, authorize, then make the PDF now or queue it.

Every PDF with client data is made fresh for the request that asked (never cached), sent as
an attachment named from a slug or case number and the date, and audited, failures too. The
long ones (a case's packet and record, answers) are made off the request path
(exports.py); a blank handout comes from the cache and a single handout is made at once.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from ..assignments.access import assignment_for
from ..assignments.models import ResponseStatus
from ..assignments.queries import given_privately, in_the_packet, open_assignments
from ..audit.record import audit_read
from ..audit.who import request_who
from ..clock import practice_today
from ..couples.access import couple_for
from ..library.loader import get_library
from ..portal.access import response_for
from ..roles import client_required, counselor_required
from .documents import PrintSettings, blank_handout, download_name, page_size_or_default
from .exports import pdf_download, prepare, print_settings
from .homework import assignment_handout, partner_copy
from .render import RenderError

# No url_prefix: a partner's own answers live under /portal/, beside the page they came from.
bp = Blueprint("handouts", __name__)


TRUE_WORDS = ("1", "true", "yes", "on")


def full_title_asked() -> bool:
    """`?title=full`: the counselor picks the clinical title of a private safety worksheet."""
    return request.args.get("title", "") == "full"


def requested_size() -> str:
    """`?size=letter|a4`, else the practice's page size."""
    size = page_size_or_default(request.args.get("size"), current_app.config.get("PDF_PAGE_SIZE"))
    if size is None:
        abort(400)
    return size


def requested_settings() -> PrintSettings:
    return print_settings(requested_size(), practice_today())


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


def clinical_export(action: str, obj, couple_id: int, filename: str, make: Callable[[], bytes]):
    """Make a PDF of clinical data, audit the export (or its failure), and send it.

    An export only reads: its audit row commits apart, and the request commits nothing.
    """
    who = request_who()
    try:
        pdf = make()
    except RenderError as error:
        audit_read(action, who=who, obj=obj, couple_id=couple_id, outcome="failed")
        return render_failed(action, error)
    audit_read(action, who=who, obj=obj, couple_id=couple_id)
    return pdf_download(pdf, filename)


@bp.get("/handouts/worksheets/<slug>.pdf")
@counselor_required
def blank(slug: str):
    worksheet = get_library().get(slug)
    if worksheet is None:
        abort(404)
    settings = requested_settings()
    fillable = request.args.get("fillable", "").lower() in TRUE_WORDS
    try:
        pdf = blank_handout(worksheet, settings, fillable=fillable, full_title=full_title_asked())
    except RenderError as error:
        return render_failed(f"blank handout {slug}", error)
    name = download_name(
        worksheet.print_slug(full_title_asked()), practice_today(), fillable=fillable
    )
    return pdf_download(pdf, name)


@bp.get("/handouts/assignments/<int:assignment_id>.pdf")
@counselor_required
def assignment(assignment_id: int):
    found = assignment_for(request_who(), assignment_id)
    only = None
    if "partner" in request.args:
        # `?partner=<client id>`: that partner's copy alone, as a sheet about safety is given.
        only = partner_copy(found, request.args.get("partner", type=int, default=0))
        if only is None:
            abort(404)
    settings = requested_settings()
    full = full_title_asked()
    name = download_name(found.worksheet.print_slug(full), practice_today())
    return clinical_export(
        "pdf-assignment",
        found,
        found.couple_id,
        name,
        lambda: assignment_handout(found, settings, full_title=full, only=only),
    )


@bp.get("/handouts/assignments/<int:assignment_id>/answers.pdf")
@counselor_required
def side_by_side(assignment_id: int):
    found = assignment_for(request_who(), assignment_id)
    full = full_title_asked()
    today = practice_today()
    return prepare(
        "answers",
        {
            "assignment_id": found.id,
            "couple_id": found.couple_id,
            "size": requested_size(),
            "full_title": full,
            "today": today,
            "filename": download_name(found.worksheet.print_slug(full), today, kind="answers"),
        },
    )


@bp.get("/portal/responses/<int:response_id>.pdf")
@client_required
def my_answers(response_id: int):
    response = response_for(request_who(), response_id)
    if response.status == ResponseStatus.NOT_STARTED:
        flash("Nothing is saved here yet, so there is nothing to download.", "info")
        return redirect(url_for("portal.response", response_id=response.id))
    slug = response.assignment.worksheet.print_slug()
    today = practice_today()
    return prepare(
        "my-answers",
        {
            "response_id": response.id,
            "couple_id": response.assignment.couple_id,
            "size": requested_size(),
            "today": today,
            "filename": download_name(slug, today, kind="my-answers"),
        },
    )


@bp.get("/handouts/cases/<int:couple_id>/packet.pdf")
@counselor_required
def packet(couple_id: int):
    couple = couple_for(request_who(), couple_id)
    homework = open_assignments(couple)
    if not in_the_packet(homework):
        if given_privately(homework):
            flash(
                "The only open worksheets here ask about safety, and those never go in the "
                "couple's packet: print each partner's copy on its own from this page.",
                "info",
            )
        else:
            flash("This case has no open worksheets, so there is no packet to print.", "info")
        return redirect(url_for("pages.case", couple_id=couple.id))
    today = practice_today()
    # `?printing=1`: the edition for paper, each copy on a right-hand page (blank pages
    # between); without it, the pages to read on screen, with no blank pages.
    printing = request.args.get("printing", "").lower() in TRUE_WORDS
    kind = "homework-packet-for-printing" if printing else "homework-packet"
    return prepare(
        "packet",
        {
            "couple_id": couple.id,
            "size": requested_size(),
            "full_title": full_title_asked(),
            "printing": printing,
            "today": today,
            "filename": download_name(f"case-{couple.id}", today, kind=kind),
        },
    )


@bp.get("/handouts/cases/<int:couple_id>/record.pdf")
@counselor_required
def chart_export(couple_id: int):
    couple = couple_for(request_who(), couple_id)
    today = practice_today()
    return prepare(
        "record",
        {
            "couple_id": couple.id,
            "size": requested_size(),
            "today": today,
            "filename": download_name(f"case-{couple.id}", today, kind="record"),
        },
    )
