"""Min enhed: each sign of success measured by unit, for the own unit beside its centre and the whole
administration over time, with the unit's own targets, one sentence per sign, downloads and a PDF.

A manager sees the units they manage; an analyst (or the open demo) may pick any unit.
"""

from dataclasses import replace

import streamlit as st

from data_access.setup import CITY_CODE
from metrics.series import from_year
from metrics.units import unit_standing
from ui import loaders
from ui.access import current_scope, record_unit_view
from ui.charts import trend_chart
from ui.downloads import download_row
from ui.export import ChartMeta, export_table
from ui.filters import url_select
from ui.handout import UnitHandout, UnitRow, build_unit_handout
from ui.i18n import t
from ui.narrative import unit_sentence
from ui.notices import record_shown
from ui.provenance import has_sample

# Load
lang = loaders.lang()
filters = st.session_state["filters"]
registry = loaders.registry()
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
parents = dict(loaders.org_units(version).select("code", "parent_code").iter_rows())
centre = parents.get(unit) if parents.get(unit) in choices.units else None
signs = [ind for ind in registry.signs() if ind.has_breakdown("unit")]
if not signs:
    st.info(t("unit.none", lang))
    st.stop()
base = replace(filters, district=CITY_CODE, group=None)
targets = loaders.unit_targets(unit, version)
unit_name = choices.units[unit].strip()
centre_name = choices.units[centre].strip() if centre else None
administration_name = t("unit.administration", lang)

# Compute
rows = []
for ind in signs:
    own = loaders.series(ind, replace(base, unit=unit))
    centre_series = loaders.series(ind, replace(base, unit=centre)) if centre else None
    administration = loaders.series(ind, replace(base, unit=None))
    standing = unit_standing(ind, own=own, centre=centre_series, administration=administration, targets=targets)
    sentence = unit_sentence(ind, standing, unit=unit_name, centre=centre_name,
                             administration=administration_name, lang=lang)
    def chart(own=own, centre_series=centre_series, administration=administration, ind=ind):
        return trend_chart(own, ind, year_from=filters.year_from, label=unit_name, compare=centre_series,
                           compare_label=centre_name, second=(administration, administration_name), lang=lang)

    spec = loaders.vega_spec(loaders.chart_key("unit", ind.code, unit, centre, filters), lang, chart)
    rows.append((ind, from_year(own, filters.year_from), standing, sentence, (chart, spec)))
handout = UnitHandout(
    lang=lang, unit=unit_name, data_date=loaders.data_updated(), period=f"{filters.year_from}–{filters.year_to}",
    sample=any(has_sample(shown) for _, shown, *_ in rows),
    rows=[UnitRow(ind.title(lang), standing, sentence, ind.unit) for ind, _, standing, sentence, _ in rows],
)

# Render
record_unit_view(loaders.engine(), unit, "min-enhed")
record_shown([shown for _, shown, *_ in rows])
st.download_button(t("unit.pdf", lang), data=lambda: build_unit_handout(handout), file_name=f"enhed_{unit}.pdf",
                   mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore", key="unit_pdf")
for ind, shown, _standing, sentence, (chart, spec) in rows:
    with st.container(border=True):
        st.subheader(ind.title(lang))
        st.vega_lite_chart(spec=spec, width="stretch", key=f"unit_chart_{ind.code}", alt=sentence)
        st.markdown(sentence)
        st.caption(f"{t('note.source', lang, source=ind.source)} {ind.definition(lang)}")
        meta = ChartMeta(title=f"{ind.title(lang)} – {unit_name}", definition=ind.definition(lang),
                         source=ind.source, data_date=loaders.data_updated(), filters=unit_name,
                         sample=has_sample(shown), lang=lang, pinned=filters.pinned)
        table = export_table(shown, ind, breakdown=unit_name, lang=lang, pinned=filters.pinned)
        download_row(chart, meta, table, key=f"unit_dl_{ind.code}", code=f"{ind.code}_{unit}")
