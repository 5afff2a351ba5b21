"""The meeting screen (?mode=moede): one vision per screen with its signs, forward and back."""

import streamlit as st

from ui import loaders
from ui.assemble import sign_assessments
from ui.formatting import date_text, locale_for
from ui.i18n import t
from ui.meeting import VISION_PARAM
from ui.notices import record_shown
from ui.tiles import sign_tile
from ui.url_filters import describe

# Load
lang = loaders.lang()
filters = st.session_state["filters"]
registry = loaders.registry()
visions = [v.code for v in registry.visions()]
current = st.query_params.get(VISION_PARAM, visions[0])
current = current if current in visions else visions[0]
signs = sign_assessments(filters)

# Compute
series, assessments = signs.series, signs.assessments
position = visions.index(current)
vision = registry.group(current)
updated = loaders.data_updated()


def _go(step: int) -> None:
    st.query_params[VISION_PARAM] = visions[(position + step) % len(visions)]


# Render
record_shown(signs.shown(filters.year_from))
top = st.columns([1, 7, 3, 1], vertical_alignment="center")
top[0].button("◀", key="prev", on_click=_go, args=(-1,), width="stretch", help=t("meeting.back", lang))
top[1].title(f"{vision.title(lang)}  ·  {position + 1}/{len(visions)}")
top[3].button("▶", key="next", on_click=_go, args=(1,), width="stretch", help=t("meeting.forward", lang))
with top[2]:
    st.markdown(f"**{t('overview.count', lang, n=signs.right_way, total=len(signs.indicators))}**")
    if updated:
        st.markdown(t("data.updated", lang, date=date_text(updated, locale=locale_for(lang))))
    st.caption(describe(filters, loaders.choices(loaders.data_version(), lang), lang))
inds = registry.indicators_in(current)
per_row = 2 if len(inds) == 4 else min(len(inds), 3)
for start in range(0, len(inds), per_row):
    for col, ind in zip(st.columns(per_row), inds[start : start + per_row]):
        with col:
            sign_tile(ind, assessments[ind.code], series[ind.code]["value"].to_list(), link="", query={}, lang=lang)
