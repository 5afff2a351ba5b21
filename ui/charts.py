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


def district_ranking(
    frame: pl.DataFrame, colours: dict[int, str], *, unit_label: str, city: float | None, number_format: str = ",.1f"
) -> alt.LayerChart:
    """Districts ranked by the shown value, in the map's colours, with the whole city as a reference line.

    `frame` has district_code, navn, map_value (null when hidden) and label (the text for hidden ones).
    """
    frame = frame.sort("map_value", descending=True, nulls_last=True)
    axis_format = ",.0f" if (frame["map_value"].max() or 0) >= 10 else ",.1f"
    data = frame.with_columns(
        pl.col("district_code").replace_strict(colours, default="#bdbdbd").alias("colour")
    ).to_dicts()
    y = alt.Y("navn:N", sort=frame["navn"].to_list(), title=None, axis=alt.Axis(labelLimit=220))
    bars = alt.Chart(alt.Data(values=data)).mark_bar().encode(
        x=alt.X("map_value:Q", title=unit_label, axis=alt.Axis(format=axis_format)),
        y=y,
        color=alt.Color("colour:N", scale=None),
        tooltip=[alt.Tooltip("navn:N", title="Bydel"), alt.Tooltip("map_value:Q", title="Værdi", format=number_format)],
    )
    hidden = alt.Chart(alt.Data(values=data)).transform_filter("datum.map_value == null").mark_text(
        align="left", dx=4, color="#555"
    ).encode(y=y, x=alt.value(0), text="label:N")
    layers = [bars, hidden]
    if city is not None:
        ref = alt.Chart(alt.Data(values=[{"city": city, "label": "Hele byen"}]))
        layers.append(ref.mark_rule(color="#222", strokeDash=[4, 3], strokeWidth=2).encode(x="city:Q"))
        layers.append(ref.mark_text(align="left", dx=4, dy=-6, color="#222").encode(
            x="city:Q", y=alt.value(0), text="label:N"))
    return alt.layer(*layers).properties(height=34 * max(len(data), 1)).configure(locale=DA_DK)


def period_label(frame: pl.DataFrame) -> pl.DataFrame:
    """Add `kvartal` ("2023 K1") from `period`, for quarterly charts."""
    return frame.with_columns(
        (pl.col("period").dt.year().cast(pl.Utf8) + " K" + pl.col("period").dt.quarter().cast(pl.Utf8)).alias("kvartal")
    )


def enrolment_chart(frame: pl.DataFrame, *, capacity: int | None, unit_label: str = "Familier") -> alt.LayerChart:
    """Stacked bars per quarter by district, against the number of places (a rule)."""
    data = period_label(frame).select("kvartal", "navn", "value").to_dicts()
    bars = alt.Chart(alt.Data(values=data)).mark_bar().encode(
        x=alt.X("kvartal:O", title="Kvartal", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=unit_label, stack="zero", axis=alt.Axis(format=",.0f")),
        color=alt.Color("navn:N", title="Bydel", scale=alt.Scale(scheme="tableau10"), legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("kvartal:O", title="Kvartal"), alt.Tooltip("navn:N", title="Bydel"),
                 alt.Tooltip("value:Q", title=unit_label, format=",.0f")],
    )
    layers = [bars]
    if capacity:
        ref = alt.Chart(alt.Data(values=[{"cap": capacity, "label": f"{capacity} pladser"}]))
        layers.append(ref.mark_rule(color="#b30000", strokeWidth=2, strokeDash=[6, 3]).encode(y="cap:Q"))
        layers.append(ref.mark_text(align="left", dx=4, dy=-8, color="#b30000", fontWeight="bold").encode(
            y="cap:Q", x=alt.value(0), text="label:N"))
    return alt.layer(*layers).properties(height=300).configure(locale=DA_DK)


def quarterly_lines(frame: pl.DataFrame, indicator: Indicator) -> alt.Chart:
    """One line per district over the quarters (suppressed quarters are gaps)."""
    data = period_label(frame).select("kvartal", "navn", "value").to_dicts()
    number = _NUMBER_FORMAT[indicator.unit]
    return (
        alt.Chart(alt.Data(values=data))
        .mark_line(point=True, strokeWidth=3, invalid="break-paths-show-domains")
        .encode(
            x=alt.X("kvartal:O", title="Kvartal", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=axis_title(indicator.unit), scale=alt.Scale(zero=False), axis=alt.Axis(format=",.0f")),
            color=alt.Color("navn:N", title="Bydel", scale=alt.Scale(scheme="tableau10"), legend=alt.Legend(orient="top")),
            tooltip=[alt.Tooltip("kvartal:O", title="Kvartal"), alt.Tooltip("navn:N", title="Bydel"),
                     alt.Tooltip("value:Q", title="Værdi", format=number)],
        )
        .properties(height=240)
        .configure(locale=DA_DK)
    )


def category_bars(frame: pl.DataFrame, *, value_title: str, number_format: str = ",.1f") -> alt.Chart:
    """Horizontal bars of `value` by `navn`, largest first (e.g. FTE by administration)."""
    frame = frame.sort("value", descending=True)
    return (
        alt.Chart(alt.Data(values=frame.select("navn", "value").to_dicts()))
        .mark_bar(color=MAIN_COLOUR)
        .encode(
            x=alt.X("value:Q", title=value_title, axis=alt.Axis(format=",.0f")),
            y=alt.Y("navn:N", title=None, sort=frame["navn"].to_list(), axis=alt.Axis(labelLimit=320)),
            tooltip=[alt.Tooltip("navn:N", title="Forvaltning"), alt.Tooltip("value:Q", title=value_title, format=number_format)],
        )
        .properties(height=40 * max(frame.height, 1))
        .configure(locale=DA_DK)
    )
