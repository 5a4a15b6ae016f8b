"""The library in the app: browse, search, preview, the health page, and who may see them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from flask import url_for
from markupsafe import escape

from practice.library.loader import DEFAULT_DIR, load_library
from practice.library.schema import SECTION_TITLES, TIP_TITLES
from practice.models import Role

SHIPPED = load_library([DEFAULT_DIR]).worksheets
HOSTILE = "<script>alert(1)</script> {{7*7}}"
IMG = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def extra(tmp_path) -> Path:
    folder = tmp_path / "extra"
    folder.mkdir()
    return folder


@pytest.fixture
def settings(settings, extra):
    # get_library caches per app and each test gets a new app: files written before the
    # first request are what that test's app loads.
    return dict(settings, WORKSHEETS_EXTRA_DIR=str(extra))


def sheet(slug: str, **changes) -> dict:
    data = {
        "slug": slug,
        "version": 1,
        "title": "Practice Own Sheet",
        "summary": "A sheet the practice wrote.",
        "source": {"section": "maintaining-trust", "tip": "consistency"},
        "audience": "together",
        "minutes": 10,
        "counselor_notes": "Purpose: practice.",
        "instructions": "Answer together.",
        "sections": [
            {"title": "Only", "prompts": [{"id": "note", "kind": "short_text", "label": "Note?"}]}
        ],
    }
    data.update(changes)
    return data


def write(folder: Path, data: dict) -> Path:
    path = folder / f"{data['slug']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def admin_in(auth, make_user):
    assert auth.sign_in(make_user(Role.ADMIN)).status_code == 302
    return auth.client


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_index_lists_the_library_by_section_and_tip(signed_in):
    page = text_of(signed_in.get("/library/"))
    assert len(SHIPPED) >= 20
    for ws in SHIPPED.values():
        assert str(escape(ws.title)) in page, ws.slug
    headings = re.findall(r'<h2 class="library-section__title"[^>]*>([^<]+)</h2>', page)
    assert headings == list(SECTION_TITLES.values())
    assert "Transparency and honesty" in page and "Each partner" in page
    # Each worksheet sits under its own tip's heading.
    for part in page.split('<h3 class="library-tip__title">')[1:]:
        heading, block = part.split("</h3>", 1)
        tip = next(key for key, title in TIP_TITLES.items() if title == heading)
        in_tip = [str(escape(ws.title)) for ws in SHIPPED.values() if ws.source.tip == tip]
        assert re.findall(r'class="ws-card__title"[^>]*>([^<]+)<', block) == in_tip, tip


def test_search_finds_a_word_in_a_title_or_summary(signed_in):
    ws = SHIPPED["emotional-strain-and-safety-check-in"]
    page = text_of(signed_in.get("/library/", query_string={"q": "safety check-in"}))
    assert ws.title in page
    assert "Our Transparency Agreement" not in page
    assert "match &ldquo;safety check-in&rdquo;" in page
    by_summary = text_of(signed_in.get("/library/", query_string={"q": "SELF-HARM"}))
    assert ws.title in by_summary  # the word is only in its summary


def test_search_says_clearly_when_nothing_matches(signed_in):
    page = text_of(signed_in.get("/library/", query_string={"q": "zebra <b>crossing</b>"}))
    assert "No worksheets match &ldquo;zebra &lt;b&gt;crossing&lt;/b&gt;&rdquo;" in page
    assert "show the whole library" in page
    assert 'class="ws-card"' not in page


def test_filters_narrow_by_section_tip_and_audience(signed_in):
    one = text_of(signed_in.get("/library/", query_string={"audience": "one-partner"}))
    for ws in SHIPPED.values():
        assert (ws.title in one) == (ws.audience == "one-partner"), ws.slug
    impact = text_of(signed_in.get("/library/", query_string={"section": "impact"}))
    assert re.findall(r'library-section__title"[^>]*>([^<]+)<', impact) == ["Impact"]
    tip = text_of(signed_in.get("/library/", query_string={"tip": "emotional-strain"}))
    shown = {ws.slug for ws in SHIPPED.values() if ws.title in tip}
    assert shown == {s for s, ws in SHIPPED.items() if ws.source.tip == "emotional-strain"}
    junk = signed_in.get("/library/", query_string={"section": "<x>", "audience": "all"})
    assert junk.status_code == 200 and text_of(junk).count('class="ws-card"') == len(SHIPPED)


def test_preview_shows_notes_facts_and_the_form_read_only(signed_in):
    ws = SHIPPED["emotional-strain-and-safety-check-in"]
    response = signed_in.get(f"/library/{ws.slug}")
    assert response.status_code == 200
    page = text_of(response)
    assert "Counselor notes" in page
    assert str(escape("When NOT to use: never as a joint or shared sheet.")) in page
    assert "Each partner" in page and "About 10 minutes" in page and "Emotional strain" in page
    for prompt in ws.all_prompts():
        assert str(escape(prompt.label)) in page, prompt.id
    inputs = re.findall(r"<(?:input|textarea)\b[^>]*>", page)
    answer_inputs = [tag for tag in inputs if 'name="answer-' in tag]
    assert answer_inputs and all(" disabled" in tag for tag in answer_inputs)
    assert page.count('name="answer-stress_level"') == 11
    assert "(optional)" in page and 'data-prompt-id="unsafe_at_home"' in page
    assert "data-autosave" not in page


def test_preview_links_to_assign_and_pdfs_only_when_those_exist(app, signed_in):
    slug = "trust-rebuilding-plan"
    page = text_of(signed_in.get(f"/library/{slug}"))
    for endpoint, label in (
        ("assignments.new", "Assign to a couple"),
        ("handouts.blank", "Download printable PDF"),
    ):
        assert (label in page) == (endpoint in app.view_functions)


def test_preview_links_light_up_once_the_endpoints_exist(app, auth, counselor):
    for rule, endpoint in (
        ("/t/assign/<slug>", "assignments.new"),
        ("/t/h/<slug>", "handouts.blank"),
    ):
        if endpoint not in app.view_functions:
            app.add_url_rule(rule, endpoint, lambda slug: "")
    auth.sign_in(counselor)
    page = text_of(auth.client.get("/library/trust-rebuilding-plan"))
    with app.test_request_context():
        urls = [
            url_for("assignments.new", slug="trust-rebuilding-plan"),
            url_for("handouts.blank", slug="trust-rebuilding-plan"),
            url_for("handouts.blank", slug="trust-rebuilding-plan", fillable=1),
        ]
    for url in urls:
        assert f'href="{escape(url)}"' in page, url


def test_unknown_slug_is_404(signed_in):
    assert signed_in.get("/library/no-such-sheet").status_code == 404
    assert signed_in.get("/library/..%2Fsecrets").status_code == 404


def test_hostile_text_from_a_worksheet_file_is_inert(signed_in, extra):
    options = [HOSTILE, IMG]
    prompts = [
        {"id": "a", "kind": "short_text", "label": HOSTILE, "help": IMG},
        {"id": "b", "kind": "checklist", "label": "Pick", "options": options},
    ]
    data = sheet(
        "hostile-sheet",
        title=f"Hostile {HOSTILE}",
        summary=IMG,
        counselor_notes=f"Notes {HOSTILE}\n\n{IMG}",
        instructions=HOSTILE,
        sections=[{"title": HOSTILE, "intro": IMG, "prompts": prompts}],
    )
    write(extra, data)
    for url in ("/library/", "/library/hostile-sheet", "/library/?q=hostile"):
        page = text_of(signed_in.get(url))
        assert "Hostile" in page, url
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt; {{7*7}}" in page, url
        assert "&lt;/script&gt; 49" not in page, url
    preview = text_of(signed_in.get("/library/hostile-sheet"))
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt; {{7*7}}"' in preview
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in preview


@pytest.mark.parametrize("role", [Role.ADMIN, Role.CLIENT])
def test_library_pages_are_for_counselors_only(auth, make_user, role):
    auth.sign_in(make_user(role))
    for url in ("/library/", "/library/trust-rebuilding-plan", "/library/?q=trust"):
        response = auth.client.get(url)
        assert response.status_code == 404, url
        assert b"Transparency" not in response.data


def test_health_is_for_admins_only(signed_in, auth, make_user):
    assert signed_in.get("/library/health").status_code == 404
    auth.sign_out()
    auth.sign_in(make_user(Role.CLIENT))
    assert auth.client.get("/library/health").status_code == 404
    auth.sign_out()
    anonymous = auth.client.get("/library/health")
    assert anonymous.status_code == 302 and "/auth/sign-in" in anonymous.location


def test_health_says_all_is_well(admin_in):
    page = text_of(admin_in.get("/library/health"))
    assert f"All {len(SHIPPED)} worksheets are valid." in page
    assert "Library health" in page


def test_a_broken_file_is_named_on_the_health_page_and_the_rest_still_serves(
    extra, admin_in, auth, counselor
):
    scale = {
        "id": "level",
        "kind": "scale",
        "label": "Level?",
        "min": 5,
        "max": 5,
        "min_label": "<low>",
        "max_label": "High",
    }
    bad = write(extra, sheet("broken-sheet", sections=[{"title": "S", "prompts": [scale]}]))
    (extra / "not-yaml.yaml").write_text("slug: [unclosed\n", encoding="utf-8")
    write(extra, sheet("fine-sheet", title="A Fine Practice Sheet"))
    page = text_of(admin_in.get("/library/health"))
    assert f"{len(SHIPPED) + 1} worksheets loaded. 2 problems in 2 files" in page
    assert (
        f"{escape(bad.as_posix())}: sections[0].prompts[0].max: must be greater than min (5)"
        in (page)
    )
    assert "not-yaml.yaml: file: YAML syntax error" in page
    auth.sign_out()
    auth.sign_in(counselor)
    index = text_of(auth.client.get("/library/"))
    assert "A Fine Practice Sheet" in index and "Our Transparency Agreement" in index
    assert auth.client.get("/library/broken-sheet").status_code == 404
    assert auth.client.get("/library/health").status_code == 404


def test_every_shipped_worksheet_previews_with_all_its_prompts(signed_in):
    for slug, ws in SHIPPED.items():
        response = signed_in.get(f"/library/{slug}")
        assert response.status_code == 200, slug
        page = text_of(response)
        for prompt in ws.all_prompts():
            assert str(escape(prompt.label)) in page, (slug, prompt.id)
            if prompt.kind == "list":
                names = re.findall(rf'name="answer-{prompt.id}-(\d+)"', page)
                assert names == [str(n) for n in range(1, prompt.entries + 1)], (slug, prompt.id)
            if prompt.kind == "scale":
                count = page.count(f'name="answer-{prompt.id}"')
                assert count == prompt.max - prompt.min + 1, (slug, prompt.id)
