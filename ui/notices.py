"""Notices every page shares: the sample-data marker, the data date and the permalink (text from
outside is escaped for Markdown by ui.escaping)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from urllib.parse import urlencode, urlsplit, urlunsplit

import polars as pl
import streamlit as st

from ui.accessibility import accessibility_css
from ui.formatting import date_text, locale_for
from ui.i18n import t
from ui.provenance import share_text

_SHOWN = "_shown_provenance"  # session key: counts of the points this run showed, by provenance


def record_shown(frames: Iterable[pl.DataFrame]) -> None:
    """Count the points a page shows (those with a provenance) for the sample banner."""
    counts = st.session_state.setdefault(_SHOWN, {})
    for frame in frames:
        if "provenance" not in frame.columns:
            continue
        for kind, n in frame.group_by("provenance").len().drop_nulls("provenance").iter_rows():
            counts[kind] = counts.get(kind, 0) + n


def start_page() -> None:
    st.session_state[_SHOWN] = {}


def sample_share() -> float | None:
    """The share of the points shown this run that are sample data (None when nothing was shown)."""
    counts = st.session_state.get(_SHOWN, {})
    total = sum(counts.values())
    return counts.get("sample", 0) / total if total else None


def sample_banner(placeholder, lang: str = "da", *, meeting: bool = False) -> None:
    """Fill the banner at the top of the page once the page has run: how much of what it showed was
    sample data. Nothing when nothing shown was sample. On the meeting screen one short sentence, set
    large enough to read on the room's screen (ui.meeting)."""
    share = sample_share()
    if not share:
        placeholder.empty()
        return
    if meeting:
        text = t("sample.meeting", lang, share=share_text(share, lang))
    else:
        text = f"{t('sample.share', lang, share=share_text(share, lang))} {t('sample.body', lang)}"
    placeholder.warning(f"**{t('sample.mark', lang)}.** {text}", icon=":material/warning:")


def data_date_caption(updated: date | None, lang: str = "da") -> None:
    if updated is not None:
        st.caption(t("data.updated", lang, date=date_text(updated, locale=locale_for(lang))))


def current_url(path: str, params: dict[str, str]) -> str:
    """The address of the view: the browser's base address, the page's path and its parameters."""
    base = urlsplit(st.context.url or "http://localhost:8501/")
    return urlunsplit((base.scheme, base.netloc, "/" + path.lstrip("/"), urlencode(params), ""))


def permalink(path: str, lang: str = "da") -> None:
    """'Kopiér link': the URL of the current view in a box with a copy button."""
    st.caption(t("permalink.label", lang))
    st.code(current_url(path, {k: st.query_params[k] for k in st.query_params}), language=None, wrap_lines=True)


def pinned_banner(pinned: date | None, lang: str = "da") -> None:
    if pinned is not None:
        st.info(t("pinned.banner", lang, date=date_text(pinned, locale=locale_for(lang))), icon=":material/push_pin:")


# Streamlit's own chart toolbar offers "Download as PNG" (an image without title, source or sample stamp)
# and "Copy Vega-Lite spec": only the project's own files, made by ui.export, may leave the page.
_FRAME_CSS = """<style>
[data-testid="stElementToolbar"] button[aria-label^="Download as PNG"],
[data-testid="stElementToolbar"] button[aria-label^="Copy Vega-Lite spec"] { display: none !important; }
</style>"""


def document_language(lang: str) -> None:
    """Set <html lang> to the page's language (Streamlit's frame says "en" on every page), take
    Streamlit's own image download off the charts' toolbar, and add the contrast and focus CSS
    (ui.accessibility)."""
    code = "en" if lang == "en" else "da"
    css = f"<style>{accessibility_css()}</style>"
    with st.sidebar:  # a script and a style element take no room at the sidebar's end
        st.html(f"{_FRAME_CSS}{css}<script>document.documentElement.lang = '{code}';</script>",
                unsafe_allow_javascript=True)
