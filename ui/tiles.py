"""The tile of one sign of success on the overview: value, change, arrow, sparkline, status."""

from __future__ import annotations

import streamlit as st

from metrics.status import NO_DATA, NO_DIRECTION, RIGHT_WAY, UNCHANGED, WRONG_WAY, Assessment
from registry import Indicator
from ui.formatting import change_text, value_text

STATUS_BADGE = {
    RIGHT_WAY: ":green-badge[:material/check_circle: I den ønskede retning]",
    UNCHANGED: ":gray-badge[:material/remove: Uændret]",
    WRONG_WAY: ":orange-badge[:material/warning: Den forkerte vej]",
    NO_DATA: ":gray-badge[:material/help: Ingen data]",
    NO_DIRECTION: ":gray-badge[Ingen ønsket retning]",
}
UNKNOWN_BASELINE_BADGE = ":gray-badge[:material/help: Udgangspunktet er ukendt]"


def status_badge(assessment: Assessment) -> str:
    if assessment.status == UNCHANGED and assessment.within_uncertainty:
        return ":gray-badge[:material/remove: Uændret inden for usikkerheden]"
    return STATUS_BADGE[assessment.status]


def _delta_colour(indicator: Indicator, assessment: Assessment) -> str:
    """Green for good news whichever way the number moves: falling sick leave is green."""
    if assessment.status in (UNCHANGED, NO_DATA, NO_DIRECTION):
        return "off"
    return "inverse" if indicator.direction == "down" else "normal"


def sign_tile(indicator: Indicator, assessment: Assessment, sparkline: list, *, link: str, query: dict) -> None:
    with st.container(border=True):
        st.markdown(f"**{indicator.title_da}**")
        if assessment.latest_value is None:
            st.metric("Seneste værdi", "Ingen data", label_visibility="collapsed")
        else:
            st.metric(
                f"Seneste værdi ({assessment.latest_period})",
                value_text(assessment.latest_value, indicator.unit),
                delta=(
                    f"{change_text(assessment.change, indicator.unit)} siden {assessment.baseline_period}"
                    if assessment.change is not None else None
                ),
                delta_color=_delta_colour(indicator, assessment),
                chart_data=[v for v in sparkline if v is not None],
                chart_type="line",
            )
        st.markdown(status_badge(assessment))
        st.page_link(link, label="Se udviklingen", icon=":material/show_chart:", query_params=query)
