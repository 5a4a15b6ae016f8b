"""Reading PDFs in tests: real pypdf, nothing mocked."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-"), pdf[:40]
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    """All the text, whitespace collapsed so wrapped lines compare as one, ligatures undone."""
    text = " ".join(page.extract_text() for page in reader(pdf).pages)
    return squash(unicodedata.normalize("NFKC", text))


def squash(text: str) -> str:
    return " ".join(text.split())


def font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in reader(pdf).pages:
        fonts = page["/Resources"].get("/Font", {})
        names |= {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    return names


def image_count(pdf: bytes) -> int:
    return sum(len(page.images) for page in reader(pdf).pages)
