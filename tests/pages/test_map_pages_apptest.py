"""The map pages (Bydele, Københavner-modellen) and English, through Streamlit's AppTest (the meeting
screen: test_meeting_apptest.py).

Expected numbers are computed here from the database (data_access.queries + metrics), never read from
the page. The pydeck map is checked through its JSON spec: one GeoJSON feature per district, whose
properties carry the tooltip texts (`vaerdi`, `grundlag`, `periode`).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from data_access.db import get_engine
from data_access.queries import fetch_districts, fetch_population
from metrics.districts import district_values
from metrics.status import RIGHT_WAY, assess
from metrics.suppression import MIN_BASE_COUNT
from registry import load_registry
from tests.levels import fetch_cell_sums, fetch_district_hidden, view_series
from tests.pages.apptest_helpers import new_app, show
from ui.navigation import DISTRICTS, FAMILY_MODEL, OVERVIEW

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
REGISTRY = load_registry()
FIRST_YEAR, LAST_YEAR = 2014, 2025
SUPPRESSED_DA = "skjult for at beskytte enkeltpersoner"
NOT_OFFERED_DA = "ikke tilbudt"


# ------------------------------------------------------------------ helpers


def deck_spec(at: AppTest) -> dict:
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1, f"expected one pydeck chart, found {len(decks)}"
    return json.loads(decks[0].proto.json)


def district_props(spec: dict) -> dict[int, dict]:
    """district code -> the feature's properties, from the district layer ("bydele")."""
    (layer,) = [layer for layer in spec["layers"] if layer.get("id") == "bydele"]
    features = layer["data"]["features"]
    props = {f["properties"]["bydel_nr"]: f["properties"] for f in features}
    assert len(props) == len(features), "a district occurs twice on the map"
    return props


def da_number(value: float, decimals: int) -> str:
    """Danish number text without Babel: 1234.56 -> '1.234,6'."""
    return f"{value:,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def norm(text: str) -> str:
    return " ".join(text.split())


def legend(at: AppTest) -> str:
    (text,) = [m.value for m in at.markdown if 'data-testid="map-legend"' in m.value]
    return text


def district_names() -> dict[int, str]:
    return {code: name for code, name in fetch_districts(engine=get_engine()).iter_rows() if code != 0}


def sums_in_year(code: str, year: int) -> pl.DataFrame:
    sums = fetch_cell_sums(engine=get_engine(), indicator=code, by=("period", "district_code"), year_to=year)
    return sums.filter(pl.col("period") == date(year, 1, 1))


# ------------------------------------------------------------------ Bydele


@pytest.fixture(scope="module")
def bydele() -> AppTest:
    """The Bydele page at its defaults (S01, the last year, the whole city)."""
    return show(new_app(), DISTRICTS)


def test_bydele_map_s01_values_are_ratio_of_sums(bydele):
    at = bydele
    assert at.title[0].value == "Bydele"
    props = district_props(deck_spec(at))
    names = district_names()
    assert len(names) == 10
    assert sorted(props) == sorted(names)
    assert {code: p["navn"] for code, p in props.items()} == names

    s01 = REGISTRY.indicator("S01")
    raw = sums_in_year("S01", LAST_YEAR)
    assert raw.height == 10 and raw["base_count"].min() >= MIN_BASE_COUNT  # nothing hidden in 2025
    # Independently: 100 · Σnumerator / Σdenominator per district.
    ratio = {row["district_code"]: 100 * row["numerator"] / row["denominator"] for row in raw.iter_rows(named=True)}
    # …and the metrics layer's per-district values agree with it.
    values = district_values(
        fetch_cell_sums(engine=get_engine(), indicator="S01", by=("period", "district_code")), s01,
        fetch_population(engine=get_engine()), hidden=fetch_district_hidden(engine=get_engine(), indicator="S01"),
    ).filter(pl.col("year") == LAST_YEAR)
    assert values.height == 10
    for row in values.iter_rows(named=True):
        assert row["map_value"] == pytest.approx(ratio[row["district_code"]])
        assert not row["suppressed"]

    for code, p in props.items():
        assert p["vaerdi"] == f"{da_number(ratio[code], 1)} %", names[code]
        base = raw.filter(pl.col("district_code") == code)["base_count"].item()
        assert p["grundlag"] == f"Grundlag: {da_number(base, 0)}", names[code]
        assert p["periode"] == str(LAST_YEAR)
    assert props[3]["vaerdi"] == "42,9 %"  # Nørrebro: 242 / 564


