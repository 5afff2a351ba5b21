"""One vision: every sign of success as a trend chart. Used by the four vision pages."""

import streamlit as st

from metrics.status import assess
from ui import loaders
from ui.charts import trend_chart
from ui.filters import CITY
from ui.tiles import status_badge


def scope_label(filters, choices, ignored: list[str], indicator) -> str:
    parts = []
    if filters.district != CITY and indicator.has_breakdown("district"):
        parts.append(choices.districts[filters.district])
    if filters.unit and indicator.has_breakdown("unit"):
        parts.append(choices.units[filters.unit].strip())
    if filters.group and indicator.has_breakdown("group"):
        parts.append(choices.groups[filters.group])
    return ", ".join(parts) if parts else "Hele byen"


def show(vision_code: str) -> None:
    # Load
    filters = st.session_state["filters"]
    registry = loaders.registry()
    choices = loaders.choices(loaders.data_version())
    vision = registry.group(vision_code)
    indicators = registry.indicators_in(vision_code)

    st.title(vision.title_da)
    st.caption(f"{len(indicators)} tegn på succes · {filters.year_from}–{filters.year_to}")
    for ind in indicators:
        kwargs, ignored = loaders.applicable(ind, filters)
        shown = loaders.series(ind, filters)
        city = loaders.series(ind, filters, city=True) if kwargs else None

        # Compute
        assessment = assess(shown, ind)
        label = scope_label(filters, choices, ignored, ind)
        in_period = shown.filter(shown["year"] >= filters.year_from)
        suppressed = in_period.filter(in_period["suppressed"])["year"].to_list()

        # Render
        with st.container(border=True):
            st.subheader(ind.title_da)
            st.markdown(status_badge(assessment))
            chart = trend_chart(shown, ind, year_from=filters.year_from, label=label, compare=city)
            st.altair_chart(chart, width="stretch", key=f"chart_{ind.code}")
            notes = [f"Kilde: {ind.source}. {ind.definition_da}"]
            if ignored:
                notes.append(f"Indikatoren er ikke opdelt på {' og '.join(ignored)}; grafen viser hele byen.")
            if suppressed:
                years = ", ".join(str(y) for y in suppressed)
                notes.append(f"Udeladt pga. for få tal (under 5): {years}.")
            if ind.survey:
                notes.append("Det lyse bånd er 95 %-usikkerhedsintervallet.")
            st.caption(" ".join(notes))
