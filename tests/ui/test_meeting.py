"""The meeting screen's look (ui.meeting): switched on by ?mode=moede; no sidebar, type sized from the
screen, a grid of signs per number of signs, the arrow keys as shortcuts of ◀ ▶."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from registry import load_registry
from ui.meeting import (
    _CSS,
    MEETING_PARAM,
    MEETING_VALUE,
    NEXT_SHORTCUT,
    PREV_SHORTCUT,
    VISION_PARAM,
    meta_line,
)


def _style_script() -> None:
    from ui.meeting import meeting_style

    meeting_style()


def _grid_script() -> None:
    import streamlit as st

    from ui.meeting import tile_cell, tile_grid

    with tile_grid(3):
        for code in ("S01", "S02", "S03"):
            with tile_cell(code):
                st.markdown(code)


RULES = re.findall(r"([^{}]+)\{([^{}]*)\}", _CSS)  # (selectors, declarations) of every rule


def _rules(selector: str) -> list[str]:
    """The declarations of every CSS rule whose selectors name `selector`."""
    return [body.strip() for head, body in RULES if selector in head]


def _rules_ending(selector: str) -> list[str]:
    """The declarations of every rule whose selectors end with `selector` (the element itself, not inside it)."""
    return [" ".join(body.split()) for head, body in RULES if head.strip().endswith(selector)]


def test_the_address_that_opens_the_meeting_screen():
    assert (MEETING_PARAM, MEETING_VALUE, VISION_PARAM) == ("mode", "moede", "vision")


def test_the_arrow_keys_are_the_buttons_shortcuts():
    assert (PREV_SHORTCUT, NEXT_SHORTCUT) == ("Left", "Right")


def test_the_style_takes_no_room_and_hides_the_sidebar_and_header():
    at = AppTest.from_function(_style_script).run()
    assert not at.markdown  # st.html with only <style>: Streamlit puts it where it takes no room
    (html,) = at.get("html")
    css = html.proto.body.strip()
    assert css == _CSS.strip() and css.startswith("<style>") and css.endswith("</style>")
    assert _rules('[data-testid="stSidebar"]') == ["display: none;"]
    (head,) = [h for h, _ in RULES if '[data-testid="stSidebar"]' in h]
    for part in ("stSidebarCollapsedControl", "stExpandSidebarButton", "stHeader"):
        assert f'[data-testid="{part}"]' in head


def test_one_rem_follows_the_screen():
    # 22.1 px at 1920×1080, 16.8 px at 1180×820 (measured in tests/browser/test_meeting_browser.py).
    assert _rules("html ") == ["font-size: clamp(15px, min(2.05vh, 1.45vw), 26px);"]


def test_nothing_is_cut_off_with_an_ellipsis():
    (rule,) = [b for b in _rules(".stMarkdownEllipsis") if "white-space" in b]
    for decl in ("white-space: normal !important", "overflow: visible !important", "text-overflow: clip !important"):
        assert decl in rule
    (badge,) = _rules_ending(".stMarkdownBadge")
    assert "white-space: normal !important" in badge and "text-overflow: clip !important" in badge


def test_the_status_mark_is_large():
    (badge,) = _rules_ending(".stMarkdownBadge")
    assert "font-size: calc(var(--s) * 1.15rem) !important" in badge  # Streamlit's own is 0.875rem


def test_every_vision_has_a_grid_for_its_number_of_signs():
    registry = load_registry()
    counts = {len(registry.indicators_in(v.code)) for v in registry.visions()}
    assert counts == {3, 4, 5}
    for n in counts:
        assert _rules(f".st-key-meeting-grid-{n} "), n
    # Three side by side, five as three over two (a six-column grid), four in a row on a wide screen.
    assert any("repeat(3, minmax(0, 1fr))" in r for r in _rules(".st-key-meeting-grid-3 "))
    assert any("repeat(6, minmax(0, 1fr))" in r for r in _rules(".st-key-meeting-grid-5 "))
    assert _rules(".st-key-meeting-grid-5 > :nth-child(-n + 3)") == ["grid-column: span 2;"]
    assert _rules(".st-key-meeting-grid-5 > :nth-child(n + 4)") == ["grid-column: span 3;"]
    assert any("repeat(4, minmax(0, 1fr))" in r for r in _rules(".st-key-meeting-grid-4 "))
    assert "@media (min-width: 1000px) and (min-aspect-ratio: 5/3)" in _CSS


def test_the_grid_and_its_cells_are_named_by_their_keys():
    at = AppTest.from_function(_grid_script).run()
    (grid,) = at.main.children.values()
    assert grid.proto.id.endswith("-meeting-grid-3")
    cells = list(grid.children.values())
    assert [c.proto.id.rsplit("-meeting-tile-", 1)[1] for c in cells] == ["S01", "S02", "S03"]
    assert [c.children[0].value for c in cells] == ["S01", "S02", "S03"]


def test_meta_line_joins_what_is_there():
    assert meta_line("**9 af 15**", "Data opdateret 30.11.2026", "2014–2025, Hele byen") == \
        "**9 af 15**  ·  Data opdateret 30.11.2026  ·  2014–2025, Hele byen"
    assert meta_line("**9 af 15**", "", "2014–2025, Hele byen") == "**9 af 15**  ·  2014–2025, Hele byen"
