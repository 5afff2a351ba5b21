"""The meeting screen's look (ui.meeting): no sidebar, large type, switched on by ?mode=moede."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui.meeting import MEETING_PARAM, MEETING_VALUE, VISION_PARAM


def _script() -> None:
    from ui.meeting import meeting_style

    meeting_style()


def test_the_address_that_opens_the_meeting_screen():
    assert (MEETING_PARAM, MEETING_VALUE, VISION_PARAM) == ("mode", "moede", "vision")


def test_the_style_hides_the_sidebar_and_enlarges_the_type():
    at = AppTest.from_function(_script).run()
    (style,) = at.markdown
    assert style.proto.allow_html  # a <style> block, not text
    css = style.value
    assert css.strip().startswith("<style>") and css.strip().endswith("</style>")
    assert '[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"]' in css and "{display: none;}" in css
    assert "html, body, [data-testid=\"stAppViewContainer\"] {font-size: 22px;}" in css
    assert "h1 {font-size: 3.4rem !important;}" in css
