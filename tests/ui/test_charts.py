"""Altair charts (ui.charts), read through `chart.to_dict()`: encodings, titles, formats and the locale."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
import pytest
import vl_convert as vlc
from polars.testing import assert_frame_equal

from registry import load_registry
from ui.charts import (
    COMPARE_COLOUR,
    DISTRICT_SERIES_COLOURS,
    MAIN_COLOUR,
    MARK_COLOUR,
    axis_format,
    category_bars,
    district_ranking,
    enrolment_chart,
    period_label,
    quarterly_lines,
    screen,
    trend_chart,
)
from ui.maps import BAD_TO_GOOD, NEUTRAL, NOT_OFFERED, SUPPRESSED, hex_colour

REG = load_registry()
S01 = REG.indicator("S01")  # a survey share in %, baseline 2017
S07 = REG.indicator("S07")  # a count, no survey
SERIES = pl.DataFrame(
    {"year": [2016, 2017, 2018], "value": [40.0, 42.0, None], "ci_low": [38.0, 41.0, None],
     "ci_high": [42.0, 43.0, None], "base_count": [100, 7094, None], "provenance": ["sample", "published", None]},
    schema_overrides={"base_count": pl.Int64},
)


def _layers(chart) -> list[dict]:
    return chart.to_dict()["layer"]


def _marks(chart) -> list[str]:
    return [layer["mark"]["type"] for layer in _layers(chart)]


def _tick_labels(chart, width: int = 700) -> list[list[str]]:
    """Each axis's tick labels as drawn on screen, at a column's width (Vega renders the SVG)."""
    svg = vlc.vegalite_to_svg(screen(chart.properties(width=width)).to_dict())
    return [re.findall(r"<text[^>]*>([^<]*)</text>", axis)
            for axis in re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg, re.S)]


def _shapes(points: dict) -> dict:
    """A point layer's shape scale, as the kinds it has and their shapes."""
    return points["encoding"]["shape"]["scale"]


def _paint(points: dict) -> tuple[str, str]:
    """How a point layer colours its points (fill, stroke): the Vega expressions it computes them by."""
    encoding = points["encoding"]
    assert (encoding["fill"]["field"], encoding["stroke"]["field"]) == ("point_fill", "point_stroke")
    assert encoding["fill"]["scale"] is None and encoding["stroke"]["scale"] is None  # the colours themselves
    steps = {step["as"]: step["calculate"] for step in points["transform"] if "calculate" in step}
    return steps["point_fill"], steps["point_stroke"]


def _hollow_when_sample(points: dict, colour: str) -> None:
    """Sample points are white inside, others filled with their colour, and the legend draws them so."""
    assert _paint(points)[0] == f"datum.kind == 'eksempeldata' ? 'white' : {colour}"
    legend = points["encoding"]["shape"]["legend"]
    assert legend["title"] == "Herkomst"
    symbol = legend["symbolStrokeColor"]
    assert legend["symbolFillColor"] == {"expr": f"datum.value == 'eksempeldata' ? 'white' : '{symbol}'"}


@pytest.mark.parametrize(("values", "fmt"), [
    ([40.0, 42.0], ",.1f"),  # close together: one decimal, so ticks do not repeat
    ([10.0, 30.0], ",.0f"),
    ([None, None], ",.0f"),
])
def test_axis_format(values, fmt):
    assert axis_format(pl.Series(values, dtype=pl.Float64)) == fmt


@pytest.mark.parametrize(("lang", "decimal", "thousands"), [("da", ",", "."), ("en", ".", ",")])
def test_screen_adds_the_languages_number_locale(lang, decimal, thousands):
    config = screen(trend_chart(SERIES, S01, year_from=2016, label="x"), lang).to_dict()["config"]
    number = config["locale"]["number"]
    assert (number["decimal"], number["thousands"]) == (decimal, thousands)


def test_a_survey_has_a_band_a_line_points_and_the_baseline_marked():
    chart = trend_chart(SERIES, S01, year_from=2016, label="Hele byen")
    assert _marks(chart) == ["area", "line", "point", "rule", "text"]
    band, line, points, _rule, text = _layers(chart)
    assert (band["encoding"]["y"]["field"], band["encoding"]["y2"]["field"]) == ("ci_low", "ci_high")
    assert (line["encoding"]["x"]["title"], line["encoding"]["y"]["title"]) == ("År", "Andel (%)")
    assert line["encoding"]["y"]["axis"]["format"] == ",.1f"
    assert [(t["title"], t.get("format")) for t in line["encoding"]["tooltip"]] == [
        ("Serie", None), ("År", "d"), ("Andel (%)", ",.1f"), ("Antal bag tallet", ",d"), ("Herkomst", None)]
    assert text["data"]["values"] == [{"year": 2017, "label": "Basisår 2017"}]
    assert line["encoding"]["color"]["scale"] == {"domain": ["Hele byen"], "range": [MAIN_COLOUR]}


