"""The page shown instead of the dashboard when the database cannot be used yet: unreachable (it
recovers by itself), not set up, or set up without data (how to import)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from data_access.setup import EMPTY, UNINITIALISED, UNREACHABLE
from ui.i18n import t

RETRY_SECONDS = 5


def unavailable_page(state: str, lang: str, *, check: Callable[[], str]) -> None:
    """Explain the state; while unreachable, look again every few seconds and reload when it is back."""
    if state == UNREACHABLE:
        st.title(t("db.unreachable.title", lang))
        st.info(t("db.unreachable.body", lang, seconds=RETRY_SECONDS), icon=":material/cloud_off:")
        _retry(check)
    elif state == UNINITIALISED:
        st.title(t("db.uninitialised.title", lang))
        st.info(t("db.uninitialised.body", lang), icon=":material/construction:")
        st.code("python -m data_access init", language="bash")
    elif state == EMPTY:
        st.title(t("db.empty.title", lang))
        st.info(t("db.empty.body", lang), icon=":material/upload_file:")
        st.code("python -m data_access units enheder.csv\npython -m data_access import tal.csv", language="bash")
        st.caption(t("db.empty.format", lang))


@st.fragment(run_every=RETRY_SECONDS)
def _retry(check: Callable[[], str]) -> None:
    if check() != UNREACHABLE:
        st.rerun(scope="app")
