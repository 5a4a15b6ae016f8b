"""Build static/pdf/fonts/form-sans.ttf: the font typed answers in fillable PDFs are drawn in.

Run: .venv/bin/python bench/form_font.py. Prints the font's size before and after.

A PDF form must carry every glyph a client might type, so WeasyPrint embeds a field's font
whole: DejaVu Sans added about 410 KB to every fillable handout. This is DejaVu Sans cut to
the scripts names and answers are written in here (Latin with its accents, Greek, Cyrillic)
and renamed, as the Bitstream Vera licence asks of modified copies.
"""

from __future__ import annotations

import io
import zlib
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
TARGET = Path(__file__).resolve().parents[1] / "static/pdf/fonts/form-sans.ttf"
FAMILY = "Trustwork Form Sans"
RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x024F),  # Latin-1, Latin Extended-A and -B
    (0x0300, 0x036F),  # combining accents
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese, Welsh)
    (0x2010, 0x2044),  # dashes, quotes, bullets, ellipsis
    (0x20AC, 0x20AC),  # euro
]


def build() -> bytes:
    font = TTFont(SOURCE)
    options = subset.Options()
    options.layout_features = []  # a form field draws characters one by one
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: nothing a viewer reads
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for first, last in RANGES for c in range(first, last + 1)])
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):  # family, full name, typographic family
            record.string = FAMILY
        elif record.nameID == 6:  # PostScript name
            record.string = FAMILY.replace(" ", "")
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def main() -> None:
    made = build()
    TARGET.write_bytes(made)
    whole = SOURCE.read_bytes()
    for name, data in (("DejaVu Sans", whole), (FAMILY, made)):
        print(f"{name}: {len(data) // 1024} KiB, {len(zlib.compress(data)) // 1024} KiB deflated")


if __name__ == "__main__":
    main()