def test_screen_fits_the_width_and_leaves_the_height_to_the_plot():
    """Without an autosize Streamlit sets "fit": legends and axis titles then squash the plot into `height`."""
    spec = screen(trend_chart(SERIES, S01, year_from=2016, label="x")).to_dict()
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert spec["height"] == 220


def test_each_points_provenance_is_its_shape_and_sample_is_hollow():
    points = _layers(trend_chart(SERIES, S01, year_from=2016, label="x"))[2]
    assert _shapes(points) == {"domain": ["offentliggjort", "eksempeldata"], "range": ["circle", "triangle-up"]}
    _hollow_when_sample(points, f'"{MAIN_COLOUR}"')
    assert _paint(points)[1] == f'"{MAIN_COLOUR}"'
    assert points["encoding"]["shape"]["legend"]["symbolStrokeColor"] == MAIN_COLOUR


def test_english_words_and_no_baseline_before_the_period():
    chart = trend_chart(SERIES, S01, year_from=2018, label="Whole city", lang="en")
    assert _marks(chart) == ["area", "line", "point"]  # 2017 lies before the period: no baseline mark
    spec = chart.to_dict()
    line = spec["layer"][1]
    rows = line.get("data", spec.get("data"))["values"]  # Altair lifts data that all layers share
    assert [row["year"] for row in rows] == [2018]
    assert (line["encoding"]["x"]["title"], line["encoding"]["y"]["title"]) == ("Year", "Share (%)")


def test_a_count_has_no_band_and_whole_numbers_and_says_what_it_counts():
    series = SERIES.with_columns(pl.Series("value", [400.0, 420.0, 500.0]))
    chart = trend_chart(series, S07, year_from=2016, label="x")
    assert "area" not in _marks(chart)
    line = _layers(chart)[0]["encoding"]
    assert line["y"]["title"] == "Antal borgere"
    assert line["tooltip"][2] == {"field": "value", "format": ",.0f", "title": "Antal borgere", "type": "quantitative"}
    english = _layers(trend_chart(series, S07, year_from=2016, label="x", lang="en"))[0]["encoding"]
    assert (english["y"]["title"], english["tooltip"][2]["title"]) == ("Number of citizens", "Number of citizens")


def test_the_whole_city_beside_a_filtered_line_has_its_own_colour_and_points():
    chart = trend_chart(SERIES, S01, year_from=2016, label="Nørrebro", compare=SERIES)
    line = _layers(chart)[1]["encoding"]["color"]
    assert line["scale"] == {"domain": ["Nørrebro", "Hele byen"], "range": [MAIN_COLOUR, COMPARE_COLOUR]}
    # one series a line, never cut: "Hele Socialforvaltningen" side by side ran off a phone's chart
    assert (line["legend"]["orient"], line["legend"]["direction"], line["legend"]["labelLimit"]) == ("top", "vertical", 0)
    # the dash is in the same legend as the colour: each series is told apart there by both
    dash = _layers(chart)[1]["encoding"]["strokeDash"]
    assert (dash["field"], dash["scale"]["range"], dash["legend"]) == ("serie", [[1, 0], [6, 4]], line["legend"])
    assert _marks(chart).count("point") == 2


RANKING = pl.DataFrame(
    {"district_code": [1, 2, 3], "navn": ["Indre By", "Østerbro", "Nørrebro"], "map_value": [30.0, None, 50.0],
     "suppressed": [False, True, False], "gap": [None, None, None], "coarser": [None, None, None],
     "provenance": ["sample", None, "published"]},
    schema_overrides={"gap": pl.Utf8, "coarser": pl.Utf8},
)


