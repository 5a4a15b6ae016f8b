"""Looking at PDFs the way poppler-based viewers draw them: `pdftoppm` pages as images."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

MM = 72 / 25.4  # points per millimetre
# The page's margins in print.css: the header and footer live there, the content between.
TOP_MARGIN_MM, BOTTOM_MARGIN_MM = 20, 18


def pages_drawn(pdf: bytes, dpi: int = 30, *, gray: bool = True) -> list[Image.Image]:
    """Every page as poppler draws it (forms included), at `dpi`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        mode = ["-gray"] if gray else []
        subprocess.run(
            ["pdftoppm", "-png", *mode, "-r", str(dpi), str(path), f"{folder}/page"],
            check=True,
            capture_output=True,
        )
        return [
            Image.open(io.BytesIO(png.read_bytes())).copy()
            for png in sorted(Path(folder).glob("page-*.png"), key=_page_number)
        ]


def _page_number(path: Path) -> int:
    return int(path.stem.rsplit("-", 1)[1])


def filled_share(page: Image.Image, dpi: int) -> float:
    """How far down the content area ink reaches: 0 for an empty page, 1 for a full one."""
    top = round(TOP_MARGIN_MM * MM / 72 * dpi)
    bottom = page.height - round(BOTTOM_MARGIN_MM * MM / 72 * dpi)
    gray = page.convert("L")
    lowest = top
    for y in range(top, bottom):
        row = gray.crop((0, y, page.width, y + 1))
        if row.getextrema()[0] < 225:  # darker than the pale fills behind text and fields
            lowest = y
    return (lowest - top) / (bottom - top)


def emptiest_page_share(pdf: bytes, dpi: int = 30) -> tuple[int, float]:
    """The page count and the smallest filled share of any page."""
    pages = pages_drawn(pdf, dpi)
    return len(pages), min(filled_share(page, dpi) for page in pages)
