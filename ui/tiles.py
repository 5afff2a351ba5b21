"""The tile of one sign of success on the overview: value, change, arrow, sparkline, status."""

from __future__ import annotations

import base64
from typing import Literal

import streamlit as st

from metrics.status import NO_DATA, NO_DIRECTION, RIGHT_WAY, UNCHANGED, WRONG_WAY, Assessment
from registry import Indicator
from ui.formatting import change_text, locale_for, shown_change, value_text
from ui.i18n import t
from ui.provenance import inner_gaps

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


def delta_colour(indicator: Indicator, assessment: Assessment) -> Literal["gray", "green", "red"]:
    """The colour of a change in st.metric, on the tiles and the goals alike: green for good news whichever
    way the number moves (falling sick leave is green), red for bad news, grey when unchanged or without a
    direction. Named, not "normal"/"inverse": st.metric would read the direction from the text, whose
    minus is a real minus sign (−) that it does not recognise."""
    if assessment.status in (UNCHANGED, NO_DATA, NO_DIRECTION):
        return "gray"
    return "green" if assessment.status == RIGHT_WAY else "red"


def delta_arrow(assessment: Assessment) -> Literal["up", "down", "off"]:
    """The arrow beside a change: the way the number moved."""
    if assessment.change is None or assessment.change == 0:
        return "off"
    return "up" if assessment.change > 0 else "down"


# Sparkline colours follow the status, as the delta's colour does: good news green, bad news orange.
_SPARK_COLOUR = {RIGHT_WAY: "#1a7f4b", WRONG_WAY: "#c4501a"}
_SPARK_NEUTRAL = "#6b6b6b"


def sparkline_svg(values: list, *, colour: str, width: int = 240, height: int = 40) -> str:
    """A tile's sparkline as a small SVG: no Vega view per tile for the browser to compile and draw.

    A missing year breaks the line, as in the trend charts; fewer than two values draw nothing.
    """
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    low, span = min(known), (max(known) - min(known)) or 1.0
    step = width / max(len(values) - 1, 1)
    runs: list[list[str]] = []  # the unbroken stretches of the line, as SVG points
    run: list[str] = []
    for i, value in enumerate(values):
        if value is None:
            runs.append(run)
            run = []
            continue
        run.append(f"{i * step:.1f},{height - 3 - (value - low) / span * (height - 6):.1f}")
    runs.append(run)
    lines = "".join(
        f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{" ".join(r)}"/>' for r in runs if len(r) > 1
    )
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" preserveAspectRatio="none">{lines}</svg>')


def sparkline_gap_caption(values: list, years: list | None = None, lang: str = "da") -> str:
    """A break in the sparkline in words, e.g. "Kurven er afbrudt: ingen tal for 2020, 2021." ('' if none)."""
    gaps = inner_gaps(values, years)
    if not gaps:
        return ""
    if years is None:
        return t("tile.spark_gap_count", lang, n=len(gaps))
    return t("tile.spark_gap", lang, years=", ".join(str(y) for y in gaps))


def _sparkline(values: list, assessment: Assessment) -> None:
    svg = sparkline_svg(values, colour=_SPARK_COLOUR.get(assessment.status, _SPARK_NEUTRAL))
    # An <img> with a data URI: Markdown keeps it, where a bare <svg> is sanitised away. Stretched to the
    # tile's width (object-fit: fill), as the SVG's preserveAspectRatio="none" allows.
    if svg:
        data = base64.b64encode(svg.encode()).decode()
        st.markdown(f'<img alt="" style="width:100%;height:40px;object-fit:fill" src="data:image/svg+xml;base64,{data}">',
                    unsafe_allow_html=True)


def delta_text(assessment: Assessment, indicator: Indicator, *, locale: str) -> str:
    """The change since the baseline as the two values are shown ("+7,1 procentpoint" between 47,9 % and
    55,0 %), for every place that shows an assessment's change."""
    return change_text(shown_change(assessment.latest_value, assessment.baseline_value, indicator), indicator,
                       locale=locale)


def provenance_caption(assessment: Assessment, unit: str | Indicator, lang: str = "da") -> str:
    """What kind the latest value is and, when it differs, what kind the baseline is: e.g.
    "Eksempeldata · Basisår 2017: 42,0 % (offentliggjort tal)"."""
    parts = []
    if assessment.latest_provenance:
        parts.append(t(f"tile.kind.{assessment.latest_provenance}", lang))
    if assessment.baseline_provenance and assessment.change is not None and \
            assessment.baseline_provenance != assessment.latest_provenance:
        parts.append(t("tile.baseline", lang, year=assessment.baseline_period,
                       value=value_text(assessment.baseline_value, unit, locale=locale_for(lang)),
                       kind=t(f"tile.kind.{assessment.baseline_provenance}", lang).lower()))
    return " · ".join(parts)


def sign_tile(indicator: Indicator, assessment: Assessment, sparkline: list, *, link: str, query: dict,
              lang: str = "da", years: list | None = None) -> None:
    """`sparkline` holds a value (or None) per year; `years` names those years, for the caption on a gap."""
    locale = locale_for(lang)
    with st.container(border=True):
        st.markdown(f"**{indicator.title(lang)}**")
        if assessment.latest_value is None:
            st.metric(t("status.no_data", lang), t("status.no_data", lang), label_visibility="collapsed")
        else:
            change = None
            if assessment.change is not None:
                change = t("tile.since", lang, change=delta_text(assessment, indicator, locale=locale),
                           year=assessment.baseline_period)
            st.metric(
                t("tile.latest", lang, year=assessment.latest_period),
                value_text(assessment.latest_value, indicator, locale=locale),
                delta=change,
                delta_color=delta_colour(indicator, assessment), delta_arrow=delta_arrow(assessment),
            )
            _sparkline(sparkline, assessment)
            gap = sparkline_gap_caption(sparkline, years, lang)
            if gap:  # right under the line it explains
                st.caption(gap)
            st.caption(provenance_caption(assessment, indicator, lang))
        st.markdown(status_badge(assessment, lang))
        if link:
            st.page_link(link, label=t("tile.link", lang), icon=":material/show_chart:", query_params=query)
