"""Every page from a 390 px phone to a 1920 px screen: nothing cut off, nothing to scroll sideways.

Streamlit's own CSS puts a metric's value and change, a badge, a link's and a button's label on one line
and cuts what does not fit with an ellipsis ("131,0…"); its columns keep their share of the width down
to 640 px. The rules here make such text wrap, lay out the tiles as a grid with as many per row as fit,
stack a page's side-by-side parts where their box is narrow, and shrink the district map where it would
lose a district. The server does not know the screen, so all of it is CSS (media and container queries),
injected once per run from dashboard.py, plus one script that starts the sidebar collapsed on a tablet.

A page opts in through a container's key: `tile_grid(key)` for tiles, `stacking(key)` for columns that
should stack when narrow, `MAP_BOX` around a map.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

# Key prefixes the CSS below selects on (Streamlit gives a keyed container the class st-key-<key>).
GRID_PREFIX, STACK_PREFIX, MAP_BOX = "grid-", "stack-", "map-box"
# Below this width the sidebar starts collapsed: at 1000 px it leaves ~700 px for the content.
# Streamlit's own "auto" collapses it only up to 768 px, so a portrait tablet (820 px) kept it open.
NARROW_SCREEN_PX = 1000

_CSS = """
/* 1. Wrap, never cut. Metric label, value and change, badges, page links, buttons and widget labels
   are one ellipsised line in Streamlit; here they wrap at spaces (and inside a word only if it alone
   is wider than its box). */
[data-testid="stMain"] [data-testid="stMetric"] .stMarkdownEllipsis,
[data-testid="stMain"] [data-testid="stMetric"] .stMarkdownEllipsis p,
[data-testid="stMain"] .stMarkdownBadge,
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] span,
[data-testid="stMain"] [data-testid="stPageLink-NavLink"] p,
[data-testid="stMain"] button p, [data-testid="stMain"] button div,
[data-testid="stMain"] [data-testid="stWidgetLabel"] p,
[data-testid="stMain"] [data-testid="stWidgetLabel"] div {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: break-word;
}
[data-testid="stMain"] [data-testid="stMetricDelta"] {flex-shrink: 1; min-width: 0; height: auto;}
[data-testid="stMain"] .stMarkdownBadge {max-width: 100%; line-height: 1.4;}
[data-testid="stMain"] button {height: auto; min-height: 2.5rem;}

/* 2. Tiles: a grid with at most three per row, each at least 14rem (224 px) wide, so three fit from
   ~700 px of content, two from ~470 px and one on a phone; tiles in a row share its height. */
[class*="st-key-grid-"] {
  display: grid !important; gap: 1rem !important; align-items: stretch;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, max(14rem, calc((100% - 2rem) / 3))), 1fr));
}
[class*="st-key-grid-"] > * {width: auto !important; min-width: 0; height: auto;}
[class*="st-key-grid-"] > [data-testid="stLayoutWrapper"] > [data-testid="stVerticalBlock"] {height: 100%;}

/* 3. Side by side where there is room, one under the other where the box is narrower than 52rem
   (832 px): e.g. Bydele's map and ranking, which need ~450 and ~350 px to be whole and readable. */
[class*="st-key-stack-"] {container-type: inline-size;}
@container (max-width: 52rem) {
  [class*="st-key-stack-"] [data-testid="stHorizontalBlock"] {flex-wrap: wrap !important;}
  [class*="st-key-stack-"] [data-testid="stColumn"] {flex: 1 1 100% !important; width: 100% !important;
    min-width: 100% !important;}
}

/* 4. The district map is drawn at a fixed zoom that needs ~440 px for the whole city with its names.
   In a narrower box it is drawn smaller (CSS zoom; deck.gl's pointer handling accounts for the scale,
   so a click still picks the district under the finger). */
.st-key-map-box {container-type: inline-size;}
@container (max-width: 27.5rem) { .st-key-map-box [data-testid="stDeckGlJsonChart"] {zoom: 0.86;} }
@container (max-width: 24rem) { .st-key-map-box [data-testid="stDeckGlJsonChart"] {zoom: 0.78;} }
@container (max-width: 21rem) { .st-key-map-box [data-testid="stDeckGlJsonChart"] {zoom: 0.68;} }

/* 5. Nothing wider than the page: charts and images shrink with it. */
[data-testid="stMain"] img, [data-testid="stMain"] svg {max-width: 100%;}

/* 6. A page title on a phone: Danish compounds ("Tilgængelighedserklæring") are one long word, which at
   Streamlit's 2.75rem would break mid-word; at ~6.3 % of the width the longest title fits a 390 px line. */
@media (max-width: 639px) {
  [data-testid="stMain"] h1 {font-size: clamp(1.5rem, 6.3vw, 2.75rem) !important;}
}
"""

# Streamlit remembers a sidebar the user opened or closed (localStorage "stSidebarCollapsed-…"); that
# choice wins. Otherwise, once per page load on a narrow screen, the sidebar is closed by its own
# button, and the record of that click is removed again so it stays a default and not a choice.
_SCRIPT = """
<script>
(() => {
  if (window.__layoutSidebarDone || window.innerWidth >= %(px)d) return;
  window.__layoutSidebarDone = true;
  const remembered = () => Object.keys(localStorage).filter((k) => k.startsWith("stSidebarCollapsed-"));
  if (remembered().length) return;
  const doc = window.parent ? window.parent.document : document;
  let tries = 0;
  const close = () => {
    const sidebar = doc.querySelector('[data-testid="stSidebar"]');
    const button = doc.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (sidebar && button && sidebar.getAttribute("data-collapsed") === "false") {
      button.click();
      setTimeout(() => remembered().forEach((k) => localStorage.removeItem(k)), 0);
    } else if (tries++ < 50) {
      setTimeout(close, 100);
    }
  };
  close();
})();
</script>
"""


def responsive_style() -> None:
    """The responsive CSS (in Streamlit's event container: it takes no room on the page)."""
    st.html(f"<style>{_CSS}</style>")


def collapse_sidebar_on_narrow_screens() -> None:
    """Start with the sidebar collapsed below NARROW_SCREEN_PX (drawn inside the sidebar: no room taken)."""
    with st.sidebar:
        st.html(_SCRIPT % {"px": NARROW_SCREEN_PX}, unsafe_allow_javascript=True)


def tile_grid(key: str) -> DeltaGenerator:
    """A container whose children (tiles) are laid out as a responsive grid."""
    return st.container(key=f"{GRID_PREFIX}{key}")


def stacking(key: str) -> DeltaGenerator:
    """A container whose st.columns stack when the container is narrow."""
    return st.container(key=f"{STACK_PREFIX}{key}")
