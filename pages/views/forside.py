"""Forside: the four visions with their 15 signs of success, and how many move the right way."""

import streamlit as st

from ui import loaders
from ui.assemble import handout_pdf, sign_assessments
from ui.i18n import t
from ui.layout import tile_grid
from ui.navigation import VISIONS
from ui.notices import record_shown
from ui.tiles import sign_tile
from ui.url_filters import to_query

# Load
lang = loaders.lang()
filters = st.session_state["filters"]
registry = loaders.registry()
signs = sign_assessments(filters)

# Compute
series, assessments = signs.series, signs.assessments

# Render
record_shown(signs.shown(filters.year_from))
st.title(t("overview.heading", lang))
st.markdown(f"### {t('overview.count', lang, n=signs.right_way, total=len(signs.indicators))}")
st.caption(t("overview.explain", lang, year=filters.year_to))
st.download_button(
    t("handout.button", lang), data=lambda: handout_pdf(filters, lang), file_name=f"socialstrategi_{filters.year_to}.pdf",
    mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore", key="handout",
)
query = to_query(filters, loaders.choices(loaders.data_version(), lang)) | ({"lang": lang} if lang != "da" else {})
for vision in registry.visions():
    st.header(vision.title(lang), divider="gray")
    # As many tiles per row as the screen has room for (at most three), in reading order.
    with tile_grid(f"signs-{vision.code}"):
        for ind in registry.indicators_in(vision.code):
            frame = series[ind.code]
            sign_tile(ind, assessments[ind.code], frame["value"].to_list(), years=frame["year"].to_list(),
                      link=VISIONS[vision.code][0], query=query, lang=lang)
