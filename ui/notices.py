"""Notices every page shares: the sample-data marker, the data date and the permalink."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from ui.formatting import date_text, locale_for
from ui.i18n import t


def sample_banner(lang: str = "da") -> None:
    st.warning(f"**{t('sample.mark', lang)}.** {t('sample.body', lang)}", icon=":material/warning:")


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
