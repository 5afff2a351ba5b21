"""The meeting screen (?mode=moede) in headless Chromium: every vision fits one committee screen (1920×1080)
and one tablet in landscape (1180×820) with its top bar, the sample banner and all its signs, nothing cut
off; the arrow keys step through the visions as ◀ ▶ do, except while a text field has the focus.
Screenshots: test-artifacts/meeting_<vision>_<width>x<height>.png.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from registry import load_registry

pytestmark = pytest.mark.browser

expect.set_options(timeout=30_000)

REGISTRY = load_registry()
VISIONS = REGISTRY.visions()
SCREENS = {"screen": (1920, 1080), "tablet": (1180, 820)}
ROOT_FONT_PX = {"screen": 22.14, "tablet": 16.81}  # one rem: 2.05 % of the height on both

# Where everything on the screen is, and what of the tiles is cut off or sticks out of them.
MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const box = (e) => e.getBoundingClientRect();
  const name = (e) => (e.getAttribute('data-testid') || e.tagName) + ' "' + e.textContent.trim().slice(0, 40) + '"';
  const tiles = [...document.querySelectorAll('[class*="st-key-meeting-tile-"]')];
  const cut = [], outside = [];
  for (const tile of tiles) {
    const t = box(tile);
    for (const el of tile.querySelectorAll('*')) {
      const b = box(el), cs = getComputedStyle(el);
      if (b.width === 0 || b.height === 0) continue;
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) cut.push(name(el) + ' wide ' + el.scrollWidth + '>' + el.clientWidth);
      if (cs.overflowY !== 'visible' && el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 1) cut.push(name(el) + ' high');
      if (cs.textOverflow === 'ellipsis' && cs.overflowX !== 'visible') cut.push(name(el) + ' ellipsis');
      if (b.bottom > t.bottom + 1 || b.right > t.right + 1 || b.left < t.left - 1) outside.push(name(el));
    }
  }
  // the element shown (Streamlit keeps a hidden twin of a button with a tooltip)
  const shown = (sel) => [...document.querySelectorAll(sel)].find((e) => box(e).height > 0);
  const bottom = (sel) => { const e = shown(sel); return e ? box(e).bottom : null; };
  const badges = [...document.querySelectorAll('[class*="st-key-meeting-tile-"] .stMarkdownBadge')];
  return {
    scrollHeight: main.scrollHeight, clientHeight: main.clientHeight, viewport: innerHeight,
    tiles: tiles.length, lastTileBottom: Math.max(...tiles.map((t) => box(t).bottom)),
    banner: bottom('[data-testid="stAlert"]'), head: bottom('.st-key-meeting-head'),
    buttons: [bottom('.st-key-prev button'), bottom('.st-key-next button')],
    cut, outside,
    rem: parseFloat(getComputedStyle(document.documentElement).fontSize),
    badgePx: badges.map((b) => parseFloat(getComputedStyle(b).fontSize)),
    valuePx: parseFloat(getComputedStyle(document.querySelector('[data-testid="stMetricValue"]')).fontSize),
  };
}"""


