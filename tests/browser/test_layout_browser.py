"""Every page from a 390 px phone to a 1920 px screen, in Danish and English: nothing clipped, no sideways scroll.

Issue "For the people in the room": on a tablet the sidebar stayed open and tile values, changes, badges
and links were cut with an ellipsis ("131,0…"), Bydele lost a district and the download buttons their
labels. Here every page is opened at 390×844, 820×1180, 1180×820 and 1920×1080 and

- no tile value, change, label, badge, caption, link or button text is wider than its box where the box
  hides what overflows (scrollWidth against clientWidth, on the element and everything inside it), nor
  reaches past the window's right edge;
- neither the page nor Streamlit's main area scrolls sideways;
- the sidebar starts collapsed below ui.layout.NARROW_SCREEN_PX and open from there on;
- the district map's canvas lies wholly inside the window;
- no word of a page title is broken over two lines.

One server, one browser context per size, one tab reused for all pages; a screenshot of every page at
every size goes to test-artifacts/layout/ (stretched to the page's height).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, wait_for_app
from ui.layout import NARROW_SCREEN_PX
from ui.navigation import VISIONS

pytestmark = pytest.mark.browser

SIZES = [(390, 844), (820, 1180), (1180, 820), (1920, 1080)]
PATHS = ["", *(slug for _, slug in VISIONS.values()), "pejlemaerker", "bydele", "koebenhavnermodel", "om-data",
         "min-enhed", "tilgaengelighed"]
LANGS = ["da", "en"]
SHOTS = ARTIFACTS / "layout"

# The texts that must never be cut: st.metric's label, value and change, badges, captions, page links,
# buttons (downloads included) and widget labels, in the main area.
_CLIPPED = """() => {
  const targets = [
    '[data-testid="stMetricLabel"]', '[data-testid="stMetricValue"]', '[data-testid="stMetricDelta"]',
    '.stMarkdownBadge', '[data-testid="stCaptionContainer"]', '[data-testid="stPageLink-NavLink"]',
    'button', '[data-testid="stWidgetLabel"]', '[data-testid="stMarkdownContainer"] strong',
  ].map((s) => '[data-testid="stMain"] ' + s).join(', ');
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const hides = (el) => { const o = getComputedStyle(el).overflowX; return o !== 'visible'; };
  const out = [];
  for (const target of document.querySelectorAll(targets)) {
    const text = target.innerText.trim();
    if (!text || !visible(target)) continue;
    const cut = [target, ...target.querySelectorAll('*')].find(
      (el) => visible(el) && hides(el) && el.scrollWidth > el.clientWidth + 1);
    const right = target.getBoundingClientRect().right;
    if (cut) out.push(`${text.replace(/\\s+/g, ' ').slice(0, 80)} (${cut.scrollWidth} px in ${cut.clientWidth} px)`);
    else if (right > window.innerWidth + 1) out.push(`${text.slice(0, 80)} (ends at ${Math.round(right)} px)`);
  }
  return out;
}"""

_SIDEWAYS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const out = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    out.push(`page ${document.documentElement.scrollWidth} px wide`);
  if (main && main.scrollWidth > main.clientWidth + 1) out.push(`main area ${main.scrollWidth} px wide`);
  return out;
}"""

# A page title's words each on one line: a long Danish compound broken mid-word reads as two words.
_TITLE_WORD_BROKEN = """() => [...document.querySelectorAll('[data-testid="stMain"] h1')].flatMap((h) => {
  const out = [];
  const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.textContent.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) out.push(`title word "${match[0]}" broken over ${lines.size} lines`);
    }
  }
  return out;
})"""

_MAP_OUTSIDE = """() => [...document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas')]
  .map((c) => c.getBoundingClientRect())
  .filter((r) => r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1))
  .map((r) => `map canvas from ${Math.round(r.left)} to ${Math.round(r.right)} px`)"""


def _screenshot(page, name: str, width: int, height: int) -> None:
    """The whole page: Streamlit scrolls inside its main area, so the window is stretched for the shot."""
    full = page.evaluate("""() => Math.max(document.documentElement.scrollHeight,
        ...[...document.querySelectorAll('[data-testid="stMain"]')].map((e) => e.scrollHeight))""")
    page.set_viewport_size({"width": width, "height": min(max(int(full), height), 12_000)})
    page.wait_for_timeout(150)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size({"width": width, "height": height})


def _sidebar_state(page, width: int) -> str | None:
    """None if the sidebar is as it should be at this width, else what is wrong."""
    want = "true" if width < NARROW_SCREEN_PX else "false"
    sidebar = page.locator('[data-testid="stSidebar"]')
    try:
        page.wait_for_function(
            "(want) => document.querySelector('[data-testid=\"stSidebar\"]')?.getAttribute('data-collapsed') === want",
            arg=want, timeout=5_000)
    except Exception:
        return f"sidebar data-collapsed={sidebar.get_attribute('data-collapsed')}, expected {want}"
    return None


def test_every_page_at_every_size_has_nothing_clipped(app_url, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for width, height in SIZES:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
        try:
            page = context.new_page()
            page.set_default_timeout(30_000)
            for lang in LANGS:
                for path in PATHS:
                    where = f"/{path}{'?lang=en' if lang == 'en' else ''}"
                    page.goto(f"{app_url}{where}")
                    wait_for_app(page)
                    wrong_sidebar = _sidebar_state(page, width)
                    page.wait_for_timeout(200)  # charts and the map lay themselves out after the script ends
                    found = (page.evaluate(_CLIPPED) + page.evaluate(_SIDEWAYS) + page.evaluate(_MAP_OUTSIDE)
                             + page.evaluate(_TITLE_WORD_BROKEN))
                    if wrong_sidebar and path == "":  # the same frame on every page: said once per size
                        found.append(wrong_sidebar)
                    problems += [f"{where} at {width}×{height}: {text}" for text in found]
                    _screenshot(page, f"{path or 'forside'}_{lang}_{width}", width, height)
        finally:
            context.close()
    assert not problems, f"{len(problems)} clipped or too wide:\n" + "\n".join(problems)
