"""A homework packet made of parts: copies rendered in render processes, joined after a cover.

What this guards, as a reader notices it: the joined packet is still one tagged document a
screen reader can walk; the cover's page numbers and the bookmarks take you to each copy;
each copy numbers its own pages; render processes give documents back in order, and one
that dies or a document that fails ends in the packet anyway or in a clear RenderError; and
the warm Engine draws exactly what plain WeasyPrint draws. Real renderer, real database.
"""

from __future__ import annotations

import io
import os
import re
import signal
from pathlib import Path

import pikepdf
import pytest
import weasyprint
from PIL import ImageChops

from practice.handouts import processes
from practice.handouts.documents import PrintSettings, blank_handout_html
from practice.handouts.engine import Engine
from practice.handouts.fetcher import StaticFilesFetcher
from practice.handouts.join import join_tagged
from practice.handouts.processes import render_each
from practice.handouts.render import RenderError
from practice.library.loader import get_library
from practice.resources import STATIC

from .pdfs import reader, squash, text_of
from .pixels import pages_drawn
from .test_homework_pdfs import case_with_homework, pdf_at  # noqa: F401  (the fixture)


@pytest.fixture
def settings(settings):
    # Two render processes even on a one-core machine, so the packet is always joined from
    # documents made in other processes (the default follows the core count).
    return {**settings, "PDF_PROCESSES": 2}


@pytest.fixture
def case(case_with_homework):  # noqa: F811 (test_homework_pdfs' fixture, imported above)
    """(couple, untouched, cancelled, finished, halfway): two worksheets open, three copies.

    `halfway` is overdue, so it comes first, and only Sam still owes it; both partners owe
    `untouched`, Jordan's copy first.
    """
    return case_with_homework


def packet_of(browser, couple) -> bytes:
    return pdf_at(browser, f"/handouts/cases/{couple.id}/packet.pdf")


def page_texts(pdf: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in reader(pdf).pages]


def copy_starts(pages: list[str]) -> list[int]:
    """The index of each copy's first page: only a copy's first page has the name line."""
    return [n for n, page in enumerate(pages) if " Name " in f" {page}"]


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, object]:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def content_of(page: pikepdf.Page) -> str:
    contents = page.obj.Contents
    streams = contents if isinstance(contents, pikepdf.Array) else [contents]
    return b"".join(stream.read_bytes() for stream in streams).decode("latin-1")


def struct_elements(tree: pikepdf.Dictionary):
    """(element, the node it hangs from) for every element, depth first."""
    kids = tree.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        # Marked-content references, object references and bare MCIDs are leaves, not elements.
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid, tree
            yield from struct_elements(kid)


def margin_text(element: pikepdf.Dictionary) -> bool:
    """Whether `element` is WeasyPrint's text in a page margin (the running title, "Page 1 of
    3"): a Span in a NonStruct that names the Document as its parent but is not one of its
    kids, so readers skip it, as they skip page furniture. WeasyPrint writes it so."""
    parent = element.P
    return parent.get("/S") == "/NonStruct" and parent.P.get("/S") == "/Document"


def assert_one_tagged_document(pdf: pikepdf.Pdf) -> None:
    """One structure tree, and every page's marked content and links found in it."""
    tree = pdf.Root.StructTreeRoot
    elements = list(struct_elements(tree))
    in_tree = {element.objgen for element, _ in elements}
    # Every element points up at the one it hangs from: readers walk the tree both ways.
    for element, parent in elements:
        assert element.P.objgen == parent.objgen, element.get("/S")
    assert [str(e.S) for e, _ in elements].count("/Document") == 1
    parents = parent_tree(pdf)
    assert int(tree.ParentTreeNextKey) == max(parents) + 1
    for n, page in enumerate(pdf.pages, start=1):
        # Each piece of marked content on a page belongs to an element of that page...
        listed = parents[int(page.obj.StructParents)]
        mcids = [int(m) for m in re.findall(r"/MCID (\d+)", content_of(page))]
        assert mcids, f"page {n} has no tagged content"
        for mcid in mcids:
            assert mcid < len(listed), f"page {n}: marked content {mcid} has no element"
            assert isinstance(listed[mcid], pikepdf.Dictionary), (n, mcid)
        for element in listed:
            assert element.Pg.objgen == page.obj.objgen, f"page {n}"
            # ...and a reader gets to it from the one Document, margins apart.
            assert element.objgen in in_tree or margin_text(element), f"page {n}"
        # A link is read where its element is: the element names the link back.
        for annotation in page.obj.get("/Annots", []):
            element = parents[int(annotation.StructParent)]
            refs = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
            assert any(
                ref.get("/Type") == "/OBJR" and ref.Obj.objgen == annotation.objgen
                for ref in refs
                if isinstance(ref, pikepdf.Dictionary)
            ), f"page {n}: a link its element does not name"


