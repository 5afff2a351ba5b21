"""Min enhed: each sign of success measured by unit, for the own unit beside its centre and the whole
administration over time, with the unit's own targets, one sentence per sign, downloads and a PDF.

A manager sees the units they manage; an analyst (or the open demo) may pick any unit.
"""

import streamlit as st

from ui import loaders
from ui.access import current_scope, record_unit_view
from ui.assemble import unit_view
from ui.downloads import download_row
from ui.export import ChartMeta, lines_table
from ui.filters import url_select
from ui.handout import build_unit_handout
from ui.i18n import t
from ui.notices import record_shown
from ui.provenance import gap_notes, has_sample
from ui.tables import chart_table
from ui.tiles import status_badge

# Load
lang = loaders.lang()
filters = st.session_state["filters"]
version = loaders.data_version()
choices = loaders.choices(version, lang)
scope = current_scope()
options = [u for u in (scope.units if scope.kind == "units" else choices.units) if u in choices.units]
st.title(t("page.my_unit", lang))
st.caption(t("unit.intro", lang))
if not options:  # no unit this viewer may see
    st.info(t("unit.no_units", lang))
    st.stop()
unit = url_select(t("unit.pick", lang), options, key="my_unit", param="minenhed", default=options[0], lang=lang,
                  format_func=lambda code: choices.units[code].strip())

# Compute: each sign's series, standing beside the centre and the administration, sentence and chart
view = unit_view(unit, filters, lang)

# Render
if not view.signs:
    st.info(t("unit.none", lang))
    st.stop()
record_unit_view(loaders.engine(), unit, "min-enhed")
record_shown(frame for sign in view.signs for frame, _ in sign.lines)
st.download_button(t("unit.pdf", lang), data=lambda: build_unit_handout(view.handout), file_name=f"enhed_{unit}.pdf",
                   mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore", key="unit_pdf")
for sign in view.signs:
    ind = sign.indicator
    with st.container(border=True):
        st.subheader(ind.title(lang))
        st.markdown(status_badge(sign.assessment, lang))  # the title is the aim; is the unit moving towards it?
        st.vega_lite_chart(spec=sign.spec, width="stretch", key=f"unit_chart_{ind.code}", alt=sign.sentence)
        st.markdown(sign.sentence)
        st.caption(" ".join([t("note.source", lang, source=ind.source), ind.definition(lang), *gap_notes(sign.shown, lang)]))
        meta = ChartMeta(title=f"{ind.title(lang)} – {view.name}", definition=ind.definition(lang),
                         source=ind.source, data_date=loaders.data_updated(), filters=view.name,
                         sample=any(has_sample(frame) for frame, _ in sign.lines), lang=lang, pinned=filters.pinned, name=ind.short(lang),
                         scope=view.name, period=f"{filters.year_from}–{filters.year_to}")
        table = lines_table(sign.lines, ind, lang=lang, pinned=filters.pinned)  # every line the chart draws
        download_row(sign.chart, meta, table, key=f"unit_dl_{ind.code}", code=ind.code)
        with st.expander(t("chart.table", lang)):  # the chart in words and figures, for every reader
            chart_table(table, ind, lang)