def test_bydele_legend(bydele):
    text = legend(bydele)
    assert "Forklaring (%)" in text
    assert SUPPRESSED_DA in text
    assert "Lave værdier er gode" in text  # S01 points down


def test_bydele_small_base_is_hidden_on_the_map():
    s04 = REGISTRY.indicator("S04")
    year = 2021
    raw = sums_in_year("S04", year)
    small = set(raw.filter(pl.col("base_count") < MIN_BASE_COUNT)["district_code"].to_list())
    assert small == {1}, "the sample data should hide Indre By for S04 in 2021"
    hidden = set(
        district_values(
            fetch_cell_sums(engine=get_engine(), indicator="S04", by=("period", "district_code")), s04,
            fetch_population(engine=get_engine()), hidden=fetch_district_hidden(engine=get_engine(), indicator="S04"),
        ).filter((pl.col("year") == year) & pl.col("suppressed"))["district_code"].to_list()
    )
    assert small < hidden  # the primary cell plus the secondary one that would give it away

    at = show(new_app(indikator="S04", aar=str(year)), DISTRICTS)
    assert at.selectbox(key="map_indicator").value == "S04"
    assert at.select_slider(key="map_year").value == year
    props = district_props(deck_spec(at))
    assert {code for code, p in props.items() if p["vaerdi"] == SUPPRESSED_DA} == hidden
    for code in hidden:
        assert props[code]["grundlag"] == "Grundlag: skjult"
        assert props[code]["periode"] == str(year)
    for code in set(props) - hidden:
        row = raw.filter(pl.col("district_code") == code).row(0, named=True)
        assert props[code]["vaerdi"] == f"{da_number(100 * row['numerator'] / row['denominator'], 1)} %"
    assert SUPPRESSED_DA in legend(at)
    # The map as a table says the same, district by district (a text alternative; touch screens)
    (table,) = [e for e in at.expander if e.label == "Kortets tal som tabel"]
    shown = table.dataframe[0].value
    values = dict(zip(shown["Bydel"], shown["Værdi"], strict=True))
    names = {d.code: d.name for d in REGISTRY.districts}
    assert len(values) == 10 and {values[names[code]] for code in hidden} == {SUPPRESSED_DA}


def test_bydele_count_indicator_is_per_1000_inhabitants():
    at = show(new_app(indikator="P02"), DISTRICTS)
    assert at.selectbox(key="map_indicator").value == "P02"
    props = district_props(deck_spec(at))
    raw = sums_in_year("P02", LAST_YEAR)
    population = dict(
        fetch_population(engine=get_engine(), year=LAST_YEAR).select("district_code", "population").iter_rows()
    )
    assert raw.height == 10 and len(population) == 10
    for row in raw.iter_rows(named=True):
        code, count = row["district_code"], row["value_sum"]
        rate = count / population[code] * 1000
        assert props[code]["vaerdi"] == (
            f"{da_number(rate, 1)} udsættelser pr. 1.000 indbyggere ({da_number(count, 0)} udsættelser i alt)"
        ), code
    assert "Forklaring (udsættelser pr. 1.000 indbyggere)" in legend(at)
    assert any("pr. 1.000 indbyggere" in c.value for c in at.caption)


def test_bydele_district_filter_shows_its_trend():
    at = show(new_app(), DISTRICTS)
    assert len(at.subheader) == 0
    at.selectbox(key="f_district").set_value(3).run()
    assert not at.exception, [e.message for e in at.exception]
    assert district_names()[3] == "Nørrebro"
    assert [s.value for s in at.subheader] == ["Udviklingen i Nørrebro"]
    assert at.query_params["bydel"] == "3"
    # The chosen district is outlined on the map.
    layers = {layer["id"]: layer for layer in deck_spec(at)["layers"]}
    assert [f["properties"]["bydel_nr"] for f in layers["valgt"]["data"]["features"]] == [3]


def test_bydele_unknown_indicator_in_url_is_ignored_with_a_notice():
    at = show(new_app(indikator="XYZ"), DISTRICTS)
    assert any("'indikator=XYZ' blev ignoreret" in c.value for c in at.caption), [c.value for c in at.caption]
    assert at.selectbox(key="map_indicator").value == "S01"
    assert len(district_props(deck_spec(at))) == 10


