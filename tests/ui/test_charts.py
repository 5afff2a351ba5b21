"""Altair charts (ui.charts), read through `chart.to_dict()`: encodings, titles, formats and the locale."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from registry import load_registry
from ui.charts import (
    COMPARE_COLOUR,
    DISTRICT_SERIES_COLOURS,
    MAIN_COLOUR,
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
        ("Serie", None), ("År", "d"), ("Andel (%)", ",.1f"), ("Antal bag tallet", ",d"), ("Proveniens", None)]
    assert text["data"]["values"] == [{"year": 2017, "label": "Basisår 2017"}]
    assert line["encoding"]["color"]["scale"] == {"domain": ["Hele byen"], "range": [MAIN_COLOUR]}


def test_each_points_provenance_is_its_shape_and_sample_is_hollow():
    points = _layers(trend_chart(SERIES, S01, year_from=2016, label="x"))[2]["encoding"]
    assert points["shape"]["scale"] == {"domain": ["offentliggjort", "eksempeldata"], "range": ["circle", "triangle-up"]}
    assert points["fill"]["condition"] == {"test": "(datum.kind === 'eksempeldata')", "value": "white"}


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
    assert line["legend"]["orient"] == "top"
    assert _marks(chart).count("point") == 2


RANKING = pl.DataFrame(
    {"district_code": [1, 2, 3], "navn": ["Indre By", "Østerbro", "Nørrebro"], "map_value": [30.0, None, 50.0],
     "suppressed": [False, True, False], "gap": [None, None, None], "coarser": [None, None, None]},
    schema_overrides={"gap": pl.Utf8, "coarser": pl.Utf8},
)


def test_districts_are_ranked_in_the_maps_colours_with_the_city_as_a_line():
    chart = district_ranking(RANKING, {1: "#111111", 3: "#333333"}, unit_label="%", city=42.0)
    bars, hidden, rule, city = _layers(chart)
    assert bars["encoding"]["y"]["sort"] == ["Nørrebro", "Indre By", "Østerbro"]  # largest first, none last
    assert [(r["navn"], r["colour"], r["label"]) for r in bars["data"]["values"]] == [
        ("Nørrebro", "#333333", ""), ("Indre By", "#111111", ""),
        ("Østerbro", "#bdbdbd", "skjult for at beskytte enkeltpersoner")]
    assert bars["encoding"]["x"]["axis"]["format"] == ",.0f"  # values from 10 up: whole numbers
    assert hidden["transform"] == [{"filter": "datum.map_value == null"}]
    assert (rule["mark"]["type"], city["data"]["values"]) == ("rule", [{"city": 42.0, "label": "Hele byen"}])
    spec = chart.to_dict()
    assert spec["height"] == 3 * 34 and spec["params"][0]["name"] == "pick"


def test_a_ranking_without_a_city_figure_has_no_line():
    chart = district_ranking(RANKING, {}, unit_label="%", city=None, lang="en")
    assert _marks(chart) == ["bar", "text"]
    assert _layers(chart)[0]["data"]["values"][-1]["label"] == "hidden to protect individuals"


QUARTERS = pl.DataFrame({"period": [date(2023, 1, 1), date(2023, 10, 1)], "navn": ["Nørrebro", "Valby"],
                         "value": [6.0, 9.0]})


def test_period_label_names_the_quarter_in_the_language():
    assert_frame_equal(period_label(QUARTERS), QUARTERS.with_columns(pl.Series("kvartal", ["2023 K1", "2023 K4"])))
    assert period_label(QUARTERS, "en")["kvartal"].to_list() == ["2023 Q1", "2023 Q4"]


def test_enrolment_bars_are_stacked_against_the_number_of_places():
    chart = enrolment_chart(QUARTERS, capacity=120)
    bars, rule, text = _layers(chart)
    assert (bars["encoding"]["x"]["title"], bars["encoding"]["y"]["title"]) == ("Kvartal", "Familier")
    assert bars["encoding"]["y"]["stack"] == "zero"
    assert [r["kvartal"] for r in bars["data"]["values"]] == ["2023 K1", "2023 K4"]
    assert rule["mark"]["type"] == "rule" and text["data"]["values"] == [{"cap": 120, "label": "120 pladser"}]
    assert _marks(enrolment_chart(QUARTERS, capacity=None)) == ["bar"]


def test_districts_as_series_never_take_a_colour_the_maps_use_for_a_value():
    """On the programme page a district's series sits beside a map: a hue must mean one thing there."""
    map_colours = {hex_colour(rgb).lower() for rgb in (*BAD_TO_GOOD, *NEUTRAL, SUPPRESSED, NOT_OFFERED)}
    for chart in (enrolment_chart(QUARTERS, capacity=120), quarterly_lines(QUARTERS, REG.indicator("KM05"))):
        layer = _layers(chart)[0] if "layer" in chart.to_dict() else chart.to_dict()
        assert layer["encoding"]["color"]["scale"]["range"] == DISTRICT_SERIES_COLOURS
    assert not {c.lower() for c in DISTRICT_SERIES_COLOURS} & map_colours


def test_category_bars_largest_first_and_one_row_height_each():
    frame = pl.DataFrame({"navn": ["BUF", "SOF", "KFF"], "value": [2.5, 10.0, 1.0]})
    spec = category_bars(frame, value_title="Årsværk", lang="en").to_dict()
    assert spec["encoding"]["y"]["sort"] == ["SOF", "BUF", "KFF"]
    assert spec["encoding"]["x"]["title"] == "Årsværk" and spec["height"] == 120
    assert spec["encoding"]["tooltip"][0]["title"] == "Administration"
