"""Bydele: one indicator on the map of the 10 districts, a ranking beside it, and a district's trend."""

import streamlit as st

from metrics.districts import city_value_for_year, class_breaks, district_values, districts_for_year, one_district
from metrics.series import compares_with_whole, from_year
from ui import loaders
from ui.charts import district_ranking, trend_chart
from ui.downloads import download_row
from ui.export import ChartMeta, export_table
from ui.filters import select_district, url_select
from ui.i18n import t
from ui.layout import MAP_BOX, stacking
from ui.maps import (
    boundary_note,
    clicked_district,
    district_colours,
    district_deck,
    hex_colour,
    legend_html,
    map_table,
    map_unit_label,
    tooltip_rows,
)
from ui.narrative import breakdowns_text
from ui.notices import record_shown
from ui.provenance import gap_reasons, has_sample
from ui.tables import data_table
from ui.url_filters import describe

MAP_KEY, RANKING_KEY = "bydel_map", "ranking"


def _on_map_click() -> None:
    code = clicked_district(st.session_state[MAP_KEY].selection)
    if code:
        select_district(code)


def _on_bar_click() -> None:
    picked = st.session_state[RANKING_KEY].selection.get("pick", [])
    if picked and picked[0].get("district_code"):
        select_district(int(picked[0]["district_code"]))


# Load
lang = loaders.lang()
filters = st.session_state["filters"]
registry = loaders.registry()
version = loaders.data_version()
choices = loaders.choices(version, lang)
mappable = [i for i in registry.indicators if i.has_breakdown("district") and i.frequency == "year"]
st.title(t("page.districts", lang))
col_pick, col_year, col_overlay = stacking("district-pickers").columns([3, 1.3, 1])  # stacked when narrow
with col_pick:
    code = url_select(t("districts.indicator", lang), [i.code for i in mappable], key="map_indicator",
                      param="indikator", default="S01", lang=lang,
                      format_func=lambda c: f"{registry.indicator(c).short(lang)} ({c})")
indicator = registry.indicator(code)
years = list(range(filters.year_from, filters.year_to + 1))
with col_year:
    year = url_select(t("districts.year", lang), years, key="map_year", param="aar", default=years[-1],
                      slider=True, lang=lang)
with col_overlay:
    areas = loaders.vulnerable_areas()
    overlay = st.toggle(t("districts.overlay", lang), value=False, disabled=areas is None,
                        help=None if areas else t("districts.overlay_missing", lang))
sums = loaders.district_sums(indicator, filters)
view = tuple(loaders.other_filters(indicator, filters))
city_series = loaders.city_series(indicator, filters)
population = loaders.population(version)
boundaries = loaders.district_boundaries(choices.districts)

# Compute: the map, the ranking, the trend and the files all come from this one frame.
values = district_values(sums, indicator, population, hidden=loaders.hidden(indicator, filters, by_district=True),
                         view=view)
this_year = districts_for_year(values, choices.districts, year)
breaks = class_breaks(this_year["map_value"].to_list())
colours = district_colours(this_year, indicator, breaks)
tooltips = tooltip_rows(this_year, indicator, str(year), lang)
city_now = city_value_for_year(city_series, indicator, population, year)
selected = filters.chosen_district
ignored = [b for b in loaders.applicable(indicator, filters)[1] if b != "district"]
compare = city_series if compares_with_whole(indicator) else None
trend_frames = [from_year(one_district(values, selected), filters.year_from)] if selected else []
if selected and compare is not None:
    trend_frames.append(from_year(compare, filters.year_from))
unit_label = map_unit_label(indicator, lang)
def ranking():
    return district_ranking(this_year, {c: hex_colour(rgb) for c, rgb in colours.items()},
                            unit_label=unit_label[:1].upper() + unit_label[1:], city=city_now, lang=lang)


ranking_spec = loaders.vega_spec(loaders.chart_key("ranking", indicator.code, year, filters), lang, ranking)
meta = ChartMeta(
    title=f"{indicator.title(lang)} ({year})", definition=indicator.definition(lang), source=indicator.source,
    data_date=loaders.data_updated(), filters=describe(filters, choices, lang),
    sample=has_sample(this_year), lang=lang, pinned=filters.pinned,
    name=indicator.short(lang), scope=t("page.districts", lang), period=str(year),
)
table = export_table(this_year, indicator, breakdown=this_year["navn"], lang=lang, pinned=filters.pinned)
notice, attribution = boundary_note(boundaries, lang)
gaps = gap_reasons(this_year, lang)

# Render: the banner counts every point drawn, the map's and the trend's
record_shown([this_year, *trend_frames])
st.caption(t("districts.caption", lang, title=indicator.title(lang), year=year, unit=unit_label))
if ignored:
    st.caption(t("districts.not_broken_down", lang, what=breakdowns_text(ignored, lang)))
for text in gaps:  # e.g. only the whole city has a figure: the map shows no district a city number
    st.caption(f"{text}.")
left, right = stacking("district-map").columns([3, 2])  # the ranking under the map when narrow (ui.layout)
with left:
    deck = district_deck(boundaries, colours, tooltips, selected=selected, areas=areas if overlay else None)
    with st.container(key=MAP_BOX):  # drawn smaller where the box is too narrow for the whole city
        st.pydeck_chart(deck, height=520, on_select=_on_map_click, selection_mode="single-object", key=MAP_KEY)
    with st.expander(t("map.table", lang)):  # the map in words: for screen readers and touch screens
        data_table(map_table(this_year, tooltips, lang))
    if notice:
        st.info(notice)
    if attribution:
        st.caption(attribution)
with right:
    st.markdown(legend_html(indicator, breaks, lang=lang), unsafe_allow_html=True)
    st.vega_lite_chart(spec=ranking_spec, width="stretch", key=RANKING_KEY, on_select=_on_bar_click,
                       selection_mode="pick")
download_row(ranking, meta, table, key="dl_map", code=indicator.code)
if selected:
    name = choices.districts[selected]
    st.subheader(t("districts.trend", lang, name=name))
    def trend(name=name, compare=compare, selected=selected):
        return trend_chart(one_district(values, selected), indicator, year_from=filters.year_from, label=name,
                           compare=compare, lang=lang)

    st.vega_lite_chart(spec=loaders.vega_spec(loaders.chart_key("district_trend", indicator.code, filters), lang,
                                              trend), width="stretch", key="district_trend")
st.caption(f"{t('note.source', lang, source=indicator.source)} {indicator.definition(lang)}")
