"""Københavner-modellen: the whole-family programme, where it runs, enrolment against places, outcomes.

Which districts run the model is read from the data (KM01 rows), so a roll-out needs no code change.
"""

import polars as pl
import streamlit as st

from metrics.aggregate import finalize
from metrics.districts import class_breaks, district_values
from metrics.programme import mark_offered, offered_districts
from ui import loaders
from ui.charts import category_bars, enrolment_chart, period_label, quarterly_lines
from ui.formatting import number, value_text
from ui.maps import district_colours, district_deck, legend_html, tooltip_rows

OUTCOMES = ("KM05", "KM06", "KM07")

# Load
filters = st.session_state["filters"]
registry = loaders.registry()
version = loaders.data_version()
choices = loaders.choices(version)
enrolled_ind, coverage_ind = registry.indicator("KM01"), registry.indicator("KM02")
contacts_ind, fte_ind = registry.indicator("KM03"), registry.indicator("KM04")
enrolled = loaders.cell_sums("KM01", version, by=("period", "district_code"))
coverage = loaders.cell_sums("KM02", version, by=("period", "district_code"))
contacts = loaders.cell_sums("KM03", version, by=("period",))
fte = loaders.cell_sums("KM04", version, by=("period", "unit_code"))
outcomes = {code: loaders.cell_sums(code, version, by=("period", "district_code")) for code in OUTCOMES}
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
period_text = period_label(latest.head(1))["kvartal"].item() if latest.height else "–"
hidden_quarters = sorted(set(period_label(enrolled_by_district.filter(pl.col("suppressed")))["kvartal"].to_list()))
offered_names = [choices.districts[c] for c in offered]

# Render
st.title("Københavner-modellen")
st.markdown(
    "En helhedsorienteret indsats for nogle af byens mest udsatte familier: hver familie får to faste "
    "kontaktpersoner på tværs af forvaltningerne. Modellen kører i "
    f"**{' og '.join(offered_names) if offered_names else 'ingen bydele endnu'}**."
)
st.caption("Filtrene i sidepanelet gælder ikke her: modellens tal er ikke opdelt på enhed eller målgruppe.")
capacity = enrolled_ind.capacity
m1, m2, m3, m4 = st.columns(4)
m1.metric(f"Indskrevne familier ({period_text})",
          f"{number(enrolled_now, 0)} af {capacity}" if enrolled_now is not None else "–")
m2.metric("Faste kontaktpersoner", number(contacts_now, 0) if contacts_now is not None else "–",
          help="To faste kontaktpersoner pr. familie.")
m3.metric("Årsværk i teamet", value_text(fte_now["value"].sum(), "fte") if fte_now.height else "–")
m4.metric("Bydele med modellen", str(len(offered)))

st.subheader("Indskrevne familier mod de 35 pladser")
st.altair_chart(enrolment_chart(enrolled_by_district, capacity=capacity), width="stretch", key="km_enrolment")
if hidden_quarters:
    st.caption(f"Udeladt pga. for få tal (under 5 familier i en bydel): {', '.join(hidden_quarters)}.")

left, right = st.columns([3, 2])
with left:
    st.subheader(f"Dækning: indskrevne af visiterbare familier ({period_text})")
    colours = district_colours(coverage_now, coverage_ind, coverage_breaks)
    tooltips = tooltip_rows(coverage_now, coverage_ind, period_text)
    st.pydeck_chart(district_deck(boundaries, colours, tooltips), height=440, key="km_map")
    if boundaries.message:
        st.info(boundaries.message)
    if boundaries.attribution:
        st.caption(boundaries.attribution)
with right:
    st.markdown(legend_html(coverage_ind, coverage_breaks, not_offered=True), unsafe_allow_html=True)
    st.subheader("Årsværk fordelt på forvaltninger")
    st.altair_chart(category_bars(fte_now.select("navn", "value"), value_title="Årsværk"), width="stretch", key="km_fte")

st.subheader("Udfald for familierne")
cols = st.columns(len(OUTCOMES))
for col, code in zip(cols, OUTCOMES):
    ind = registry.indicator(code)
    frame = district_values(outcomes[code], ind, population).join(names, on="district_code")
    with col:
        st.markdown(f"**{ind.title_da}**")
        st.altair_chart(quarterly_lines(frame, ind), width="stretch", key=f"km_{code}")
        st.caption(ind.definition_da)
st.caption(f"Kilde: {enrolled_ind.source}.")
