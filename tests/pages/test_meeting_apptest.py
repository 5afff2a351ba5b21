"""The meeting screen (?mode=moede, pages/views/moede.py) through Streamlit's AppTest: one vision per
screen in a grid of its signs, forward and back by ◀ ▶ (and the arrow keys, their shortcuts), the top
bar's words. Expected texts are computed here from the registry and the database, never read from the page.
"""

from __future__ import annotations

import re
from datetime import date

from data_access.db import get_engine
from data_access.queries import fetch_build_info
from metrics.status import RIGHT_WAY, assess
from registry import load_registry
from tests.levels import view_series
from tests.pages.apptest_helpers import new_app

REGISTRY = load_registry()
VISIONS = REGISTRY.visions()
FIRST_YEAR, LAST_YEAR = 2014, 2025


def norm(text: str) -> str:
    return " ".join(text.split())


def titles(at) -> list[str]:
    return [norm(t.value) for t in at.title]


def keyed_blocks(node, marker: str) -> list:
    """The blocks under `node` whose key contains `marker`, in page order (a key ends the block's id)."""
    found = []
    for child in getattr(node, "children", {}).values():
        if getattr(child, "type", "") == "flex_container" and marker in child.proto.id:
            found.append(child)
        found.extend(keyed_blocks(child, marker))
    return found


def key_of(block, marker: str) -> str:
    return block.proto.id.rsplit(marker, 1)[1]


def test_meeting_mode_steps_through_the_visions():
    assert len(VISIONS) == 4
    at = new_app(mode="moede")
    assert not at.exception, [e.message for e in at.exception]
    # The title separates with "  ·  " (two spaces each side); a browser shows one.
    assert titles(at) == [f"{VISIONS[0].title_da} · 1/4"] == ["Et værdigt liv · 1/4"]
    assert "vision" not in at.query_params

    expected = ["Et selvstændigt liv · 2/4", "En helstøbt og langsigtet løsning · 3/4",
                "En sund og fagligt stærk organisation · 4/4", "Et værdigt liv · 1/4"]
    for step, title in enumerate(expected, start=1):
        at.button(key="next").click().run()
        assert not at.exception, [e.message for e in at.exception]
        vision = VISIONS[step % 4]
        assert titles(at) == [f"{vision.title_da} · {step % 4 + 1}/4"] == [title]
        assert at.query_params["vision"] == vision.code

    at.button(key="prev").click().run()
    assert titles(at) == [f"{VISIONS[3].title_da} · 4/4"]  # back round from the first
    assert at.query_params["vision"] == VISIONS[3].code == "V4"
    at.button(key="prev").click().run()
    assert titles(at) == [f"{VISIONS[2].title_da} · 3/4"] == ["En helstøbt og langsigtet løsning · 3/4"]
    assert at.query_params["vision"] == "V3"


def test_the_arrow_keys_are_the_buttons_shortcuts():
    at = new_app(mode="moede", vision="V2")
    prev, nxt = at.button(key="prev"), at.button(key="next")
    assert (prev.label, nxt.label) == ("◀", "▶")
    assert (prev.proto.shortcut, nxt.proto.shortcut) == ("left", "right")  # Streamlit's names for ← →
    assert (prev.help, nxt.help) == ("Forrige vision", "Næste vision")


def test_each_vision_fills_its_grid_with_its_signs_in_order():
    for vision in VISIONS:
        at = new_app(mode="moede", vision=vision.code)
        assert not at.exception, [e.message for e in at.exception]
        signs = REGISTRY.indicators_in(vision.code)
        (grid,) = keyed_blocks(at.main, "meeting-grid-")
        assert key_of(grid, "meeting-grid-") == str(len(signs))
        cells = keyed_blocks(grid, "meeting-tile-")
        assert [key_of(c, "meeting-tile-") for c in cells] == [s.code for s in signs]
        for cell, sign in zip(cells, signs):
            assert f"**{sign.title_da}**" in [m.value for m in cell.markdown]
            assert len(cell.metric) == 1
        assert not at.get("page_link")  # a meeting screen links nowhere: it is shown, not browsed
    assert sorted(len(REGISTRY.indicators_in(v.code)) for v in VISIONS) == [3, 3, 4, 5]


def test_the_top_bar_says_what_moves_the_right_way_when_and_for_what():
    at = new_app(mode="moede")
    engine = get_engine()
    signs = REGISTRY.signs()
    right_way = sum(
        assess(view_series(engine=engine, indicator=ind.code, year_to=LAST_YEAR, years=(FIRST_YEAR, LAST_YEAR)),
               ind).status == RIGHT_WAY
        for ind in signs
    )
    updated = date.fromisoformat(fetch_build_info(engine=engine)["data_updated"])
    (head,) = keyed_blocks(at.main, "meeting-head")
    assert [m.value for m in head.markdown] == [
        f"**{right_way} af {len(signs)} tegn bevæger sig i den ønskede retning**  ·  "
        f"Data opdateret {updated:%d.%m.%Y}  ·  {FIRST_YEAR}–{LAST_YEAR}, Hele byen"
    ]
    assert len(signs) == 15


def test_sample_data_are_named_on_the_meeting_screen_too():
    at = new_app(mode="moede", vision="V2")
    (banner,) = at.warning
    # one short sentence on the room's screen, without the charts' triangle it has no chart for
    assert re.fullmatch(r"\*\*Eksempeldata — ikke virkelige tal\.\*\* \d+,\d % af tallene er eksempeldata og må ikke "
                        r"citeres\.", banner.value), banner.value


def test_a_broken_sparkline_names_its_missing_year_on_the_meeting_screen():
    engine = get_engine()
    s08 = view_series(engine=engine, indicator="S08", year_to=LAST_YEAR, years=(FIRST_YEAR, LAST_YEAR))
    missing = [y for y, v in zip(s08["year"], s08["value"]) if v is None]
    assert missing == [2020]
    at = new_app(mode="moede", vision="V2")
    (cell,) = [c for c in keyed_blocks(at.main, "meeting-tile-") if key_of(c, "meeting-tile-") == "S08"]
    assert "Kurven er afbrudt: ingen tal for 2020." in [c.value for c in cell.caption]
