"""Tilgængelighedserklæring: how the dashboard meets WCAG 2.1 AA (webtilgængelighedsloven), what is known
not to, and whom to tell. The text is the project's own; the known gaps are kept true by the browser tests."""

import streamlit as st

from ui import loaders
from ui.i18n import t

# Load
lang = loaders.lang()

# Render
st.title(t("a11y.heading", lang))
st.markdown(t("a11y.intro", lang))
st.subheader(t("a11y.does", lang))
st.markdown(t("a11y.does_list", lang))
st.subheader(t("a11y.known", lang))
st.markdown(t("a11y.known_list", lang))
st.subheader(t("a11y.contact", lang))
st.markdown(t("a11y.contact_text", lang))
st.caption(t("a11y.updated", lang))