# ------------------------------------------------------------------ Københavner-modellen


def test_family_model_page():
    at = show(new_app(), FAMILY_MODEL)
    km01 = REGISTRY.indicator("KM01")
    sums = fetch_cell_sums(engine=get_engine(), indicator="KM01", by=("period", "district_code"))
    last = sums["period"].max()
    enrolled = sums.filter(pl.col("period") == last)["value_sum"].sum()
    offered = sorted(sums["district_code"].unique().to_list())
    quarter = f"{last.year} K{(last.month - 1) // 3 + 1}"
    assert (enrolled, km01.capacity, offered, quarter) == (35, 35, [3, 8], "2025 K4")

    metrics = {m.label: m.value for m in at.metric}
    # The labels name what is counted ("Indskrevne familier", "Faste kontaktpersoner"): the four narrow
    # columns keep the bare number, which a noun would break over lines on a tablet.
    assert metrics[f"Indskrevne familier ({quarter})"] == f"{round(enrolled)} af {km01.capacity}" == "35 af 35"
    assert metrics["Bydele med modellen"] == str(len(offered)) == "2"

    props = district_props(deck_spec(at))
    assert len(props) == 10
    for code, p in props.items():
        if code in offered:
            assert p["vaerdi"] not in (NOT_OFFERED_DA, SUPPRESSED_DA, "–"), code
            assert p["vaerdi"].endswith(" %"), code
        else:
            assert p["vaerdi"] == NOT_OFFERED_DA, code
        assert p["periode"] == quarter
    text = legend(at)
    assert NOT_OFFERED_DA in text and SUPPRESSED_DA in text and "Forklaring (" in text


# ------------------------------------------------------------------ English


def test_english_overview():
    at = new_app(lang="en")
    assert not at.exception, [e.message for e in at.exception]
    show(at, OVERVIEW)
    assert at.title[0].value == "A city with room for everyone"
    markdown = [m.value for m in at.markdown]
    s01 = REGISTRY.indicator("S01")
    assert s01.title_en == "Fewer citizens with special needs are lonely."
    assert f"**{s01.title_en}**" in markdown

    engine = get_engine()
    signs = REGISTRY.signs()
    assessments = {
        ind.code: assess(
            view_series(engine=engine, indicator=ind.code, year_to=LAST_YEAR, years=(FIRST_YEAR, LAST_YEAR)),
            ind,
        )
        for ind in signs
    }
    right_way = sum(a.status == RIGHT_WAY for a in assessments.values())
    assert f"### {right_way} of {len(signs)} signs are moving the right way" in markdown
    assert len(signs) == 15

    # S01's tile: 37.0 %, with a decimal point.
    s01_sums = fetch_cell_sums(engine=engine, indicator="S01", year_to=LAST_YEAR).filter(
        pl.col("period") == date(LAST_YEAR, 1, 1)
    )
    expected = 100 * s01_sums["numerator"].item() / s01_sums["denominator"].item()
    assert f"{expected:.1f} %" == "37.0 %"
    assert assessments["S01"].latest_value == pytest.approx(expected)
    assert at.metric[0].label == f"Latest value ({LAST_YEAR})"
    assert at.metric[0].value == "37.0 %"
    assert not any("," in m.value for m in at.metric if m.value.endswith("%"))


def test_bydele_banner_counts_the_trend_and_its_city_line_too():
    """The map (10 districts, sample cells) and, for a chosen district, its trend and the city beside it:
    the city's published points make the share less than 100 %, as the chart shows."""
    at = show(new_app(), DISTRICTS)
    at.selectbox(key="f_district").set_value(3).run()
    engine = get_engine()
    district = view_series(engine=engine, indicator="S01", district=3, years=(FIRST_YEAR, LAST_YEAR))
    city = view_series(engine=engine, indicator="S01", years=(FIRST_YEAR, LAST_YEAR))
    points = [*["sample"] * 10, *district.drop_nulls("provenance")["provenance"], *city.drop_nulls("provenance")["provenance"]]
    share = points.count("sample") / len(points)
    assert "published" in city["provenance"].to_list()  # the premise: a published city point is drawn
    assert f"{share * 100:.1f}".replace(".", ",") + " % af tallene på denne side er eksempeldata" in at.warning[0].value
    assert share < 1
