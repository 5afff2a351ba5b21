"""Bydele: one indicator on the map of the 10 districts, a ranking beside it, and a district's trend."""

import polars as pl
import streamlit as st

from metrics.aggregate import finalize
from metrics.districts import city_value, class_breaks, district_values
from metrics.series import indicator_series
from ui import loaders
from ui.charts import district_ranking, trend_chart
from ui.filters import CITY, select_district, url_select
from ui.maps import (
    SUPPRESSED_LABEL, district_colours, district_deck, hex_colour, legend_html, map_unit_label, tooltip_rows,
)

MAP_KEY = "bydel_map"


def _on_map_click() -> None:
    objects = st.session_state[MAP_KEY].selection.get("objects", {}).get("bydele", [])
    if objects:
        select_district(int(objects[0]["properties"]["bydel_nr"]))


# Load
filters = st.session_state["filters"]
registry = loaders.registry()
version = loaders.data_version()
choices = loaders.choices(version)
mappable = [i for i in registry.indicators if i.has_breakdown("district") and i.frequency == "year"]
st.title("Bydele")
col_pick, col_year, col_overlay = st.columns([3, 1.3, 1])
with col_pick:
    code = url_select("Indikator", [i.code for i in mappable], key="map_indicator", param="indikator",
                      default="S01", format_func=lambda c: f"{registry.indicator(c).short_da} ({c})")
indicator = registry.indicator(code)
years = list(range(filters.year_from, filters.year_to + 1))
with col_year:
    year = url_select("År", years, key="map_year", param="aar", default=years[-1], slider=True)
with col_overlay:
    areas = loaders.vulnerable_areas()
    overlay = st.toggle("Udsatte byområder", value=False, disabled=areas is None,
                        help=None if areas else "Laget med udsatte byområder er ikke hentet.")
sums = loaders.district_sums(indicator, filters)
city = loaders.city_sums(indicator, filters)
population = loaders.population(version)
boundaries = loaders.district_boundaries(choices.districts)

# Compute: map, ranking and trend all come from this one frame.
values = district_values(sums, indicator, population)
names = pl.DataFrame({"district_code": list(choices.districts), "navn": list(choices.districts.values())})
this_year = names.join(values.filter(pl.col("year") == year), on="district_code", how="left").with_columns(
    pl.col("suppressed").fill_null(True),
    pl.when(pl.col("suppressed").fill_null(True)).then(pl.lit(SUPPRESSED_LABEL)).otherwise(pl.lit("")).alias("label"),
)
breaks = class_breaks(this_year["map_value"].to_list())
colours = district_colours(this_year, indicator, breaks)
tooltips = tooltip_rows(this_year, indicator, str(year))
city_row = finalize(city, indicator).filter(pl.col("period").dt.year() == year)
pop_total = population.filter(pl.col("year") == year)["population"].sum()
city_now = city_value(city_row["value"].item() if city_row.height else None, indicator, pop_total)
selected = filters.district if filters.district != CITY else None
ignored = [label for label in loaders.applicable(indicator, filters)[1] if label != "bydel"]

# Render
st.caption(
    f"{indicator.title_da} · {year} · farvet efter {map_unit_label(indicator)}. "
    "Klik på en bydel for at vælge den."
)
if ignored:
    st.caption(f"Indikatoren er ikke opdelt på {' og '.join(ignored)}; kortet viser alle.")
left, right = st.columns([3, 2])
with left:
    deck = district_deck(boundaries, colours, tooltips, selected=selected, areas=areas if overlay else None)
    st.pydeck_chart(deck, height=520, on_select=_on_map_click, selection_mode="single-object", key=MAP_KEY)
    if boundaries.message:
        st.info(boundaries.message)
    if boundaries.attribution:
        st.caption(boundaries.attribution)
with right:
    st.markdown(legend_html(indicator, breaks), unsafe_allow_html=True)
    ranking = district_ranking(
        this_year.select("district_code", "navn", "map_value", "label"),
        {c: hex_colour(rgb) for c, rgb in colours.items()},
        unit_label=map_unit_label(indicator).capitalize(), city=city_now,
    )
    st.altair_chart(ranking, width="stretch", key="ranking")
if selected:
    name = choices.districts[selected]
    district_series = values.filter(pl.col("district_code") == selected)
    city_series = indicator_series(city, indicator, years=(choices.years[0], filters.year_to))
    st.subheader(f"Udviklingen i {name}")
    st.altair_chart(
        trend_chart(district_series, indicator, year_from=filters.year_from, label=name, compare=city_series),
        width="stretch", key="district_trend",
    )
st.caption(f"Kilde: {indicator.source}. {indicator.definition_da}")
