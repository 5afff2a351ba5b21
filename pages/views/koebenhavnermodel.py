"""Københavner-modellen: the whole-family programme, where it runs, enrolment against places, outcomes.

Which districts run the model is read from the data (KM01 rows), so a roll-out needs no code change.
Every figure comes from metrics.programme.programme_status.
"""

import streamlit as st

from metrics.programme import programme_status
from ui import loaders
from ui.charts import category_bars, enrolment_chart, period_label, quarterly_lines
from ui.downloads import download_row
from ui.export import ChartMeta, export_table
from ui.formatting import locale_for, number, period_text, value_text
from ui.i18n import t
from ui.maps import boundary_note, district_colours, district_deck, legend_html, map_table, tooltip_rows
from ui.narrative import and_list
from ui.notices import record_shown
from ui.provenance import has_sample
from ui.tables import chart_table, data_table

OUTCOMES = ("KM05", "KM06", "KM07")

# Load
lang = loaders.lang()
locale = locale_for(lang)
filters = st.session_state["filters"]
registry = loaders.registry()
version = loaders.data_version()
choices = loaders.choices(version, lang)
enrolled_ind, coverage_ind = registry.indicator("KM01"), registry.indicator("KM02")


def sums(code: str, by: tuple[str, ...]):
    """Level sums, the indicator and its hidden keys (the page takes no filters but the date)."""
    ind = registry.indicator(code)
    hidden = loaders.hidden(ind, filters, by_district="district_code" in by, city=True)
    return loaders.level_sums(code, version, by=by, as_of=filters.pinned), ind, hidden


by_district = ("period", "district_code")
enrolled, coverage = sums("KM01", by_district), sums("KM02", by_district)
enrolled_total, contacts = sums("KM01", ("period",)), sums("KM03", ("period",))
fte = sums("KM04", ("period", "unit_code"))[:2]
outcomes = {code: sums(code, by_district) for code in OUTCOMES}
units = loaders.org_units(version)
population = loaders.population(version)
boundaries = loaders.district_boundaries(choices.districts)

# Compute
status = programme_status(enrolled=enrolled, enrolled_total=enrolled_total, coverage=coverage, contacts=contacts,
                          fte=fte, outcomes=outcomes, population=population, districts=choices.districts, units=units)
period = period_text(status.last_period, "quarter", lang)
hidden = [period_text(day, "quarter", lang) for day in status.hidden_periods]
capacity = enrolled_ind.capacity
notice, attribution = boundary_note(boundaries, lang)
first_period = period_text(status.first_period, "quarter", lang)
places = and_list(status.offered_names, lang)


def meta(ind, frame, *, when: str) -> ChartMeta:
    """What a file of this page says about itself: the programme's districts, the quarters shown."""
    return ChartMeta(title=ind.title(lang), definition=ind.definition(lang), source=ind.source,
                     data_date=loaders.data_updated(), filters=places, sample=has_sample(frame), lang=lang,
                     pinned=filters.pinned, name=ind.short(lang), scope=t("page.family_model", lang), period=when)


def quarterly_table(ind, frame):
    """The rows behind a chart by quarter and district (or unit), named, a provenance on every row."""
    return export_table(period_label(frame, lang), ind, breakdown=frame["navn"], lang=lang, period_col="kvartal",
                        pinned=filters.pinned)


def enrolment():
    return enrolment_chart(status.enrolled, capacity=capacity, lang=lang)


def staff():
    # the provenance too: each bar shows whether it is sample data
    return category_bars(status.fte_now.select("navn", "value", "provenance"), value_title=t("axis.fte", lang),
                         lang=lang)

# Render
record_shown([status.enrolled, status.coverage_now, status.fte_now, *status.outcomes.values()])
st.title(t("page.family_model", lang))
st.markdown(t("km.intro", lang, districts=and_list(status.offered_names, lang) or t("km.none", lang)))
st.caption(t("km.filters_note", lang))
m1, m2, m3, m4 = st.columns(4)
# The labels name what is counted (families, contact persons): in four narrow columns a noun would wrap.
m1.metric(t("km.enrolled", lang, period=period),
          t("km.of", lang, n=number(status.enrolled_now, 0, locale=locale), cap=capacity)
          if status.enrolled_now is not None else "–")
