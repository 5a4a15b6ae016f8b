"""Worksheet pages without a leftover: no last page holding one small question.

CSS cannot see how full the last page will be, so a worksheet is laid out, looked at, and
laid out again when its last page is short: first tighter (less space between prompts, one
ruled line fewer), which often pulls the leftover back; if that still leaves a short page, at
the normal spacing, with a page break moved up so the last page takes the last questions of
the page before it. A question moves with the question before it, a section's first question
with its heading, and a section marked `section--keep` (one that asks about safety) as one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from weasyprint import HTML, Document
from weasyprint.formatting_structure import boxes

SHORT = 0.3  # a last page less full than this reads as a leftover
TIGHT = "tight"  # body class for tighter spacing, in worksheet.css


def balanced(page: HTML, render: Callable[[], Document]) -> Document:
    """`render()` of `page`, again tighter or with a break moved up if its last page is short."""
    first = render()
    if not _short(first):
        return first
    body = _element(page, "body")
    classes = body.get("class", "")
    body.set("class", f"{classes} {TIGHT}")
    tighter = render()
    if not _short(tighter):
        return tighter
    body.set("class", classes)
    parents = {id(child): parent for parent in page.etree_element.iter() for child in parent}
    mover = _unit_to_move(first, parents)
    if mover is None:
        return first
    mover.set("style", "break-before: page")
    moved = render()
    return moved if not _short(moved) else first


def fills(document: Document) -> list[float]:
    """How full each page's content area is, from 0 to 1."""
    return [_fill(page._page_box) for page in document.pages]


def _short(document: Document) -> bool:
    shares = fills(document)
    return len(shares) > 1 and shares[-1] < SHORT


def _fill(page_box) -> float:
    top, height = page_box.content_box_y(), page_box.height
    bottom = max((_bottom(box) for box in _content(page_box)), default=top)
    return max(0.0, min(1.0, (bottom - top) / height))


def _unit_to_move(document: Document, parents: dict):
    """The element to start the last page with, or None if no move leaves two fair pages."""
    *earlier, before, last = document.pages
    started = {
        id(b.element) for page in earlier for b in _content(page._page_box) if b.element is not None
    }
    box = before._page_box
    top, height = box.content_box_y(), box.height
    end = max(_bottom(b) for b in _content(box))
    need = (SHORT + 0.05 - _fill(last._page_box)) * height
    candidates = [
        (y, element)
        for y, element in _units(box, parents)
        if id(element) not in started and end - y >= need and (y - top) >= SHORT * height
    ]
    return max(candidates, key=lambda pair: pair[0])[1] if candidates else None


def _units(page_box, parents: dict) -> Iterator[tuple[float, object]]:
    """(top, element) of what may start a page: a question, or a whole section."""
    tops: dict[int, float] = {}
    prompts = []
    for box in _content(page_box):
        if box.element is None or id(box.element) in tops:
            continue
        tops[id(box.element)] = box.position_y
        if "prompt" in box.element.get("class", "").split():
            prompts.append(box.element)
    for element in prompts:
        section = parents[id(element)]
        kept = "section--keep" in section.get("class", "").split()
        first = next(c for c in section if "prompt" in c.get("class", "").split())
        unit = section if kept or first is element else element
        if id(unit) in tops:
            yield tops[id(unit)], unit


def _content(page_box) -> Iterator:
    for child in page_box.children:
        if not isinstance(child, boxes.MarginBox):
            yield from child.descendants()


def _bottom(box) -> float:
    if isinstance(box, boxes.LineBox) or not getattr(box, "children", None):
        return box.position_y + box.margin_height()
    return box.position_y


def _element(page: HTML, tag: str):
    return next(e for e in page.etree_element.iter() if str(e.tag).rsplit("}", 1)[-1] == tag)
