"""Altair charts. Numbers are formatted by Vega-Lite's `config.locale` (da-DK: decimal comma, thousands dot).

Builders return unconfigured charts, so the same chart can be shown (`screen`) or exported with a
title block and marks (`ui.export`); `screen` adds the locale.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import cycle
from typing import cast

import altair as alt
import polars as pl

from registry import PROVENANCES, Indicator
from ui.formatting import QUARTER_LETTER, axis_title
from ui.i18n import t
from ui.provenance import missing_text, provenance_labels
from ui.vega_locale import vega_locale

MAIN_COLOUR = "#1f4e79"
# Districts as series (the programme's charts): blue and green, never the maps' orange/purple, so that
# a colour on a page with a map means one thing (issue: orange was Nørrebro beside "under 23,9").
DISTRICT_SERIES_COLOURS = ["#2c5d9b", "#2e7d32", "#00796b", "#4a4a4a", "#5b7fb8", "#6a9c3a"]
COMPARE_COLOUR = "#8c8c8c"
SECOND_COLOUR = "#4d4d4d"  # dotted: the whole administration beside a unit and its centre
BAND_COLOUR = "#9ecae1"
# Point shapes by provenance; sample points are also drawn hollow.
PROVENANCE_SHAPES = {"published": "circle", "internal": "square", "sample": "triangle-up"}
# A bar's provenance mark sits on the bar's end: dark, so it shows on the bar's colour and beside it;
# also the legend's symbols for points of many colours (a line per district).
MARK_COLOUR = "#222222"
NUMBER_FORMAT = {"pct": ",.1f", "days": ",.1f", "count": ",.0f", "fte": ",.1f"}

Layered = alt.LayerChart | alt.FacetChart
"""What alt.layer returns: a FacetChart only when every layer has the same facet encoding (none here)."""
BuiltChart = alt.Chart | Layered
"""Any chart the builders here return."""


def axis_format(values: pl.Series) -> str:
    """Whole numbers on the axis, unless the values lie so close that ticks would repeat (6,5 / 7,0)."""
    shown = values.drop_nulls()
    # a numeric Series: polars types max() and min() as any Python literal
    if shown.is_empty() or cast(float, shown.max()) - cast(float, shown.min()) >= 8:
        return ",.0f"
    return ",.1f"


def value_axis(values: pl.Series) -> alt.Axis:
    """A value axis whose tick labels never repeat: axis_format, and no tick finer than it shows (a wide
    axis has room for half-steps even over 8 units, and ",.0f" would print them as "1 1 2 2")."""
    number = axis_format(values)
    return alt.Axis(format=number, tickMinStep=1 if number == ",.0f" else 0.1)


def built_chart(chart: BuiltChart | Callable[[], BuiltChart]) -> BuiltChart:
    """A chart, or the chart a builder makes (see ui.loaders.vega_spec: pages keep builders, not charts)."""
    return chart if isinstance(chart, alt.TopLevelMixin) else chart()


def screen(chart: BuiltChart, lang: str = "da") -> BuiltChart:
    """The chart as shown in the app: with the language's number and date locale, as wide as its column.

    fit-x: without an autosize Streamlit sets "fit", which makes a chart's height the total of plot,
    axis titles and legends (a squashed plot); here the width fits the column and `height` is the plot's."""
    return chart.configure(locale=vega_locale(lang)).properties(
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


def _kind(lang: str) -> pl.Expr:
    """`kind`: the row's provenance in words, as the provenance legend and tooltips show it."""
    return pl.col("provenance").replace_strict(provenance_labels(lang), default=None).alias("kind")


def _long(series: pl.DataFrame, label: str, role: str, year_from: int, lang: str) -> pl.DataFrame:
    return series.filter(pl.col("year") >= year_from).select(
        "year", "value", "ci_low", "ci_high", "base_count", pl.lit(label).alias("serie"), pl.lit(role).alias("role"),
        _kind(lang),
    )


def provenance_points(
    base: alt.Chart, rows: list[dict], *, x: alt.X, y: alt.Y, tooltip: list,
    colour: str | tuple[str, dict[str, str]], legend: bool, lang: str,
) -> alt.Chart:
    """Each point's provenance as its shape (published ●, internal ■, sample △ drawn hollow), so sample
    data is never taken for real; the shapes' legend lists the kinds `rows` have (a chart's layers share it).

    `base` is already filtered to the points to draw; `colour` is one colour, or a field and the colour of
    each of its values (a series per district)."""
    labels = provenance_labels(lang)
    present = {row["kind"] for row in rows if row["kind"] is not None and row["value"] is not None}
    kinds = [(labels[name], PROVENANCE_SHAPES[name]) for name in PROVENANCES if labels[name] in present]
    sample = labels["sample"]
    # The colours as data (a Vega expression), not a condition on a scale: only then does the legend draw
    # its symbols as the marks are (Vega-Lite drew the sample △ filled, or with a colour per district not at all).
    if isinstance(colour, str):
        paint, symbol = json.dumps(colour), colour
    else:
        paint, symbol = f"{json.dumps(colour[1], ensure_ascii=False)}[datum.{colour[0]}]", MARK_COLOUR
    return base.transform_calculate(
        point_stroke=paint, point_fill=f"datum.kind == '{sample}' ? 'white' : {paint}",
    ).mark_point(size=80, strokeWidth=2, opacity=1, filled=True).encode(
        x=x, y=y, tooltip=tooltip,
        fill=alt.Fill("point_fill:N", scale=None), stroke=alt.Stroke("point_stroke:N", scale=None),
        shape=alt.Shape("kind:N", scale=alt.Scale(domain=[k for k, _ in kinds], range=[s for _, s in kinds]),
                        legend=alt.Legend(
                            title=t("chart.provenance", lang), orient="bottom", symbolStrokeColor=symbol,
                            symbolStrokeWidth=2,
                            symbolFillColor=alt.ExprRef(expr=f"datum.value == '{sample}' ? 'white' : '{symbol}'"),
                        ) if legend else None),
    )


def trend_chart(
    series: pl.DataFrame,
    indicator: Indicator,
    *,
    year_from: int,
    label: str,
    compare: pl.DataFrame | None = None,
    compare_label: str | None = None,
    second: tuple[pl.DataFrame, str] | None = None,
    height: int = 220,
    lang: str = "da",
) -> Layered:
    """The indicator's line over the years; a 95 % band for surveys; the baseline year marked; each
    point's provenance as its shape (published ●, internal ■, sample △ drawn hollow).

    A year without a value (no data, or suppressed) breaks the line instead of being drawn as zero.
    With `compare`, the whole city is drawn beside the filtered line, dashed and grey; `second` (a
    frame and its label, e.g. the whole administration beside a unit and its centre) is dotted.
    """
    compare_label = compare_label or t("filters.city", lang)
    frames = [_long(series, label, "main", year_from, lang)]
    if compare is not None:
        frames.append(_long(compare, compare_label, "compare", year_from, lang))
    if second is not None:
        frames.append(_long(second[0], second[1], "compare2", year_from, lang))
    data = pl.concat(frames).to_dicts()
    number = NUMBER_FORMAT[indicator.unit]
    domain = [label] + ([compare_label] if compare is not None else []) + ([second[1]] if second is not None else [])
    # One series per line: side by side, a long name ("Hele Socialforvaltningen") ran off a phone's chart.
    series_legend = alt.Legend(title=None, orient="top", direction="vertical", labelLimit=0, symbolStrokeWidth=3,
                               symbolSize=400) if len(domain) > 1 else None
    colour = alt.Color(
        "serie:N",
        scale=alt.Scale(domain=domain, range=[MAIN_COLOUR, *([COMPARE_COLOUR] if compare is not None else []),
                                              *([SECOND_COLOUR] if second is not None else [])]),
        legend=series_legend,
    )
    # Solid, dashed, dotted in the domain's order, in the same legend as the colours (so a near-black dotted
    # line is told from a dark blue solid one there too).
    dashes = [[1, 0]] + ([[6, 4]] if compare is not None else []) + ([[2, 3]] if second is not None else [])
    x = alt.X("year:Q", title=t("chart.year", lang), axis=alt.Axis(format="d", tickMinStep=1), scale=alt.Scale(nice=False))
    y = alt.Y("value:Q", title=axis_title(indicator, lang), scale=alt.Scale(zero=False),
              axis=value_axis(pl.concat(frames)["value"]))
    tooltip = [
        alt.Tooltip("serie:N", title=t("chart.series", lang)),
        alt.Tooltip("year:Q", title=t("chart.year", lang), format="d"),
        alt.Tooltip("value:Q", title=axis_title(indicator, lang), format=number),  # the unit: "Antal borgere"
        alt.Tooltip("base_count:Q", title=t("chart.base", lang), format=",d"),
        alt.Tooltip("kind:N", title=t("chart.provenance", lang)),
    ]
    base = alt.Chart(alt.Data(values=data))
    layers = []
    if indicator.survey:
        layers.append(
            base.transform_filter(alt.datum.role == "main")
            .mark_area(opacity=0.25, color=BAND_COLOUR)
            .encode(x=x, y=alt.Y("ci_low:Q"), y2="ci_high:Q",
                    tooltip=[alt.Tooltip("ci_low:Q", title=t("chart.ci_from", lang), format=number),
                             alt.Tooltip("ci_high:Q", title=t("chart.ci_to", lang), format=number)])
        )
    line = base.mark_line(strokeWidth=3, invalid="break-paths-show-domains").encode(
        x=x, y=y, color=colour, tooltip=tooltip,
        strokeDash=alt.StrokeDash("serie:N", scale=alt.Scale(domain=domain, range=dashes), legend=series_legend),
    )

    def points(role: str, colour_: str, legend: bool) -> alt.Chart:
        return provenance_points(base.transform_filter(f"isValid(datum.value) && datum.role == '{role}'"), data,
                                 x=x, y=y, tooltip=tooltip, colour=colour_, legend=legend, lang=lang)

    layers += [line, points("main", MAIN_COLOUR, True)]  # one legend of the shapes: the layers share it
    if compare is not None:
        layers.append(points("compare", COMPARE_COLOUR, False))
    if second is not None:
        layers.append(points("compare2", SECOND_COLOUR, False))
    if indicator.baseline_year >= year_from:
        rule = alt.Chart(alt.Data(values=[{"year": indicator.baseline_year,
                                           "label": t("chart.baseline", lang, year=indicator.baseline_year)}]))
        layers.append(rule.mark_rule(color="#555", strokeDash=[2, 2]).encode(x="year:Q"))
        layers.append(
            rule.mark_text(align="left", dx=4, dy=-4, baseline="top", color="#555", fontSize=12)
            .encode(x="year:Q", y=alt.value(0), text="label:N")
        )
    return alt.layer(*layers).properties(height=height)


def district_ranking(
    frame: pl.DataFrame, colours: dict[int, str], *, unit_label: str, city: float | None,
    number_format: str = ",.1f", lang: str = "da",
) -> Layered:
    """Districts ranked by the shown value, in the map's colours, with the whole city as a reference line.

    `frame` has district_code, navn, map_value, provenance and the suppressed/gap columns; a district
    without a number says why ("for få tal", "Kun opgjort for hele byen"); each bar's provenance is a
    point on its end, as on every chart (provenance_points).
    """
    labels = [missing_text(row, lang) or "" for row in frame.iter_rows(named=True)]
    frame = frame.select("district_code", "navn", "map_value", _kind(lang)).with_columns(
        pl.when(pl.col("map_value").is_null()).then(pl.Series(labels, dtype=pl.Utf8)).otherwise(pl.lit("")).alias("label")
    ).sort("map_value", descending=True, nulls_last=True)
    span = pl.concat([pl.Series([0.0]), frame["map_value"].cast(pl.Float64)])  # the bars start at 0
    data = frame.with_columns(
        pl.col("district_code").replace_strict(colours, default="#bdbdbd").alias("colour"),
        pl.col("map_value").alias("value"),  # the name provenance_points reads
    ).to_dicts()
    y = alt.Y("navn:N", sort=frame["navn"].to_list(), title=None, axis=alt.Axis(labelLimit=220))
    # Clicking a bar picks its district (the page reads the selection named "pick").
    pick = alt.selection_point(name="pick", fields=["district_code"], on="click", clear=False)
    x = alt.X("map_value:Q", title=unit_label, axis=value_axis(span))
    tooltip = [alt.Tooltip("navn:N", title=t("chart.district", lang)),
               alt.Tooltip("map_value:Q", title=t("chart.value", lang), format=number_format),
               alt.Tooltip("kind:N", title=t("chart.provenance", lang))]
    bars = alt.Chart(alt.Data(values=data)).mark_bar(cursor="pointer").add_params(pick).encode(
        x=x, y=y, color=alt.Color("colour:N", scale=None), tooltip=tooltip,
    )
    hidden = alt.Chart(alt.Data(values=data)).transform_filter("datum.map_value == null").mark_text(
        align="left", dx=4, color="#555"
    ).encode(y=y, x=alt.value(0), text="label:N")
    marks = provenance_points(alt.Chart(alt.Data(values=data)).transform_filter("isValid(datum.value)"), data,
                              x=x, y=y, tooltip=tooltip, colour=MARK_COLOUR, legend=True, lang=lang)
    layers = [bars, hidden, marks]
    if city is not None:
        ref = alt.Chart(alt.Data(values=[{"city": city, "label": t("filters.city", lang)}]))
        layers.append(ref.mark_rule(color="#222", strokeDash=[4, 3], strokeWidth=2).encode(x="city:Q"))
        layers.append(ref.mark_text(align="right", dx=-4, dy=-6, color="#222").encode(
            x="city:Q", y=alt.value(0), text="label:N"))
    return alt.layer(*layers).properties(height=34 * max(len(data), 1))


def period_label(frame: pl.DataFrame, lang: str = "da") -> pl.DataFrame:
    """Add `kvartal` ("2023 K1", English "2023 Q1") from `period`, for quarterly charts."""
    letter = QUARTER_LETTER[lang]  # as ui.formatting.period_text names one quarter
    return frame.with_columns(
        (pl.col("period").dt.year().cast(pl.Utf8) + f" {letter}" + pl.col("period").dt.quarter().cast(pl.Utf8)).alias("kvartal")
    )


def enrolment_chart(frame: pl.DataFrame, *, capacity: int | None, lang: str = "da") -> Layered:
    """Stacked bars per quarter by district, against the number of places (a rule); each bar's
    provenance as a point on its end (see provenance_points)."""
    unit_label = t("chart.families", lang)
    data = period_label(frame, lang).select("kvartal", "navn", "value", _kind(lang)).to_dicts()
    x = alt.X("kvartal:O", title=t("chart.quarter", lang), axis=alt.Axis(labelAngle=0))
    # Whole families: no half-step ticks, which ",.0f" would print twice.
    axis = alt.Axis(format=",.0f", tickMinStep=1)
    tooltip = [alt.Tooltip("kvartal:O", title=t("chart.quarter", lang)),
               alt.Tooltip("navn:N", title=t("chart.district", lang)),
               alt.Tooltip("value:Q", title=unit_label, format=",.0f"),
               alt.Tooltip("kind:N", title=t("chart.provenance", lang))]
    base = alt.Chart(alt.Data(values=data))
    bars = base.mark_bar().encode(
        x=x, y=alt.Y("value:Q", title=unit_label, stack="zero", axis=axis),
        color=alt.Color("navn:N", title=t("chart.district", lang), scale=alt.Scale(range=DISTRICT_SERIES_COLOURS),
                        legend=alt.Legend(orient="top")),
        # Vega-Lite's own order, named: the points below are stacked the same way to sit on their bar's end.
        order=alt.Order("navn:N", sort="descending"),
        tooltip=tooltip,
    )
    ends = base.transform_filter("isValid(datum.value)").transform_stack(
        stack="value", groupby=["kvartal"], sort=[alt.SortField("navn", order="descending")], as_=["start", "end"])
    layers = [bars, provenance_points(ends, data, x=x, y=alt.Y("end:Q", title=unit_label, axis=axis), tooltip=tooltip,
                                      colour=MARK_COLOUR, legend=True, lang=lang)]
    if capacity:
        ref = alt.Chart(alt.Data(values=[{"cap": capacity, "label": t("chart.places", lang, n=capacity)}]))
        layers.append(ref.mark_rule(color="#b30000", strokeWidth=2, strokeDash=[6, 3]).encode(y="cap:Q"))
        layers.append(ref.mark_text(align="left", dx=4, dy=-8, color="#b30000", fontWeight="bold").encode(
            y="cap:Q", x=alt.value(0), text="label:N"))
    return alt.layer(*layers).properties(height=300)


def quarterly_lines(frame: pl.DataFrame, indicator: Indicator, lang: str = "da") -> Layered:
    """One line per district over the quarters (suppressed quarters are gaps), each point's provenance
    as its shape (see provenance_points)."""
    data = period_label(frame, lang).select("kvartal", "navn", "value", _kind(lang)).to_dicts()
    number = NUMBER_FORMAT[indicator.unit]
    x = alt.X("kvartal:O", title=t("chart.quarter", lang), axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title=axis_title(indicator, lang), scale=alt.Scale(zero=False),
              axis=value_axis(frame["value"]))
    # The domain named: the points take their district's colour from it (provenance_points), as the line does.
    names = sorted({row["navn"] for row in data if row["navn"] is not None})
    districts = alt.Scale(domain=names, range=DISTRICT_SERIES_COLOURS)
    tooltip = [alt.Tooltip("kvartal:O", title=t("chart.quarter", lang)),
               alt.Tooltip("navn:N", title=t("chart.district", lang)),
               alt.Tooltip("value:Q", title=axis_title(indicator, lang), format=number),
               alt.Tooltip("kind:N", title=t("chart.provenance", lang))]
    base = alt.Chart(alt.Data(values=data))
    line = base.mark_line(strokeWidth=3, invalid="break-paths-show-domains").encode(
        x=x, y=y, tooltip=tooltip,
        color=alt.Color("navn:N", title=t("chart.district", lang), scale=districts, legend=alt.Legend(orient="top")),
    )
    colours = dict(zip(names, cycle(DISTRICT_SERIES_COLOURS)))  # as the scale gives them
    points = provenance_points(base.transform_filter("isValid(datum.value)"), data, x=x, y=y, tooltip=tooltip,
                               colour=("navn", colours), legend=True, lang=lang)
    return alt.layer(line, points).properties(height=240)


def category_bars(frame: pl.DataFrame, *, value_title: str, number_format: str = ",.1f", lang: str = "da") -> Layered:
    """Horizontal bars of `value` by `navn`, largest first (e.g. FTE by administration), each bar's
    provenance as a point on its end (see provenance_points)."""
    frame = frame.sort("value", descending=True)
    data = frame.select("navn", "value", _kind(lang)).to_dicts()
    # The axis spans 0 to the largest bar, so its format follows that span, not the bars' spread.
    span = pl.concat([pl.Series([0.0]), frame["value"].cast(pl.Float64)])
    x = alt.X("value:Q", title=value_title, axis=value_axis(span))
    y = alt.Y("navn:N", title=None, sort=frame["navn"].to_list(), axis=alt.Axis(labelLimit=320))
    tooltip = [alt.Tooltip("navn:N", title=t("chart.administration", lang)),
               alt.Tooltip("value:Q", title=value_title, format=number_format),
               alt.Tooltip("kind:N", title=t("chart.provenance", lang))]
    base = alt.Chart(alt.Data(values=data))
    bars = base.mark_bar(color=MAIN_COLOUR).encode(x=x, y=y, tooltip=tooltip)
    points = provenance_points(base.transform_filter("isValid(datum.value)"), data, x=x, y=y, tooltip=tooltip,
                               colour=MARK_COLOUR, legend=True, lang=lang)
    return alt.layer(bars, points).properties(height=40 * max(frame.height, 1))
