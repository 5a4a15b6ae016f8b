"""Every library handout, blank and fillable, at letter and A4: pages, size, emptiest page.

Run: .venv/bin/python bench/handouts.py [--png DIR] [SLUG ...]. Not part of pytest.
With --png, each PDF (and the fillable one, filled in) is also drawn with
`pdftoppm -png -r 60` into DIR, to look at.
Exits 1 if a fillable handout is over the size goal or a page is less than a quarter full.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfWriter

from practice import create_app
from practice.handouts.documents import PAGE_SIZES, PrintSettings, blank_handout
from practice.library.loader import get_library

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' page measure
from tests.handouts.pixels import emptiest_page_share

SIZE_GOAL_KB = 150


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("slugs", nargs="*")
    parser.add_argument("--png", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as instance:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/x.db"})
        with app.app_context():
            return survey(get_library(), args.slugs, args.png)


def survey(library, slugs: list[str], png: Path | None) -> int:
    failed = False
    print("slug\tsize\tpages\tblank KB\tfillable KB\temptiest page")
    for slug in slugs or sorted(library.worksheets):
        worksheet = library.get(slug)
        for size in PAGE_SIZES:
            settings = PrintSettings("Harbor Light Counseling", size)
            blank = blank_handout(worksheet, settings, fillable=False)
            fillable = blank_handout(worksheet, settings, fillable=True)
            pages, share = emptiest_page_share(blank)
            kb = len(fillable) / 1024
            failed |= kb > SIZE_GOAL_KB or (pages > 1 and share < 0.25)
            print(f"{slug}\t{size}\t{pages}\t{len(blank) / 1024:.0f}\t{kb:.0f}\t{share:.2f}")
            if png:
                draw(png, f"{slug}-{size}", blank, fillable)
    return 1 if failed else 0


def filled(pdf: bytes) -> bytes:
    """`pdf` with every field answered: text typed, every box ticked, each group's last
    option chosen, as a PDF tool fills it (pypdf, keeping the file's own appearances)."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    values = {}
    for name, field in (writer.get_fields() or {}).items():
        states = [s for s in field.get("/_States_", []) if s != "/Off"]
        values[name] = states[-1] if states else "Sam Whitaker, Zoë Łukasz"
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def draw(folder: Path, stem: str, blank: bytes, fillable: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pdfs = (blank, fillable, filled(fillable))
    for kind, pdf in zip(("blank", "fillable", "filled"), pdfs, strict=True):
        path = folder / f"{stem}-{kind}.pdf"
        path.write_bytes(pdf)
        subprocess.run(  # noqa: S603
            ["pdftoppm", "-png", "-r", "60", str(path), str(folder / f"{stem}-{kind}")],  # noqa: S607
            check=True,
        )


if __name__ == "__main__":
    sys.exit(main())
