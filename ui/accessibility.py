"""CSS for WCAG 2.1 AA where Streamlit's own look falls short; ui.notices.document_language injects it on
every page (tests/browser/test_accessibility_browser.py checks the pages with axe-core).

- Captions (sources, definitions, notes): Streamlit draws them in the text colour at opacity 0.6, 3.9:1 on
  white (1.4.3 asks 4.5:1). At CAPTION_OPACITY they stay lighter than body text and reach 6:1; being an
  opacity of the text colour, it holds in a dark theme too.
- Focus (2.4.7): Streamlit's own mark is faint or missing on the sidebar navigation, links, tabs, expanders,
  checkboxes and select boxes; every control gets one clear outline in the theme's primary colour.
"""

from __future__ import annotations

CAPTION_OPACITY = 0.75
FOCUS_COLOUR = "#1f4e79"  # the theme's primaryColor (.streamlit/config.toml): 8.6:1 on white
FOCUS_WIDTH_PX = 3

_CONTROLS = (
    "a", "button", "summary", "input", "textarea", "select",
    '[role="button"]', '[role="tab"]', '[role="slider"]', '[role="link"]', '[role="checkbox"]',
    '[role="radio"]', '[role="switch"]', '[role="option"]', '[tabindex]:not([tabindex="-1"])',
)
# Streamlit hides the real input of these widgets and draws its own box: the box shows the focus.
_DRAWN_BOXES = (
    '[data-baseweb="select"] > div:has(input:focus-visible)',
    '[data-baseweb="input"]:has(input:focus-visible)',
    '[data-baseweb="textarea"]:has(textarea:focus-visible)',
    'label:has(> input[type="checkbox"]:focus-visible)',
    'label:has(> input[type="radio"]:focus-visible)',
)


def accessibility_css() -> str:
    """The style element's CSS (a string, so that tests can read it)."""
    focused = ",\n".join([*(f".stApp {c}:focus-visible" for c in _CONTROLS), *(f".stApp {b}" for b in _DRAWN_BOXES)])
    return f"""
.stApp [data-testid="stCaptionContainer"] {{
  opacity: {CAPTION_OPACITY};
}}
{focused} {{
  outline: {FOCUS_WIDTH_PX}px solid {FOCUS_COLOUR} !important;
  outline-offset: 2px !important;
}}
"""
