"""Københavner-modellen: the whole-family programme, where it runs, enrolment against places, outcomes.

Which districts run the model is read from the data (KM01 rows), so a roll-out needs no code change.
"""

import polars as pl
import streamlit as st

from metrics.aggregate import finalize
from metrics.districts import class_breaks, district_values
from metrics.programme import mark_offered, offered_districts
from ui import loaders
from ui.charts import category_bars, enrolment_chart, period_label, quarterly_lines, screen
from ui.formatting import locale_for, number, value_text
from ui.i18n import t
from ui.maps import boundary_note, district_colours, district_deck, legend_html, tooltip_rows

OUTCOMES = ("KM05", "KM06", "KM07")

# Load
lang = loaders.lang()
locale = locale_for(lang)
filters = st.session_state["filters"]
registry = loaders.registry()
version = loaders.data_version()
choices = loaders.choices(version, lang)
enrolled_ind, coverage_ind = registry.indicator("KM01"), registry.indicator("KM02")
contacts_ind, fte_ind = registry.indicator("KM03"), registry.indicator("KM04")
enrolled = loaders.cell_sums("KM01", version, by=("period", "district_code"), as_of=filters.pinned)
coverage = loaders.cell_sums("KM02", version, by=("period", "district_code"), as_of=filters.pinned)
contacts = loaders.cell_sums("KM03", version, by=("period",), as_of=filters.pinned)
fte = loaders.cell_sums("KM04", version, by=("period", "unit_code"), as_of=filters.pinned)
outcomes = {code: loaders.cell_sums(code, version, by=("period", "district_code"), as_of=filters.pinned) for code in OUTCOMES}
units = loaders.org_units(version)
population = loaders.population(version)
boundaries = loaders.district_boundaries(choices.districts)

# Compute
names = pl.DataFrame({"district_code": list(choices.districts), "navn": list(choices.districts.values())})
offered = offered_districts(enrolled)
enrolled_by_district = district_values(enrolled, enrolled_ind, population).join(names, on="district_code")
last_period = enrolled_by_district["period"].max() if enrolled_by_district.height else None
latest = enrolled_by_district.filter(pl.col("period") == last_period)
enrolled_now = latest["value"].sum() if latest.height else None
contacts_now = finalize(contacts, contacts_ind).filter(pl.col("period") == last_period)["value"].sum()
coverage_now = (
    names.join(district_values(coverage, coverage_ind, population).filter(pl.col("period") == last_period),
               on="district_code", how="left")
    .pipe(mark_offered, offered)
    .with_columns(pl.col("suppressed").fill_null(False))
)
coverage_breaks = class_breaks(coverage_now.filter(pl.col("offered"))["map_value"].to_list(), classes=min(len(offered), 5))
fte_now = (
    finalize(fte, fte_ind).filter(pl.col("period") == fte["period"].max())
    .join(units.select(pl.col("code").alias("unit_code"), pl.col("name").alias("navn")), on="unit_code", how="left")
)
period_text = period_label(latest.head(1), lang)["kvartal"].item() if latest.height else "–"
hidden = sorted(set(period_label(enrolled_by_district.filter(pl.col("suppressed")), lang)["kvartal"].to_list()))
offered_names = [choices.districts[c] for c in offered]
capacity = enrolled_ind.capacity
notice, attribution = boundary_note(boundaries, lang)

# Render
st.title(t("page.family_model", lang))
st.markdown(t("km.intro", lang, districts=t("filters.and", lang).join(offered_names) or t("km.none", lang)))
st.caption(t("km.filters_note", lang))
m1, m2, m3, m4 = st.columns(4)
m1.metric(t("km.enrolled", lang, period=period_text),
          t("km.of", lang, n=number(enrolled_now, 0, locale=locale), cap=capacity) if enrolled_now is not None else "–")
m2.metric(t("km.contacts", lang), number(contacts_now, 0, locale=locale) if contacts_now is not None else "–",
          help=t("km.contacts_help", lang))
m3.metric(t("km.fte", lang), value_text(fte_now["value"].sum(), "fte", locale=locale) if fte_now.height else "–")
m4.metric(t("km.districts", lang), str(len(offered)))

st.subheader(t("km.enrolment_heading", lang, cap=capacity))
st.altair_chart(screen(enrolment_chart(enrolled_by_district, capacity=capacity, lang=lang), lang),
                width="stretch", key="km_enrolment")
if hidden:
    st.caption(t("km.hidden", lang, quarters=", ".join(hidden)))

left, right = st.columns([3, 2])
with left:
    st.subheader(t("km.coverage_heading", lang, period=period_text))
    colours = district_colours(coverage_now, coverage_ind, coverage_breaks)
    tooltips = tooltip_rows(coverage_now, coverage_ind, period_text, lang)
    st.pydeck_chart(district_deck(boundaries, colours, tooltips), height=440, key="km_map")
    if notice:
        st.info(notice)
    if attribution:
        st.caption(attribution)
with right:
    st.markdown(legend_html(coverage_ind, coverage_breaks, not_offered=True, lang=lang), unsafe_allow_html=True)
    st.subheader(t("km.fte_heading", lang))
    st.altair_chart(screen(category_bars(fte_now.select("navn", "value"), value_title=t("axis.fte", lang), lang=lang), lang),
                    width="stretch", key="km_fte")

st.subheader(t("km.outcomes", lang))
cols = st.columns(len(OUTCOMES))
for col, code in zip(cols, OUTCOMES):
    ind = registry.indicator(code)
    frame = district_values(outcomes[code], ind, population).join(names, on="district_code")
    with col:
        st.markdown(f"**{ind.title(lang)}**")
        st.altair_chart(screen(quarterly_lines(frame, ind, lang), lang), width="stretch", key=f"km_{code}")
        st.caption(ind.definition(lang))
st.caption(t("note.source", lang, source=enrolled_ind.source))
