"""The meeting screen's look: no sidebar, large calm type, one vision with all its signs on one screen.

Everything here is only drawn when the address says ?mode=moede, so the CSS changes nothing elsewhere.
The type is sized from the viewport's height (and width), so a vision of three to five signs fits a
1920×1080 committee screen and a 1180×820 tablet alike without scrolling; the grid of signs is chosen
per number of signs and screen in CSS (`tile_grid`), since the server does not know the screen.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

MEETING_PARAM, MEETING_VALUE = "mode", "moede"
VISION_PARAM = "vision"
# The arrow keys step through the visions as ◀ ▶ do: Streamlit's own button shortcuts, which leave
# a key pressed inside a text field alone.
PREV_SHORTCUT, NEXT_SHORTCUT = "Left", "Right"
GRID_KEY, TILE_KEY, HEAD_KEY = "meeting-grid", "meeting-tile", "meeting-head"

_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"] {display: none;}
/* One rem follows the screen: 22 px at 1920×1080, 17 px at 1180×820. */
html {font-size: clamp(15px, min(2.05vh, 1.45vw), 26px);}
.block-container, [data-testid="stMainBlockContainer"] {padding: 1.2vh 2vw 1.2vh; max-width: 100%;}
[data-testid="stMain"] [data-testid="stVerticalBlock"] {gap: 0.6rem;}
/* No ellipsis anywhere: a long value, change or title wraps. */
[data-testid="stMain"] .stMarkdownEllipsis, [data-testid="stMain"] .stMarkdownEllipsis *,
[data-testid="stMetricValue"] > div, [data-testid="stMetricDelta"] > div {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: anywhere;
}
/* The sample-data banner: one short sentence, large enough to read across the room and in a photo of
   the screen, yet a line, not the subject. */
[data-testid="stAlert"] [data-testid="stAlertContainer"] {padding: 0.35rem 0.8rem;}
[data-testid="stAlert"] [data-testid="stMarkdownContainer"] p {font-size: 1.05rem; line-height: 1.3;}

/* The top bar: ◀, the vision's title with its count, date and filters in one line, ▶. */
.st-key-meeting-head h1 {font-size: 2.3rem !important; padding: 0 !important; margin: 0 !important;
  line-height: 1.15 !important;}
.st-key-meeting-head {gap: 0.2rem !important;}
.st-key-meeting-head [data-testid="stMarkdownContainer"] {margin-bottom: 0 !important;}
.st-key-meeting-head [data-testid="stMarkdownContainer"] p {font-size: 0.95rem; margin: 0;}
/* ◀ and ▶ keep their places beside the title on a phone too, where Streamlit would stack the columns. */
[data-testid="stHorizontalBlock"]:has(.st-key-prev) {flex-wrap: nowrap !important; gap: 0.8rem;}
[data-testid="stHorizontalBlock"]:has(.st-key-prev) > [data-testid="stColumn"] {flex: 0 0 4.5rem !important;
  width: 4.5rem !important; min-width: 0 !important;}
[data-testid="stHorizontalBlock"]:has(.st-key-prev) > [data-testid="stColumn"]:has(.st-key-meeting-head) {
  flex: 1 1 0 !important; width: auto !important;}
.st-key-prev button, .st-key-next button {min-height: 3.2rem; padding: 0 0.5rem;}
.st-key-prev button p, .st-key-next button p {font-size: 1.6rem;}

/* The page is one screen high and the grid of signs takes what the top bar leaves. */
[data-testid="stMainBlockContainer"] {min-height: 100%; flex-shrink: 0; display: flex; flex-direction: column;}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {flex: 1 1 auto;}
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-meeting-grid-"]) {flex: 1 1 auto;}

/* The signs: equal tiles filling the grid's cells, sized by --s (more room, larger type). */
[class*="st-key-meeting-grid-"] {--s: 1; flex: 1 1 auto; display: grid !important; gap: 0.8rem !important; grid-auto-rows: auto;
  grid-template-columns: minmax(0, 1fr);}
[class*="st-key-meeting-grid-"] > * {width: auto !important; height: auto !important; min-width: 0;
  align-self: stretch !important;}
[class*="st-key-meeting-tile-"] {height: 100%;}
[class*="st-key-meeting-tile-"] > [data-testid="stLayoutWrapper"] {flex: 1 1 auto;}
[class*="st-key-meeting-tile-"] [data-testid="stVerticalBlock"] {gap: calc(var(--s) * 0.35rem);}
[class*="st-key-meeting-tile-"] [data-testid="stMarkdownContainer"] p {font-size: calc(var(--s) * 1.05rem);
  line-height: 1.3;}
[class*="st-key-meeting-tile-"] [data-testid="stMetricLabel"] p {font-size: calc(var(--s) * 0.85rem) !important;}
[class*="st-key-meeting-tile-"] [data-testid="stMetricValue"],
[class*="st-key-meeting-tile-"] [data-testid="stMetricValue"] * {font-size: calc(var(--s) * 2.6rem) !important;
  line-height: 1.1;}
[class*="st-key-meeting-tile-"] [data-testid="stMetricDelta"] * {font-size: calc(var(--s) * 1rem) !important;}
[class*="st-key-meeting-tile-"] [data-testid="stMetricDelta"] svg {width: calc(var(--s) * 1.1rem);
  height: calc(var(--s) * 1.1rem);}
/* The sparkline: a Markdown image without a paragraph's margin to cancel Markdown's negative one. */
[class*="st-key-meeting-tile-"] [data-testid="stMarkdownContainer"]:has(> img) {margin-bottom: 0;}
[class*="st-key-meeting-tile-"] img {width: 100% !important; object-fit: fill !important; height: calc(var(--s) * var(--spark, 2.2rem)) !important;}
[class*="st-key-meeting-tile-"] [data-testid="stCaptionContainer"] p {font-size: calc(var(--s) * 0.8rem);}
/* The status mark, big enough to read from across the room, at the foot of every tile alike. */
[class*="st-key-meeting-tile-"] [data-testid="stElementContainer"]:has(.stMarkdownBadge) {margin-top: auto;}
[class*="st-key-meeting-tile-"] .stMarkdownBadge {font-size: calc(var(--s) * 1.15rem) !important;
  padding: 0.25em 0.6em; line-height: 1.3;
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
[class*="st-key-meeting-tile-"] .stMarkdownBadge [role="img"] {font-size: 1.2em; vertical-align: -0.2em;}

/* The grid per number of signs and screen. One rem follows the height, so the room in rem depends only on
   the screen's shape: a 16:9 screen (1920×1080, 1366×768) puts four signs in a row, a tablet in landscape
   (1180×820, 4:3, 16:10) four in two rows; three sit side by side and five as three over two on both.
   Narrower or upright screens keep one or two columns and scroll. */
@media (max-width: 639px) {
  .st-key-meeting-head h1 {font-size: 1.6rem !important;}
  [data-testid="stHorizontalBlock"]:has(.st-key-prev) > [data-testid="stColumn"] {flex-basis: 3rem !important;
    width: 3rem !important;}
}
@media (min-width: 640px) {
  [class*="st-key-meeting-grid-"] {grid-template-columns: repeat(2, minmax(0, 1fr));}
}
@media (min-width: 1000px) and (orientation: landscape) {
  .st-key-meeting-grid-3 {--s: 1.55; --spark: 3rem; grid-template-columns: repeat(3, minmax(0, 1fr));}
  .st-key-meeting-grid-4 {--s: 1.05; --spark: 1.8rem;}
  .st-key-meeting-grid-5 {--s: 0.95; --spark: 1.6rem; grid-template-columns: repeat(6, minmax(0, 1fr));}
  .st-key-meeting-grid-5 > :nth-child(-n + 3) {grid-column: span 2;}
  .st-key-meeting-grid-5 > :nth-child(n + 4) {grid-column: span 3;}
}
@media (min-width: 1000px) and (min-aspect-ratio: 5/3) {
  .st-key-meeting-grid-3 {--s: 1.8; --spark: 3rem;}
  .st-key-meeting-grid-4 {--s: 1.45; --spark: 4rem; grid-template-columns: repeat(4, minmax(0, 1fr));}
  .st-key-meeting-grid-5 {--s: 1; --spark: 1.8rem;}
}
</style>
"""


def meeting_style() -> None:
    """The meeting screen's CSS, sent where it takes no room on the page."""
    st.html(_CSS)


def tile_grid(count: int) -> DeltaGenerator:
    """The container the signs' tiles go in; its key names the number of signs, which picks the grid."""
    return st.container(key=f"{GRID_KEY}-{count}")


def tile_cell(code: str) -> DeltaGenerator:
    """One cell of the grid, holding one sign's tile."""
    return st.container(key=f"{TILE_KEY}-{code}")


def meta_line(*parts: str) -> str:
    """The words under the title, in one line: what moves the right way, the data's date, the filters."""
    return "  ·  ".join(part for part in parts if part)