def test_the_joined_packet_is_one_tagged_document(signed_in, case):
    couple = case[0]
    with pikepdf.open(io.BytesIO(packet_of(signed_in, couple))) as pdf:
        assert_one_tagged_document(pdf)
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.Lang == "en"
        with pdf.open_metadata() as metadata:
            assert metadata["dc:title"].startswith("Homework packet")


# pikepdf warns that pages.extend() leaves a later part's named destinations behind; join.py
# copies them itself, and this test checks the link lands.
@pytest.mark.filterwarnings("ignore::pikepdf.PageCopyWarning")
def test_links_in_a_later_part_stay_tagged_and_land_in_it():
    # A packet's links are all on its cover, the first part, so this joins two that link.
    parts = [
        f'<html lang="en"><p><a href="#{name}">Go to {name}</a></p><h1 id="{name}">Part {name}</h1>'
        for name in ("one", "two")
    ]
    joined = join_tagged([made.pdf for made in render_each(parts, root=STATIC, processes=1)])
    with pikepdf.open(io.BytesIO(joined)) as pdf:
        assert_one_tagged_document(pdf)
        second = pdf.pages[1]
        (link,) = second.obj.Annots
        flat = pdf.Root.Names.Dests.Names
        destinations = {str(flat[i]): flat[i + 1] for i in range(0, len(flat), 2)}
        assert destinations[str(link.Dest)][0].objgen == second.obj.objgen


def test_the_packet_keeps_no_leftover_structure_tree_of_a_part(signed_in, case):
    couple = case[0]
    with pikepdf.open(io.BytesIO(packet_of(signed_in, couple))) as pdf:
        root = pdf.Root.StructTreeRoot.objgen
        strays = set()
        for listed in parent_tree(pdf).values():
            for element in listed if isinstance(listed, pikepdf.Array) else [listed]:
                while element.get("/Type") != "/StructTreeRoot":
                    element = element.P
                if element.objgen != root:
                    strays.add(element.objgen)
        documents = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Document"
        ]
        assert not strays and len(documents) == 1, f"{len(strays)} other structure trees"


def test_the_cover_page_numbers_link_to_the_first_copy_of_each_worksheet(signed_in, case):
    couple, untouched, _, _, halfway = case
    packet = packet_of(signed_in, couple)
    pages = page_texts(packet)
    first_copy = {
        untouched.id: (untouched.title, "Jordan Ellis"),
        halfway.id: (halfway.title, "Sam Whitaker"),
    }
    with pikepdf.open(io.BytesIO(packet)) as pdf:
        index = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        flat = pdf.Root.Names.Dests.Names
        destinations = {str(flat[i]): flat[i + 1] for i in range(0, len(flat), 2)}
        links = [a for a in pdf.pages[0].obj.get("/Annots", []) if a.Subtype == "/Link"]
        landed = {}
        for link in links:
            name = str(link.Dest)
            landed[int(name.removeprefix("assignment-"))] = index[destinations[name][0].objgen]
    assert landed.keys() == first_copy.keys()
    for assignment_id, page in landed.items():
        title, partner = first_copy[assignment_id]
        # The copy's own anchor, not the cover's placeholder of the same name.
        assert pages[page].startswith(title), (assignment_id, page)
        assert f"Name {partner}" in pages[page]


def test_each_copy_numbers_its_own_pages_and_has_a_bookmark(signed_in, case):
    couple, untouched, _, _, halfway = case
    packet = packet_of(signed_in, couple)
    pages = page_texts(packet)
    starts = copy_starts(pages)
    assert len(starts) == 3 and "Page 1 of 1" in pages[0]  # the cover is a page of its own
    for start, end in zip(starts, [*starts[1:], len(pages)], strict=True):
        length = end - start
        for k, page in enumerate(pages[start:end], start=1):
            assert f"Page {k} of {length}" in page, (start, k)
    with pikepdf.open(io.BytesIO(packet)) as pdf:
        index = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        with pdf.open_outline() as outline:
            top = [(item.title, index[item.destination[0].objgen]) for item in outline.root]
    # The cover, then one bookmark per copy (in due order) landing on its first page.
    assert top[0] == ("Jordan Ellis and Sam Whitaker", 0)
    assert [page for _, page in top[1:]] == starts
    # Named with whose copy it is: two partners' copies of one worksheet would read alike.
    assert [title for title, _ in top[1:]] == [
        f"{halfway.title} \u00b7 Sam Whitaker",
        f"{untouched.title} \u00b7 Jordan Ellis",
        f"{untouched.title} \u00b7 Sam Whitaker",
    ]


def small_documents() -> list[str]:
    """Three documents of 1, 3 and 2 pages, the longest HTML not first (render_each starts
    the longest first, so an answer in the order made would come back out of order)."""
    next_page = '<p style="break-before: page">more</p>'
    return [
        f'<html lang="en"><p>Document {name}</p>' + next_page * (pages - 1)
        for name, pages in (("alpha", 1), ("bravo", 3), ("charlie", 2))
    ]


