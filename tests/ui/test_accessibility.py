"""The accessibility CSS: captions reach 4.5:1 and every control gets the focus outline. The pages
themselves are checked with axe-core in tests/browser/test_accessibility_browser.py."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ui.accessibility import CAPTION_OPACITY, FOCUS_COLOUR, FOCUS_WIDTH_PX, accessibility_css

ROOT = Path(__file__).resolve().parents[2]
TEXT = (0x2F, 0x2D, 0x2B)  # Streamlit's light theme text colour (the app does not set textColor)
WHITE, SIDEBAR = (255, 255, 255), (0xF8, 0xF8, 0xF7)


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(background: tuple[int, ...], colour: tuple[int, ...], opacity: float) -> tuple[float, ...]:
    return tuple(opacity * c + (1 - opacity) * bg for c, bg in zip(colour, background))


def test_the_contrast_formula_gives_the_known_values():
    assert round(contrast((0, 0, 0), WHITE), 1) == 21.0
    assert 3.88 <= contrast(over(WHITE, TEXT, 0.6), WHITE) < 3.89  # Streamlit's caption: axe said 3.88


def test_captions_reach_4_5_to_1_on_the_page_and_in_the_sidebar():
    assert f"opacity: {CAPTION_OPACITY};" in accessibility_css()
    assert contrast(over(WHITE, TEXT, CAPTION_OPACITY), WHITE) >= 4.5
    assert contrast(over(SIDEBAR, TEXT, CAPTION_OPACITY), SIDEBAR) >= 4.5
    assert CAPTION_OPACITY < 1  # still lighter than body text


def test_the_focus_outline_is_the_theme_colour_and_clear_against_white():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    assert FOCUS_COLOUR.lower() == theme["primaryColor"].lower()
    rgb = tuple(int(FOCUS_COLOUR[i:i + 2], 16) for i in (1, 3, 5))
    assert contrast(rgb, WHITE) >= 3  # 1.4.11, non-text contrast
    css = accessibility_css()
    assert f"outline: {FOCUS_WIDTH_PX}px solid {FOCUS_COLOUR} !important;" in css
    for control in (".stApp a:focus-visible", ".stApp button:focus-visible", ".stApp summary:focus-visible",
                    '.stApp [role="tab"]:focus-visible', '.stApp [role="slider"]:focus-visible',
                    '.stApp [data-baseweb="select"] > div:has(input:focus-visible)'):
        assert control in css