def test_districts_are_ranked_in_the_maps_colours_with_the_city_as_a_line():
    chart = district_ranking(RANKING, {1: "#111111", 3: "#333333"}, unit_label="%", city=42.0)
    bars, hidden, marks, rule, city = _layers(chart)
    assert bars["encoding"]["y"]["sort"] == ["Nørrebro", "Indre By", "Østerbro"]  # largest first, none last
    # each bar's provenance on its end, as on every chart: Nørrebro published, Indre By sample (hollow)
    assert marks["mark"]["type"] == "point" and marks["encoding"]["x"]["field"] == "map_value"
    assert marks["encoding"]["shape"]["scale"]["domain"] == ["offentliggjort", "eksempeldata"]
    assert [r["kind"] for r in marks["data"]["values"]] == ["offentliggjort", "eksempeldata", None]
    assert [(r["navn"], r["colour"], r["label"]) for r in bars["data"]["values"]] == [
        ("Nørrebro", "#333333", ""), ("Indre By", "#111111", ""),
        ("Østerbro", "#bdbdbd", "skjult for at beskytte enkeltpersoner")]
    assert bars["encoding"]["x"]["axis"]["format"] == ",.0f"  # values from 10 up: whole numbers
    assert hidden["transform"] == [{"filter": "datum.map_value == null"}]
    assert (rule["mark"]["type"], city["data"]["values"]) == ("rule", [{"city": 42.0, "label": "Hele byen"}])
    spec = chart.to_dict()
    assert spec["height"] == 3 * 34 and spec["params"][0]["name"] == "pick"


@pytest.mark.parametrize("values", [[10.0, 3.0, None], [12.0, 5.0, None], [5.0, 2.0, None]])
def test_no_tick_label_repeats_on_a_ranking_as_wide_as_a_column(values):
    chart = district_ranking(RANKING.with_columns(pl.Series("map_value", values)), {}, unit_label="%", city=None)
    value_axis_labels = _tick_labels(chart)[0]
    assert len(set(value_axis_labels)) == len(value_axis_labels)


def test_a_ranking_without_a_city_figure_has_no_line():
    chart = district_ranking(RANKING, {}, unit_label="%", city=None, lang="en")
    assert _marks(chart) == ["bar", "text", "point"]
    assert _layers(chart)[0]["data"]["values"][-1]["label"] == "hidden to protect individuals"


QUARTERS = pl.DataFrame({"period": [date(2023, 1, 1), date(2023, 10, 1)], "navn": ["Nørrebro", "Valby"],
                         "value": [6.0, 9.0], "provenance": ["sample", "published"]})



def test_period_label_names_the_quarter_in_the_language():
    assert_frame_equal(period_label(QUARTERS), QUARTERS.with_columns(pl.Series("kvartal", ["2023 K1", "2023 K4"])))
    assert period_label(QUARTERS, "en")["kvartal"].to_list() == ["2023 Q1", "2023 Q4"]


def test_enrolment_bars_are_stacked_against_the_number_of_places():
    chart = enrolment_chart(QUARTERS, capacity=120)
    bars, _points, rule, text = _layers(chart)
    assert (bars["encoding"]["x"]["title"], bars["encoding"]["y"]["title"]) == ("Kvartal", "Familier")
    assert bars["encoding"]["y"]["stack"] == "zero"
    assert bars["encoding"]["y"]["axis"] == {"format": ",.0f", "tickMinStep": 1}  # whole families, no "1 1 2 2"
    assert [(r["kvartal"], r["kind"]) for r in bars["data"]["values"]] == [
        ("2023 K1", "eksempeldata"), ("2023 K4", "offentliggjort")]
    assert rule["mark"]["type"] == "rule" and text["data"]["values"] == [{"cap": 120, "label": "120 pladser"}]
    assert _marks(enrolment_chart(QUARTERS, capacity=None)) == ["bar", "point"]


def test_each_enrolment_bar_shows_its_provenance_on_its_end():
    bars, points, *_ = _layers(enrolment_chart(QUARTERS, capacity=120))
    assert _shapes(points) == {"domain": ["offentliggjort", "eksempeldata"], "range": ["circle", "triangle-up"]}
    _hollow_when_sample(points, f'"{MARK_COLOUR}"')
    # Stacked as the bars are: by quarter, in the bars' order, the point on the segment's end.
    stack = next(step for step in points["transform"] if "stack" in step)
    assert (stack["groupby"], stack["sort"]) == (["kvartal"], [{"field": "navn", "order": "descending"}])
    assert bars["encoding"]["order"] == {"field": "navn", "sort": "descending", "type": "nominal"}
    assert points["encoding"]["y"]["field"] == "end"


