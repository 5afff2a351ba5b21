"""The meeting screen (?mode=moede): one vision per screen with all its signs, forward and back by ◀ ▶ or
the arrow keys."""

import streamlit as st

from ui import loaders
from ui.assemble import sign_assessments
from ui.formatting import date_text, locale_for
from ui.i18n import t
from ui.meeting import HEAD_KEY, NEXT_SHORTCUT, PREV_SHORTCUT, VISION_PARAM, meta_line, tile_cell, tile_grid
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
inds = registry.indicators_in(current)
updated = loaders.data_updated()


def _go(step: int) -> None:
    st.query_params[VISION_PARAM] = visions[(position + step) % len(visions)]


# Render
record_shown(signs.shown(filters.year_from))
top = st.columns([1, 10, 1], vertical_alignment="center")
top[0].button("◀", key="prev", on_click=_go, args=(-1,), width="stretch", shortcut=PREV_SHORTCUT,
              help=t("meeting.back", lang))
with top[1].container(key=HEAD_KEY):
    st.title(f"{vision.title(lang)}  ·  {position + 1}/{len(visions)}", anchor=False)
    st.markdown(meta_line(
        f"**{t('overview.count', lang, n=signs.right_way, total=len(signs.indicators))}**",
        t("data.updated", lang, date=date_text(updated, locale=locale_for(lang))) if updated else "",
        describe(filters, loaders.choices(loaders.data_version(), lang), lang),
    ))
top[2].button("▶", key="next", on_click=_go, args=(1,), width="stretch", shortcut=NEXT_SHORTCUT,
              help=t("meeting.forward", lang))
with tile_grid(len(inds)):
    for ind in inds:
        with tile_cell(ind.code):
            frame = series[ind.code]
            sign_tile(ind, assessments[ind.code], frame["value"].to_list(), years=frame["year"].to_list(),
                      link="", query={}, lang=lang)
