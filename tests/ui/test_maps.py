"""The map's colours, tooltips and legend follow the same suppressed frame as the ranking."""

from __future__ import annotations

import json

import polars as pl

from registry import load_registry
from ui.maps import (
    BAD_TO_GOOD,
    NOT_OFFERED,
    SUPPRESSED,
    district_colours,
    legend_html,
    map_unit_label,
    palette,
    tooltip_rows,
)

REG = load_registry()
FRAME = pl.DataFrame(
    {
        "district_code": [1, 2, 3],
        "map_value": [30.0, None, 50.0],
        "value": [30.0, None, 50.0],
        "base_count": [120, None, 80],
        "suppressed": [False, True, False],
    }
)


def test_good_end_is_the_same_colour_whichever_way_is_good():
    assert palette(REG.indicator("S02"), 5)[-1] == BAD_TO_GOOD[-1]  # up: high values purple
    assert palette(REG.indicator("S01"), 5)[0] == BAD_TO_GOOD[-1]  # down: low values purple


def test_suppressed_district_is_grey_and_says_so_in_the_tooltip():
    s01 = REG.indicator("S01")
    colours = district_colours(FRAME, s01, breaks=[40.0])
    assert colours == {1: BAD_TO_GOOD[-1], 2: SUPPRESSED, 3: BAD_TO_GOOD[0]}
    tips = tooltip_rows(FRAME, s01, "2025")
    assert tips[2] == {"vaerdi": "skjult for at beskytte enkeltpersoner", "grundlag": "Grundlag: skjult", "periode": "2025"}
    assert tips[1] == {"vaerdi": "30,0 %", "grundlag": "Grundlag: 120", "periode": "2025"}


def test_counts_are_shown_per_1000_with_the_total_beside():
    p02 = REG.indicator("P02")
    frame = FRAME.with_columns(pl.Series("map_value", [1.25, None, 0.5]))
    assert tooltip_rows(frame, p02, "2025")[1]["vaerdi"] == "1,2 udsættelser pr. 1.000 indbyggere (30 udsættelser i alt)"
    assert tooltip_rows(frame, p02, "2025", "en")[1]["vaerdi"] == \
        "1.2 evictions per 1,000 inhabitants (30 evictions in total)"
    assert map_unit_label(p02) == "udsættelser pr. 1.000 indbyggere"


def test_districts_without_the_programme_are_not_offered():
    frame = FRAME.with_columns(pl.Series("offered", [False, True, True]))
    km02 = REG.indicator("KM02")
    assert district_colours(frame, km02, breaks=[40.0])[1] == NOT_OFFERED
    assert tooltip_rows(frame, km02, "2025 K4")[1]["vaerdi"] == "ikke tilbudt"


def test_legend_has_unit_danish_limits_and_grey_classes():
    legend = legend_html(REG.indicator("P02"), [0.55, 0.61], not_offered=True)
    assert "Forklaring (udsættelser pr. 1.000 indbyggere)" in legend
    assert "0,6 – 0,6" not in legend  # one decimal would make the limits alike, so two are used
    assert "under 0,55" in legend and "0,55 – 0,61" in legend and "0,61 og derover" in legend
    assert "skjult for at beskytte enkeltpersoner" in legend and "ikke tilbudt" in legend and "Lave værdier er gode" in legend


def test_a_district_with_only_a_city_total_says_so_in_its_tooltip_and_ranking():
    from ui.charts import district_ranking

    s01 = load_registry().indicator("S01")
    frame = pl.DataFrame({"district_code": [3], "navn": ["Nørrebro"], "value": [None], "map_value": [None],
                          "base_count": [None], "suppressed": [False], "gap": ["coarser"], "coarser": ["district"],
                          "provenance": [None]},
                         schema_overrides={"value": pl.Float64, "map_value": pl.Float64, "base_count": pl.Int64,
                                           "provenance": pl.Utf8})
    assert tooltip_rows(frame, s01, "2017")[3]["vaerdi"] == "Kun opgjort for hele byen"
    ranking = district_ranking(frame, {3: "#000000"}, unit_label="%", city=42.0).to_dict()
    labels = [v["label"] for layer in ranking["layer"] for v in layer.get("data", {}).get("values", []) if "label" in v]
    assert "Kun opgjort for hele byen" in labels


def test_the_real_map_is_centred_on_the_city_not_on_the_sea_forts():
    from data_access.boundaries import COMMITTED_DISTRICTS
    from ui.maps import bounding_box

    (west, south), (east, north) = bounding_box(json.loads(COMMITTED_DISTRICTS.read_text(encoding="utf-8")))
    assert 12.44 < west < 12.47 and 12.64 < east < 12.66  # Flakfortet (12.73) left out
    assert 55.60 < south < 55.62 and 55.72 < north < 55.74


def test_the_map_as_a_table_says_what_each_tooltip_says():
    from ui.maps import map_table

    frame = pl.DataFrame({"district_code": [1, 2], "navn": ["Indre By", "Østerbro"]})
    tips = {1: {"vaerdi": "skjult for at beskytte enkeltpersoner", "grundlag": "Grundlag: skjult", "periode": "2021"},
            2: {"vaerdi": "48,0 %", "grundlag": "Grundlag: 120", "periode": "2021"}}
    assert map_table(frame, tips, "da").rows() == [
        ("Indre By", "skjult for at beskytte enkeltpersoner", "Grundlag: skjult"),
        ("Østerbro", "48,0 %", "Grundlag: 120"),
    ]
    assert map_table(frame, tips, "en").columns == ["District", "Value", "Base"]


def test_the_map_has_a_blank_base_map_inline_not_from_an_outside_host():
    """A MapLibre style with no sources, as a data: URL: MapLibre still draws (zoom buttons, the labels'
    layout), and nothing is fetched. map_style=None would make Streamlit's frontend fetch Carto's style
    from basemaps.cartocdn.com."""
    from urllib.parse import unquote

    from data_access.boundaries import COMMITTED_DISTRICTS, Boundaries
    from ui.maps import district_deck

    boundaries = Boundaries(geojson=json.loads(COMMITTED_DISTRICTS.read_text(encoding="utf-8")), schematic=False)
    spec = json.loads(district_deck(boundaries, {}, {}).to_json())
    prefix = "data:application/json,"
    assert spec["mapStyle"].startswith(prefix)
    style = json.loads(unquote(spec["mapStyle"].removeprefix(prefix)))
    assert style["version"] == 8 and style["sources"] == {}
    assert [layer["type"] for layer in style["layers"]] == ["background"]
    assert "mapProvider" not in spec
    assert "http" not in json.dumps({k: v for k, v in spec.items() if k != "layers"})