def test_quarterly_lines_show_each_points_provenance_as_the_trend_charts_do():
    line, points = _layers(quarterly_lines(QUARTERS, REG.indicator("KM05")))
    assert line["mark"]["type"] == "line" and "point" not in line["mark"]
    assert _shapes(points) == {"domain": ["offentliggjort", "eksempeldata"], "range": ["circle", "triangle-up"]}
    # A point takes its district's colour as the line does (hollow or filled), the legend a neutral one.
    assert line["encoding"]["color"]["scale"] == {"domain": ["Nørrebro", "Valby"], "range": DISTRICT_SERIES_COLOURS}
    colours = f'{{"Nørrebro": "{DISTRICT_SERIES_COLOURS[0]}", "Valby": "{DISTRICT_SERIES_COLOURS[1]}"}}[datum.navn]'
    _hollow_when_sample(points, colours)
    assert _paint(points)[1] == colours and points["encoding"]["shape"]["legend"]["symbolStrokeColor"] == MARK_COLOUR
    assert points["transform"][0] == {"filter": "isValid(datum.value)"}  # a hidden quarter has no point


def test_the_provenance_legend_draws_published_filled_and_sample_hollow():
    """As Vega draws it: the legend's symbols as the points are (it drew no symbol at all for lines by district)."""
    svg = vlc.vegalite_to_svg(screen(quarterly_lines(QUARTERS, REG.indicator("KM05")).properties(width=400)).to_dict())
    symbols = re.findall(r'<g class="mark-symbol role-legend-symbol"[^>]*>(.*?)</g>', svg, re.S)[-2:]  # after Bydel's
    assert [re.search(r'fill="([^"]*)" stroke="([^"]*)"', s).groups() for s in symbols] == [
        (MARK_COLOUR, MARK_COLOUR), ("white", MARK_COLOUR)]


def test_districts_as_series_never_take_a_colour_the_maps_use_for_a_value():
    """On the programme page a district's series sits beside a map: a hue must mean one thing there."""
    map_colours = {hex_colour(rgb).lower() for rgb in (*BAD_TO_GOOD, *NEUTRAL, SUPPRESSED, NOT_OFFERED)}
    for chart in (enrolment_chart(QUARTERS, capacity=120), quarterly_lines(QUARTERS, REG.indicator("KM05"))):
        layer = _layers(chart)[0] if "layer" in chart.to_dict() else chart.to_dict()
        assert layer["encoding"]["color"]["scale"]["range"] == DISTRICT_SERIES_COLOURS
    assert not {c.lower() for c in DISTRICT_SERIES_COLOURS} & map_colours


FTE = pl.DataFrame({"navn": ["BUF", "SOF", "KFF"], "value": [2.5, 3.5, 0.5],
                    "provenance": ["sample", "published", "internal"]})


def test_category_bars_largest_first_and_one_row_height_each():
    spec = category_bars(FTE, value_title="Årsværk", lang="en").to_dict()
    bars = spec["layer"][0]
    assert bars["encoding"]["y"]["sort"] == ["SOF", "BUF", "KFF"]
    assert bars["encoding"]["x"]["title"] == "Årsværk" and spec["height"] == 120
    assert bars["encoding"]["tooltip"][0]["title"] == "Administration"


def test_each_category_bar_shows_its_provenance_on_its_end():
    points = _layers(category_bars(FTE, value_title="Årsværk"))[1]
    assert _shapes(points) == {"domain": ["offentliggjort", "intern", "eksempeldata"],
                               "range": ["circle", "square", "triangle-up"]}
    _hollow_when_sample(points, f'"{MARK_COLOUR}"')
    assert (points["encoding"]["x"]["field"], points["encoding"]["y"]["field"]) == ("value", "navn")


@pytest.mark.parametrize("values", [[3.5, 1.0, 0.5], [3.0, 1.0, 0.5], [7.0, 10.0, 2.0], [12.0, 40.0, 3.0]])
def test_no_tick_label_repeats_on_a_bar_axis(values):
    """Årsværk 0-3,5 read "0 1 1 2 2 3 3": half-steps printed without decimals."""
    frame = FTE.with_columns(pl.Series("value", values))
    value_axis_labels = _tick_labels(category_bars(frame, value_title="Årsværk"))[0]
    assert len(value_axis_labels) > 2 and len(set(value_axis_labels)) == len(value_axis_labels)


@pytest.mark.parametrize("values", [[6.2, 7.1], [6.0, 7.0], [10.0, 30.0]])
def test_no_tick_label_repeats_on_a_quarterly_line(values):
    """E.g. Sygefravær between 6 and 7 %: a whole-number axis would print 6 6 7 7."""
    frame = QUARTERS.with_columns(pl.Series("value", values))
    value_axis_labels = _tick_labels(quarterly_lines(frame, REG.indicator("KM05")))[1]
    assert len(set(value_axis_labels)) == len(value_axis_labels)
