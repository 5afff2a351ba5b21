"""Notices every page shares: the sample-data marker, the data date and the permalink; and how text
from outside (a URL's parameters) is made safe to show in Markdown."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from urllib.parse import urlencode, urlsplit, urlunsplit

import polars as pl
import streamlit as st

from ui.formatting import date_text, locale_for
from ui.i18n import t
from ui.provenance import share_text

_SHOWN = "_shown_provenance"  # session key: counts of the points this run showed, by provenance

# Every ASCII punctuation character that Markdown can read as syntax: CommonMark and GFM (links, images,
# emphasis, code, HTML, entities, headings, lists, tables, strikethrough, autolinks such as www.x.dk,
# https://x.dk and a@b.dk) and Streamlit's own (:red[…], :material/…:, $math$). CommonMark lets a
# backslash escape any of them, so the text shows as written.
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~:$&=^@/")
# Characters that reorder or hide the text around them (bidirectional controls).
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def escape_markdown(text: object) -> str:
    """Text from outside (e.g. a URL parameter) made safe for st.markdown, st.caption, st.info …:
    Markdown's special characters are escaped with a backslash, so it shows as written and can never
    become a link, an image, HTML, code or formatting; a line break, TAB or other control character is
    shown as its visible symbol (␊, ␉, …), so the text stays on one line and in one paragraph."""
    out = []
    for ch in str(text):
        if ch in _MARKDOWN_SPECIAL:
            out.append("\\" + ch)
        elif ch < " ":
            out.append(chr(0x2400 + ord(ch)))  # the Control Pictures block: ␀ … ␟
        elif ch == "\x7f":
            out.append("\u2421")  # ␡
        elif ch in _BIDI or unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


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


def sample_banner(placeholder, lang: str = "da") -> None:
    """Fill the banner at the top of the page once the page has run: how much of what it showed was
    sample data. Nothing when nothing shown was sample."""
    share = sample_share()
    if not share:
        placeholder.empty()
        return
    placeholder.warning(
        f"**{t('sample.mark', lang)}.** {t('sample.share', lang, share=share_text(share, lang))} {t('sample.body', lang)}",
        icon=":material/warning:",
    )


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
