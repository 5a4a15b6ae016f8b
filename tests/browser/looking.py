"""Looking at a page as its users meet it: axe-core for accessibility, and on a phone,
no sideways scrolling and tap targets a thumb can hit."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

# The impacts that fail a test (axe's own scale: minor, moderate, serious, critical).
BLOCKING_IMPACTS = {"serious", "critical"}
# WCAG 2.5.5 (target size, enhanced): 44 by 44 CSS pixels.
SMALLEST_TAP_TARGET = 44

_axe = Axe()

# Runs in the page. Returns how far the page scrolls sideways, and every visible control
# smaller than a fingertip. A radio or checkbox is tapped through its label, so the label is
# what is measured (the input itself may be invisible, as the scale's are). A link with text
# beside it in the same line is part of a sentence, which WCAG 2.5.5 exempts.
_PHONE_LAYOUT = """(smallest) => {
  const root = document.documentElement;
  // clientWidth, not innerWidth: a mobile browser widens the visual viewport to the content.
  const sideways = root.scrollWidth - root.clientWidth;
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]');
  const describe = (el) => {
    const name = (el.getAttribute('aria-label') || el.innerText || el.value || el.name || '')
      .trim().replace(/\\s+/g, ' ').slice(0, 40);
    return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}> "${name}"`;
  };
  const tapTarget = (el) =>
    (el.type === 'radio' || el.type === 'checkbox') && el.labels && el.labels.length
      ? el.labels[0] : el;
  const inSentence = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    return [...el.parentElement.childNodes].some((node) => node !== el
      && node.textContent.trim()
      && (node.nodeType === Node.TEXT_NODE || getComputedStyle(node).display === 'inline'));
  };
  const small = [];
  for (const el of controls) {
    const target = tapTarget(el);
    if (!target.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const box = target.getBoundingClientRect();
    // Visually hidden, or parked off the page, until focused (the skip link).
    const offPage = box.right + window.scrollX <= 0 || box.bottom + window.scrollY <= 0;
    if (box.width <= 1 || box.height <= 1 || offPage || inSentence(el)) continue;
    if (box.width < smallest - 0.5 || box.height < smallest - 0.5) {
      small.push(`${describe(el)} is ${Math.round(box.width)}x${Math.round(box.height)} px`);
    }
  }
  return {sideways, small};
}"""


def path_of(url: str) -> str:
    return urlsplit(url).path


def is_phone(page) -> bool:
    return page.viewport_size["width"] < 600


def _key(page) -> tuple[str, str]:
    return path_of(page.url), "phone" if is_phone(page) else "laptop"


class PageChecks:
    """Which pages a test reached, and which of them it looked at."""

    def __init__(self) -> None:
        # Keyed by path and kind of window: a page checked on a laptop is not yet checked
        # on a phone, where the layout checks apply too.
        self.reached: dict[tuple[str, str], str] = {}
        self.checked: set[tuple[str, str]] = set()
        self.without_script: list = []  # browser contexts that run no JavaScript

    def watch(self, page) -> None:
        page.on("load", self._arrived)

    def _arrived(self, page) -> None:
        if page.url.startswith("http"):
            self.reached.setdefault(_key(page), f"{page.url} ({_key(page)[1]})")

    def unchecked(self) -> list[str]:
        return [url for key, url in self.reached.items() if key not in self.checked]

    def check(self, page) -> None:
        """Fail with every blocking accessibility fault, and on a phone every layout fault."""
        page.wait_for_load_state()
        if page.context in self.without_script:
            faults = accessibility_faults_without_script(page)
        else:
            faults = accessibility_faults(page)
        if is_phone(page):
            faults += phone_faults(page)
        self.checked.add(_key(page))
        if folder := os.environ.get("SCREENSHOT_DIR"):
            save_screenshot(page, Path(folder))
        assert not faults, f"{path_of(page.url)} has problems:\n  " + "\n  ".join(faults)


def save_screenshot(page, folder: Path) -> None:
    """Every checked page as a PNG, to look at the way a user does (SCREENSHOT_DIR=...)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"\W+", "-", path_of(page.url)).strip("-") or "root"
    page.screenshot(path=folder / f"{name}-{page.viewport_size['width']}.png", full_page=True)


def accessibility_faults(page) -> list[str]:
    violations = _axe.run(page).response["violations"]
    return [
        f"axe {v['impact']} {v['id']}: {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]


def accessibility_faults_without_script(page) -> list[str]:
    """axe needs the page's timers, which a browser without JavaScript never runs: scan the
    same HTML, at the same address (so its styles load), in a window that runs script."""
    html = page.content()
    phone = is_phone(page)
    twin = page.context.browser.new_context(
        viewport=page.viewport_size, is_mobile=phone, has_touch=phone
    )
    try:
        copy = twin.new_page()
        copy.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html"))
        copy.goto(page.url)
        return accessibility_faults(copy)
    finally:
        twin.close()


def phone_faults(page) -> list[str]:
    layout = page.evaluate(_PHONE_LAYOUT, SMALLEST_TAP_TARGET)
    faults = [f"tap target too small: {entry}" for entry in layout["small"]]
    if layout["sideways"] > 0:
        faults.append(f"scrolls sideways by {layout['sideways']} px on a 390 px wide phone")
    return faults