def texts_and_pages(made) -> list[tuple[str, int]]:
    return [(text_of(rendered.pdf), rendered.pages) for rendered in made]


def test_render_processes_give_documents_back_in_the_order_given():
    documents = small_documents()
    in_processes = texts_and_pages(render_each(documents, root=STATIC, processes=2))
    assert [pages for _, pages in in_processes] == [1, 3, 2]
    for (text, _), name in zip(in_processes, ("alpha", "bravo", "charlie"), strict=True):
        assert text.startswith(f"Document {name}"), text
    assert in_processes == texts_and_pages(render_each(documents, root=STATIC, processes=1))


def test_a_render_process_that_dies_does_not_fail_the_packet(signed_in, case, caplog):
    couple = case[0]
    before = text_of(packet_of(signed_in, couple))  # this starts the render processes
    workers = list(processes._pool._processes.values())
    assert workers
    for worker in workers:  # as the kernel's out-of-memory killer would
        os.kill(worker.pid, signal.SIGKILL)
    for worker in workers:
        worker.join(timeout=10)
    assert text_of(packet_of(signed_in, couple)) == before
    # It really went the way it guards, not through processes that happened to live.
    assert "a PDF render process stopped" in caplog.text


def test_a_document_weasyprint_cannot_lay_out_raises_render_error():
    # Nesting deeper than Python's recursion limit: WeasyPrint builds boxes recursively.
    too_deep = "<div>" * 3000 + "too deep" + "</div>" * 3000
    with pytest.raises(RenderError, match="could not be made"):
        render_each([small_documents()[0], too_deep], root=STATIC, processes=2)
    # The processes are still there for the next document.
    assert render_each(small_documents(), root=STATIC, processes=2)[1].pages == 3


def test_the_warm_engine_draws_what_plain_weasyprint_draws(app):
    with app.test_request_context():
        worksheet = get_library().get("weekly-relationship-check-in")
        html = blank_handout_html(worksheet, PrintSettings("Harbor"), fillable=False)
    assert 'href="pdf/' in html  # so the Engine has our sheets to take out and pass parsed
    warm = Engine(STATIC).render(html).pdf
    plain = weasyprint.HTML(
        string=html, base_url=Path(STATIC).as_uri() + "/", url_fetcher=StaticFilesFetcher(STATIC)
    ).write_pdf()
    warm_pages, plain_pages = pages_drawn(warm, 40), pages_drawn(plain, 40)
    assert len(warm_pages) == len(plain_pages)
    for n, (a, b) in enumerate(zip(warm_pages, plain_pages, strict=True), start=1):
        assert ImageChops.difference(a, b).getbbox() is None, f"page {n} differs"


def test_made_in_the_app_process_the_packet_is_the_same_and_each_part_is_made_once(
    app, case, monkeypatch
):
    """`PDF_PROCESSES=1` (or processes that cannot start): the same packet, no part twice."""
    from datetime import date

    from practice.couples.models import Couple
    from practice.extensions import db
    from practice.handouts.homework import homework_packet

    made = []

    def counted(html, **options):
        made.append(html)
        return render_counted(html, **options)

    render_counted = processes.render_counted
    monkeypatch.setattr(processes, "render_counted", counted)
    with app.test_request_context():
        couple = db.session.get(Couple, case[0].id)
        packets = [
            homework_packet(couple, PrintSettings("Harbor", processes=n), today=date.today())
            for n in (1, 2)
        ]
    # Three copies and the cover, each made once here; none of them here with processes.
    assert len(made) == 4 and len(set(made)) == 4
    assert page_texts(packets[0]) == page_texts(packets[1])


def test_render_processes_leave_when_the_app_process_is_killed(tmp_path):
    """A killed app process (SIGKILL, the out-of-memory killer) leaves no render process
    behind holding its memory."""
    import subprocess
    import sys
    import time

    script = tmp_path / "app_process.py"
    script.write_text(
        "from practice.handouts import processes\n"
        "from practice.resources import STATIC\n"
        "if __name__ == '__main__':\n"
        "    processes.start(STATIC, 2)\n"
        "    print(*(p.pid for p in processes._pool._processes.values()), flush=True)\n"
        "    import time; time.sleep(60)\n"
    )
    app_process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(pid) for pid in app_process.stdout.readline().split()]
        assert len(pids) == 2 and all(alive(pid) for pid in pids)
        app_process.kill()
        app_process.wait()
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(alive(pid) for pid in pids)
    finally:
        app_process.kill()
        app_process.wait()
        app_process.stdout.close()


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"  # a zombie has exited, its parent gone
    except FileNotFoundError:
        return False
