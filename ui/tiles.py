"""The tile of one sign of success on the overview: value, change, arrow, sparkline, status."""

from __future__ import annotations

import streamlit as st

from metrics.status import NO_DATA, NO_DIRECTION, RIGHT_WAY, UNCHANGED, WRONG_WAY, Assessment
from registry import Indicator
from ui.formatting import change_text, locale_for, value_text
from ui.i18n import t

_BADGE = {
    RIGHT_WAY: ("green", "check_circle", "status.right_way"),
    UNCHANGED: ("gray", "remove", "status.unchanged"),
    WRONG_WAY: ("orange", "warning", "status.wrong_way"),
    NO_DATA: ("gray", "help", "status.no_data"),
    NO_DIRECTION: ("gray", "remove", "status.no_direction"),
}


def status_text(assessment: Assessment, lang: str = "da") -> str:
    if assessment.status == UNCHANGED and assessment.within_uncertainty:
        return t("status.unchanged_uncertainty", lang)
    return t(_BADGE[assessment.status][2], lang)


def status_badge(assessment: Assessment, lang: str = "da") -> str:
    colour, icon, _ = _BADGE[assessment.status]
    return f":{colour}-badge[:material/{icon}: {status_text(assessment, lang)}]"


def unknown_baseline_badge(lang: str = "da") -> str:
    return f":gray-badge[:material/help: {t('status.unknown_baseline', lang)}]"


def delta_colour(indicator: Indicator, assessment: Assessment) -> str:
    """Green for good news whichever way the number moves: falling sick leave is green."""
    if assessment.status in (UNCHANGED, NO_DATA, NO_DIRECTION):
        return "off"
    return "inverse" if indicator.direction == "down" else "normal"


def sign_tile(indicator: Indicator, assessment: Assessment, sparkline: list, *, link: str, query: dict,
              lang: str = "da", big: bool = False) -> None:
    locale = locale_for(lang)
    with st.container(border=True):
        st.markdown(f"{'### ' if big else ''}**{indicator.title(lang)}**")
        if assessment.latest_value is None:
            st.metric(t("status.no_data", lang), t("status.no_data", lang), label_visibility="collapsed")
        else:
            change = None
            if assessment.change is not None:
                change = t("tile.since", lang, change=change_text(assessment.change, indicator.unit, locale=locale),
                           year=assessment.baseline_period)
            st.metric(
                t("tile.latest", lang, year=assessment.latest_period),
                value_text(assessment.latest_value, indicator.unit, locale=locale),
                delta=change,
                delta_color=delta_colour(indicator, assessment),
                chart_data=[v for v in sparkline if v is not None],
                chart_type="line",
            )
        st.markdown(status_badge(assessment, lang))
        if link:
            st.page_link(link, label=t("tile.link", lang), icon=":material/show_chart:", query_params=query)
