"""One vision: every sign of success as a trend chart with its sentence and downloads.

Used by the four vision pages (vision_v1.py … vision_v4.py).
"""

import streamlit as st

from metrics.series import compares_with_whole, from_year, suppressed_years
from ui import loaders
from ui.assemble import sign_assessments
from ui.charts import trend_chart
from ui.downloads import download_row
from ui.export import ChartMeta, lines_table
from ui.i18n import t
from ui.narrative import breakdowns_text, narrative
from ui.notices import record_shown
from ui.provenance import gap_notes, has_sample
from ui.tables import chart_table
from ui.tiles import status_badge
from ui.url_filters import describe


def scope_label(filters, choices, indicator, lang) -> str:
    """What the main line shows: the filters the indicator takes, or the whole city."""
    parts = []
    if filters.chosen_district is not None and indicator.has_breakdown("district"):
        parts.append(choices.districts[filters.district])
    if filters.unit and indicator.has_breakdown("unit"):
        parts.append(choices.units[filters.unit].strip())
    if filters.group and indicator.has_breakdown("group"):
        parts.append(choices.groups[filters.group])
    return ", ".join(parts) if parts else t("filters.city", lang)


def show(vision_code: str) -> None:
    # Load
    lang = loaders.lang()
    filters = st.session_state["filters"]
    registry = loaders.registry()
    version = loaders.data_version()
    choices = loaders.choices(version, lang)
    vision = registry.group(vision_code)
    signs = sign_assessments(filters, vision_code)
    indicators = signs.indicators
    updated = loaders.data_updated()

    st.title(vision.title(lang))
    st.caption(t("vision.caption", lang, n=len(indicators), start=filters.year_from, end=filters.year_to))
    for ind in indicators:
        kwargs, ignored = loaders.applicable(ind, filters)
        shown, assessment = signs.series[ind.code], signs.assessments[ind.code]
        city = loaders.series(ind, filters, city=True) if kwargs and compares_with_whole(ind) else None

        # Compute
        city_shown = from_year(city, filters.year_from) if city is not None else None
        label = scope_label(filters, choices, ind, lang)
        in_period = from_year(shown, filters.year_from)
        suppressed = suppressed_years(in_period)
        gaps = gap_notes(in_period, lang)
        sentence = narrative(ind, assessment, lang)
        # Narrowed by unit alone, the reference is the whole administration, not the city.
        compare_label = t("filters.all_units", lang) if set(kwargs) == {"unit"} else t("filters.city", lang)
        def chart(shown=shown, city=city, label=label, compare_label=compare_label, ind=ind):
            return trend_chart(shown, ind, year_from=filters.year_from, label=label, compare=city,
                               compare_label=compare_label, lang=lang)

        spec = loaders.vega_spec(loaders.chart_key("trend", ind.code, filters, label, compare_label), lang, chart)
        meta = ChartMeta(
            title=ind.title(lang), definition=ind.definition(lang), source=ind.source, data_date=updated,
            filters=describe(filters, choices, lang) if kwargs else f"{filters.year_from}–{filters.year_to}, {label}",
            sample=has_sample(in_period) or (city_shown is not None and has_sample(city_shown)),
            lang=lang, pinned=filters.pinned,
            name=ind.short(lang), scope=label, period=f"{filters.year_from}–{filters.year_to}",
        )
        lines = [(in_period, label)] + ([(city_shown, compare_label)] if city_shown is not None else [])
        table = lines_table(lines, ind, lang=lang, pinned=filters.pinned)  # every line the chart draws

        # Render
        record_shown([in_period] + ([city_shown] if city_shown is not None else []))
        with st.container(border=True):
            st.subheader(ind.title(lang))
            st.markdown(status_badge(assessment, lang))
            st.vega_lite_chart(spec=spec, width="stretch", key=f"chart_{ind.code}", alt=sentence)
            st.markdown(sentence)
            notes = [t("note.source", lang, source=ind.source), ind.definition(lang)]
            if ignored:
                notes.append(t("note.not_broken_down", lang, what=breakdowns_text(ignored, lang)))
            if suppressed:
                notes.append(t("note.suppressed", lang, years=", ".join(str(y) for y in suppressed)))
            notes += gaps
            if ind.survey:
                notes.append(t("note.band", lang))
            st.caption(" ".join(notes))
            download_row(chart, meta, table, key=f"dl_{ind.code}", code=ind.code)
            with st.expander(t("chart.table", lang)):  # the chart in words and figures, for every reader
                chart_table(table, ind, lang)