m2.metric(t("km.contacts", lang),
          number(status.contacts_now, 0, locale=locale) if status.contacts_now is not None else "–",
          help=t("km.contacts_help", lang))
m3.metric(t("km.fte", lang), value_text(status.fte_total, "fte", locale=locale))
m4.metric(t("km.districts", lang), str(len(status.offered)))

st.subheader(t("km.enrolment_heading", lang, cap=capacity))
st.vega_lite_chart(spec=loaders.vega_spec(loaders.chart_key("km_enrolment", filters.pinned), lang, enrolment),
                   width="stretch", key="km_enrolment", alt=t("km.enrolment_alt", lang, districts=places, cap=capacity))
if hidden:
    st.caption(t("km.hidden", lang, quarters=", ".join(hidden)))
enrolment_table = quarterly_table(enrolled_ind, status.enrolled)
download_row(enrolment, meta(enrolled_ind, status.enrolled, when=f"{first_period}–{period}"), enrolment_table,
             key="km_dl_enrolment", code=enrolled_ind.code)
with st.expander(t("chart.table", lang)):  # the chart in words and figures, for every reader
    chart_table(enrolment_table, enrolled_ind, lang)

left, right = st.columns([3, 2])
with left:
    st.subheader(t("km.coverage_heading", lang, period=period))
    colours = district_colours(status.coverage_now, coverage_ind, status.coverage_breaks)
    tooltips = tooltip_rows(status.coverage_now, coverage_ind, period, lang)
    st.pydeck_chart(district_deck(boundaries, colours, tooltips), height=440, key="km_map")
    # The map's legend under the map: at the top of the right column it read as the staff chart's.
    st.markdown(legend_html(coverage_ind, status.coverage_breaks, not_offered=True, lang=lang), unsafe_allow_html=True)
    with st.expander(t("map.table", lang)):  # the map in words: for screen readers and touch screens
        data_table(map_table(status.coverage_now, tooltips, lang))
    if notice:
        st.info(notice)
    if attribution:
        st.caption(attribution)
with right:
    st.subheader(t("km.fte_heading", lang))
    st.vega_lite_chart(spec=loaders.vega_spec(loaders.chart_key("km_fte", filters.pinned), lang, staff),
                       width="stretch", key="km_fte", alt=t("km.fte_alt", lang, period=period))
    fte_ind = registry.indicator("KM04")
    fte_table = quarterly_table(fte_ind, status.fte_now)
    download_row(staff, meta(fte_ind, status.fte_now, when=period), fte_table, key="km_dl_fte", code=fte_ind.code)
    with st.expander(t("chart.table", lang)):
        chart_table(fte_table, fte_ind, lang)

st.subheader(t("km.outcomes", lang))
cols = st.columns(len(OUTCOMES))
for col, code in zip(cols, OUTCOMES):
    ind = registry.indicator(code)
    outcome = status.outcomes[code]

    def lines(outcome=outcome, ind=ind):
        return quarterly_lines(outcome, ind, lang)

    with col:
        st.markdown(f"**{ind.title(lang)}**")
        st.vega_lite_chart(spec=loaders.vega_spec(loaders.chart_key("km_outcome", code, filters.pinned), lang, lines),
                           width="stretch", key=f"km_{code}", alt=t("km.outcome_alt", lang, title=ind.title(lang),
                                                                     districts=places))
        st.caption(ind.definition(lang))
        outcome_table = quarterly_table(ind, outcome)
        download_row(lines, meta(ind, outcome, when=f"{first_period}–{period}"), outcome_table,
                     key=f"km_dl_{code}", code=code)
        with st.expander(t("chart.table", lang)):
            chart_table(outcome_table, ind, lang)
st.caption(t("note.source", lang, source=enrolled_ind.source))
