"""Forside: the four visions with their 15 signs of success, and how many move the right way."""

import streamlit as st

from metrics.status import assess, count_right_way
from ui import loaders
from ui.assemble import handout_pdf
from ui.filters import to_query
from ui.i18n import t
from ui.navigation import VISIONS
from ui.tiles import sign_tile

# Load
lang = loaders.lang()
filters = st.session_state["filters"]
registry = loaders.registry()
signs = registry.signs()
series = {ind.code: loaders.series(ind, filters) for ind in signs}

# Compute
assessments = {ind.code: assess(series[ind.code], ind) for ind in signs}
right_way = count_right_way(assessments.values())

# Render
st.title(t("overview.heading", lang))
st.markdown(f"### {t('overview.count', lang, n=right_way, total=len(signs))}")
st.caption(t("overview.explain", lang, year=filters.year_to))
st.download_button(
    t("handout.button", lang), data=lambda: handout_pdf(filters, lang), file_name=f"socialstrategi_{filters.year_to}.pdf",
    mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore", key="handout",
)
query = to_query(filters, loaders.choices(loaders.data_version(), lang)) | ({"lang": lang} if lang != "da" else {})
for vision in registry.visions():
    st.header(vision.title(lang), divider="gray")
    inds = registry.indicators_in(vision.code)
    columns = st.columns(min(len(inds), 3))
    for i, ind in enumerate(inds):
        with columns[i % len(columns)]:
            sign_tile(ind, assessments[ind.code], series[ind.code]["value"].to_list(),
                      link=VISIONS[vision.code][0], query=query, lang=lang)
