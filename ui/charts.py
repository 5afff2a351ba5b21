"""Altair charts. Numbers are formatted by Vega-Lite's da-DK locale (decimal comma, thousands dot)."""

from __future__ import annotations

import altair as alt
import polars as pl

from registry import Indicator
from ui.formatting import axis_title
from ui.vega_locale import DA_DK

MAIN_COLOUR = "#1f4e79"
COMPARE_COLOUR = "#8c8c8c"
BAND_COLOUR = "#9ecae1"
_NUMBER_FORMAT = {"pct": ",.1f", "days": ",.1f", "count": ",.0f", "fte": ",.1f"}


def _long(series: pl.DataFrame, label: str, year_from: int) -> pl.DataFrame:
    return series.filter(pl.col("year") >= year_from).select(
        "year", "value", "ci_low", "ci_high", "base_count", pl.lit(label).alias("serie")
    )


def trend_chart(
    series: pl.DataFrame,
    indicator: Indicator,
    *,
    year_from: int,
    label: str,
    compare: pl.DataFrame | None = None,
    compare_label: str = "Hele byen",
    height: int = 260,
) -> alt.LayerChart:
    """The indicator's line over the years; a 95 % band for surveys; the baseline year marked.

    A year without a value (no data, or suppressed) breaks the line instead of being drawn as zero.
    With `compare`, the whole city is drawn beside the filtered line, dashed and grey.
    """
    frames = [_long(series, label, year_from)]
    if compare is not None:
        frames.append(_long(compare, compare_label, year_from))
    data = pl.concat(frames).to_dicts()
    number = _NUMBER_FORMAT[indicator.unit]
    colour = alt.Color(
        "serie:N",
        scale=alt.Scale(domain=[label, compare_label], range=[MAIN_COLOUR, COMPARE_COLOUR]),
        legend=alt.Legend(title=None, orient="top") if compare is not None else None,
    )
    x = alt.X("year:Q", title="År", axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(nice=False))
    y = alt.Y("value:Q", title=axis_title(indicator.unit), scale=alt.Scale(zero=False), axis=alt.Axis(format=",.0f"))
    tooltip = [
        alt.Tooltip("serie:N", title="Serie"),
        alt.Tooltip("year:Q", title="År", format="d"),
        alt.Tooltip("value:Q", title="Værdi", format=number),
        alt.Tooltip("base_count:Q", title="Antal bag tallet", format=",d"),
    ]
    base = alt.Chart(alt.Data(values=data))
    layers = []
    if indicator.survey:
        layers.append(
            base.transform_filter(alt.datum.serie == label)
            .mark_area(opacity=0.25, color=BAND_COLOUR)
            .encode(x=x, y=alt.Y("ci_low:Q"), y2="ci_high:Q",
                    tooltip=[alt.Tooltip("ci_low:Q", title="95 %-interval fra", format=number),
                             alt.Tooltip("ci_high:Q", title="til", format=number)])
        )
    line = base.mark_line(point=True, strokeWidth=3, invalid="break-paths-show-domains").encode(
        x=x, y=y, color=colour, tooltip=tooltip,
        strokeDash=alt.condition(alt.datum.serie == compare_label, alt.value([6, 4]), alt.value([1, 0])),
    )
    layers.append(line)
    if indicator.baseline_year >= year_from:
        rule = alt.Chart(alt.Data(values=[{"year": indicator.baseline_year, "label": f"Basisår {indicator.baseline_year}"}]))
        layers.append(rule.mark_rule(color="#555", strokeDash=[2, 2]).encode(x="year:Q"))
        layers.append(
            rule.mark_text(align="left", dx=4, dy=-4, baseline="top", color="#555", fontSize=12)
            .encode(x="year:Q", y=alt.value(0), text="label:N")
        )
    return alt.layer(*layers).properties(height=height).configure(locale=DA_DK)


def sparkline_values(series: pl.DataFrame) -> list[float | None]:
    """The values for a tile's sparkline (gaps kept as None)."""
    return series["value"].to_list()
