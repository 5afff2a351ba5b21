"""ui.layout's contract with Streamlit and with the pages: the CSS selects exactly the class names that
its containers get (Streamlit gives a keyed container the class st-key-<key>), and the sidebar closes
below the narrow-screen width. How it looks at 390-1920 px: tests/browser/test_layout_browser.py."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from ui import layout


def test_the_css_selects_the_class_of_every_kind_of_container():
    selected = set(re.findall(r"st-key-([a-z-]+)", layout._CSS))
    assert selected == {layout.GRID_PREFIX, layout.STACK_PREFIX, layout.MAP_BOX}


def test_the_sidebar_starts_collapsed_only_below_the_narrow_screen_width():
    script = layout._SCRIPT % {"px": layout.NARROW_SCREEN_PX}
    assert "window.innerWidth >= 1000) return;" in script
    assert layout.NARROW_SCREEN_PX == 1000


def test_tiles_and_stacking_parts_are_keyed_containers_with_their_content():
    def page() -> None:
        import streamlit as st

        from ui import layout

        layout.responsive_style()
        with layout.tile_grid("tegn"):
            st.metric("A", 1)
            st.metric("B", 2)
        with layout.stacking("kort"):
            left, right = st.columns(2)
            left.write("kort")
            right.write("rangering")

    at = AppTest.from_function(page).run()
    assert not at.exception
    assert [m.label for m in at.metric] == ["A", "B"]
    # The block ids Streamlit sends to the browser end in the user's key, from which it makes the class.
    ids = list(_block_ids(at._tree))
    assert any(i.endswith("-grid-tegn") for i in ids) and any(i.endswith("-stack-kort") for i in ids)


def _block_ids(node):
    for child in getattr(node, "children", {}).values():
        if type(child).__name__ == "Block":
            yield child.proto.id
        yield from _block_ids(child)