def artifacts():
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@contextlib.contextmanager
def meeting_page(browser, wait_app, app_url: str, width: int, height: int, vision: int | None = None):
    """A fresh tab of the given size; with `vision`, on the meeting screen at that vision (its index)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        if vision is not None:
            page.goto(f"{app_url}/?mode=moede&vision={VISIONS[vision].code}")
            wait_app(page, VISIONS[vision].title_da)
            expect(page.locator("h1")).to_have_text(heading(vision))
        yield page
    finally:
        context.close()


def heading(position: int) -> re.Pattern:
    vision = VISIONS[position]
    return re.compile(rf"^{re.escape(vision.title_da)}\s+·\s+{position + 1}/{len(VISIONS)}$")


def vision_in_url(page) -> str | None:
    return parse_qs(urlparse(page.url).query).get("vision", [None])[0]


@pytest.mark.parametrize("screen", SCREENS)
def test_every_vision_fits_one_screen_with_nothing_cut_off(app_url, browser, wait_app, screen):
    width, height = SCREENS[screen]
    with meeting_page(browser, wait_app, app_url, width, height) as page:
        for position, vision in enumerate(VISIONS):
            page.goto(f"{app_url}/?mode=moede&vision={vision.code}")
            wait_app(page, vision.title_da)
            expect(page.locator("h1")).to_have_text(heading(position))
            page.wait_for_timeout(300)  # let the grid settle after the last rerun
            m = page.evaluate(MEASURE)
            page.screenshot(path=str(artifacts() / f"meeting_{vision.code}_{width}x{height}.png"))
            where = f"{vision.code} at {width}×{height}: {m}"

            assert m["tiles"] == len(REGISTRY.indicators_in(vision.code)), where
            # One screen: no scrolling, and the last tile ends inside the viewport.
            assert m["scrollHeight"] <= m["clientHeight"] == height, where
            assert m["lastTileBottom"] <= height, where
            # The sample banner and the top bar are there, above the tiles.
            assert m["banner"] is not None and m["banner"] < m["head"] <= m["lastTileBottom"], where
            assert all(b is not None and m["banner"] < b < height / 4 for b in m["buttons"]), where
            # Nothing cut off, nothing sticking out of its tile.
            assert m["cut"] == [] and m["outside"] == [], where
            # Large and calm: the type follows the screen; values and status marks are big.
            assert m["rem"] == pytest.approx(ROOT_FONT_PX[screen], abs=0.05), where
            assert m["valuePx"] >= 2.4 * m["rem"], where
            assert min(m["badgePx"]) >= 1.05 * m["rem"] > 14, where


def test_on_a_phone_the_signs_scroll_but_nothing_is_cut_off(app_url, browser, wait_app):
    with meeting_page(browser, wait_app, app_url, 390, 844) as page:
        for position, vision in enumerate(VISIONS):
            page.goto(f"{app_url}/?mode=moede&vision={vision.code}")
            wait_app(page, vision.title_da)
            expect(page.locator("h1")).to_have_text(heading(position))
            m = page.evaluate(MEASURE)
            where = f"{vision.code} at 390×844: {m}"
            assert m["tiles"] == len(REGISTRY.indicators_in(vision.code)), where
            assert m["cut"] == [] and m["outside"] == [], where
            # ◀ and ▶ stay beside the title, one row, where Streamlit would stack the columns.
            rows = page.evaluate("""() => ['.st-key-prev button', '.st-key-meeting-head', '.st-key-next button']
                .map((s) => [...document.querySelectorAll(s)].map((e) => e.getBoundingClientRect())
                    .find((b) => b.height > 0))
                .map((b) => [Math.round(b.left), Math.round(b.top), Math.round(b.bottom)])""")
            (prev, head, nxt) = rows
            assert prev[0] < head[0] < nxt[0], where
            assert head[1] <= prev[1] < prev[2] <= head[2] and head[1] <= nxt[1] < nxt[2] <= head[2], rows
        page.screenshot(path=str(artifacts() / "meeting_V4_390x844.png"))


def test_the_arrow_keys_step_through_the_visions(app_url, browser, wait_app):
    with meeting_page(browser, wait_app, app_url, 1920, 1080, vision=0) as page:
        # → twice, ← three times: the last one goes round from the first vision to the last
        for key, index in (("ArrowRight", 1), ("ArrowRight", 2), ("ArrowLeft", 1), ("ArrowLeft", 0),
                           ("ArrowLeft", len(VISIONS) - 1)):
            page.keyboard.press(key)
            wait_app(page, VISIONS[index].title_da)
            expect(page.locator("h1")).to_have_text(heading(index))
            assert vision_in_url(page) == VISIONS[index].code, key


def test_an_arrow_key_in_a_text_field_stays_in_the_field(app_url, browser, wait_app):
    with meeting_page(browser, wait_app, app_url, 1180, 820, vision=1) as page:
        # The meeting screen has no text field of its own; one is put on the page, as a browser's
        # extension or a later widget might, to see that typing in it does not change the vision.
        page.evaluate("""() => {
            const field = document.createElement('input');
            field.id = 'meeting-probe'; field.value = 'abc';
            document.querySelector('[data-testid="stMain"]').prepend(field);
        }""")
        field = page.locator("#meeting-probe")
        field.focus()
        field.evaluate("(f) => f.setSelectionRange(3, 3)")
        for key in ("ArrowLeft", "ArrowLeft", "ArrowRight"):
            page.keyboard.press(key)
        page.wait_for_timeout(1500)  # time for a rerun, if one had been started
        wait_app(page, VISIONS[1].title_da)
        expect(page.locator("h1")).to_have_text(heading(1))
        assert vision_in_url(page) == "V2"
        assert field.evaluate("(f) => f.selectionStart") == 2  # the keys moved the caret instead
