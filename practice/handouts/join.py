"""Tagged PDFs joined into one, still tagged: what a screen reader reads stays whole.

Joining pages is easy; keeping a tagged PDF (PDF/UA-1) valid is what this module is for.
Each part WeasyPrint writes has a structure tree: a Document element whose kids are the
headings, paragraphs and tables in reading order, and a parent tree that maps each page's
marked content (its /StructParents key) and each link (its /StructParent key) to those
elements. The joined file has one Document element holding every part's kids in order, and
one parent tree, each part's keys moved past the ones before it. Named destinations (the
targets of links) and bookmarks are joined too, so a link on one part can point into
another: a later part's destination wins over an earlier one of the same name.

The first part gives the file its catalog: title, language, metadata and viewer settings.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf


def join_tagged(parts: list[bytes]) -> bytes:
    """One tagged PDF of `parts` (each a tagged PDF from WeasyPrint), pages in order."""
    if len(parts) == 1:
        return parts[0]
    joined = TaggedJoin(parts[0])
    for part in parts[1:]:
        joined.add(part)
    return joined.finish()


class TaggedJoin:
    """A tagged PDF joined a part at a time, so the parts already made can be joined while
    a later one is still being rendered; `finish` gives the file."""

    def __init__(self, first: bytes) -> None:
        self.pdf = Pdf.open(io.BytesIO(first))
        self.tree = self.pdf.Root.StructTreeRoot
        self.document = _document_element(self.tree)
        self.nums = list(_pairs(self.tree.ParentTree))
        self.destinations = dict(_named_destinations(self.pdf))
        self.outline = _outline_of(self.pdf, 0)
        self._opened: list[Pdf] = []  # kept open: pages copied from them are read at save

    def add(self, part: bytes) -> None:
        joined, document = self.pdf, self.document
        pdf = Pdf.open(io.BytesIO(part))
        self._opened.append(pdf)
        offset = 1 + max((key for key, _ in self.nums), default=-1)
        first_page = len(joined.pages)
        joined.pages.extend(pdf.pages)
        for page in joined.pages[first_page:]:
            _move_keys(page, offset)
        part_tree = pdf.Root.StructTreeRoot
        part_document = _document_element(part_tree)
        kids = _copied(joined, part_document.K)
        for kid in kids:
            document.K.append(kid)
        moved = [
            (key + offset, _copied(joined, value)) for key, value in _pairs(part_tree.ParentTree)
        ]
        self.nums.extend(moved)
        # Every element the part hung on its own Document element now hangs on the joined
        # one: its kids, and the running header and footer's text, which WeasyPrint gives
        # the Document as parent without listing it among the Document's kids.
        old, walked = joined.copy_foreign(part_document).objgen, set()
        for element in _elements(kids, (value for _, value in moved)):
            while element.objgen not in walked and element.P.get("/Type") == Name.StructElem:
                walked.add(element.objgen)
                if element.P.objgen == old:
                    element.P = document
                    break
                element = element.P
        for name, destination in _named_destinations(pdf):
            self.destinations[name] = _copied(joined, destination)
        self.outline.extend(_outline_of(pdf, first_page))

    def finish(self) -> bytes:
        joined, nums = self.pdf, self.nums
        self.tree.ParentTree = joined.make_indirect(
            Dictionary(Nums=Array([item for key, value in nums for item in (key, value)]))
        )
        self.tree.ParentTreeNextKey = 1 + max((key for key, _ in nums), default=-1)
        _set_named_destinations(joined, self.destinations)
        with joined.open_outline() as bookmarks:
            bookmarks.root[:] = self.outline
        out = io.BytesIO()
        # Streams go through as WeasyPrint compressed them (decoding and compressing them
        # again would double the time a join takes); object streams pack the small objects.
        joined.save(
            out,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return out.getvalue()


def _copied(pdf: Pdf, value):
    """`value` from another file, in `pdf`: objects it refers to are copied once each (a page
    already copied is the same page), and a direct array or dictionary is rebuilt around them.
    """
    if isinstance(value, Array | Dictionary) and not value.is_indirect:
        if isinstance(value, Array):
            return Array([_copied(pdf, item) for item in value])
        return Dictionary({key: _copied(pdf, item) for key, item in value.items()})
    if isinstance(value, Array | Dictionary | pikepdf.Stream):
        return pdf.copy_foreign(value)
    return value


def _elements(*groups):
    """The structure elements in arrays (or single elements) of a parent tree or a /K."""
    for group in groups:
        for value in group:
            for element in value if isinstance(value, Array) else [value]:
                if isinstance(element, Dictionary):
                    yield element


def _document_element(tree: Dictionary) -> Dictionary:
    kids = tree.K
    element = kids[0] if isinstance(kids, Array) else kids
    if element.get("/S") != Name.Document:
        raise ValueError("the structure tree does not start with a Document element")
    return element


def _pairs(number_tree: Dictionary):
    """(key, value) of a flat number tree, as WeasyPrint writes its parent tree."""
    if "/Kids" in number_tree:
        raise ValueError("a parent tree with /Kids: not one WeasyPrint wrote")
    nums = number_tree.get("/Nums", Array())
    for i in range(0, len(nums), 2):
        yield int(nums[i]), nums[i + 1]


def _move_keys(page: pikepdf.Page, offset: int) -> None:
    if "/StructParents" in page.obj:
        page.obj.StructParents = int(page.obj.StructParents) + offset
    for annotation in page.obj.get("/Annots", Array()):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset


def _named_destinations(pdf: Pdf):
    names = pdf.Root.get("/Names")
    tree = names.get("/Dests") if names is not None else None
    if tree is None:
        return
    if "/Kids" in tree:
        raise ValueError("named destinations with /Kids: not as WeasyPrint writes them")
    flat = tree.get("/Names", Array())
    for i in range(0, len(flat), 2):
        yield bytes(flat[i]), flat[i + 1]


def _set_named_destinations(pdf: Pdf, destinations: dict[bytes, object]) -> None:
    if not destinations:
        return
    flat = Array()
    for name in sorted(destinations):  # a name tree's keys are in byte order
        flat.append(pikepdf.String(name))
        flat.append(destinations[name])
    if "/Names" not in pdf.Root:
        pdf.Root.Names = Dictionary()
    pdf.Root.Names.Dests = pdf.make_indirect(Dictionary(Names=flat))


def _outline_of(pdf: Pdf, first_page: int) -> list[OutlineItem]:
    """The part's bookmarks, new items pointing at its pages as numbered in the joined file."""
    pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
    with pdf.open_outline() as outline:
        return [_moved(item, pages, first_page) for item in outline.root]


def _moved(item: OutlineItem, pages: dict, first_page: int) -> OutlineItem:
    destination = item.destination
    page = left = top = None
    if isinstance(destination, Array) and len(destination) >= 1:
        page = pages.get(destination[0].objgen)
        if len(destination) >= 4 and destination[1] == Name.XYZ:
            left, top = destination[2], destination[3]
    moved = OutlineItem(
        item.title,
        first_page + (page or 0),
        "XYZ",
        left=None if left is None else float(left),
        top=None if top is None else float(top),
    )
    moved.children = [_moved(child, pages, first_page) for child in item.children]
    return moved
