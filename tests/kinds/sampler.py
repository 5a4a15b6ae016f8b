"""A together worksheet with every new prompt kind, added to the shipped library for tests.

The shipped library has no `each_partner` or `info` prompt yet (its next worksheets will);
this sheet gives the portal, the review and the PDFs one to draw.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from practice.library.loader import EXTENSION_KEY, load_library
from practice.resources import WORKSHEETS

SLUG = "kinds-sampler"
INFO_TEXT = "Read this first. Each of you writes in your own box below."
SAMPLER = {
    "slug": SLUG,
    "version": 1,
    "title": "Kinds Sampler",
    "summary": "Every new prompt kind on one together sheet.",
    "source": {"section": "maintaining-trust", "tip": "consistency"},
    "audience": "together",
    "minutes": 10,
    "counselor_notes": "For tests.",
    "instructions": "Fill this in together.",
    "sections": [
        {
            "title": "Together",
            "prompts": [
                {"id": "about", "kind": "info", "label": "Before you start", "text": INFO_TEXT},
                {"id": "hope", "kind": "each_partner", "label": "What do you hope for?"},
                {
                    "id": "weeks",
                    "kind": "grid",
                    "label": "Which weeks did we keep each promise?",
                    "rows": ["Phone calls", "Dinners"],
                    "columns": ["Week 1", "Week 2", "Week 3"],
                    "cell": "tick",
                },
                {"id": "signed", "kind": "signature", "label": "We agree."},
            ],
        }
    ],
}


def add_sampler(app, folder: Path) -> None:
    """The app's library: the shipped worksheets and the sampler."""
    (folder / f"{SLUG}.yaml").write_text(yaml.safe_dump(SAMPLER), encoding="utf-8")
    library = load_library([WORKSHEETS, folder])
    assert library.faults == [], library.faults
    app.extensions[EXTENSION_KEY] = library
