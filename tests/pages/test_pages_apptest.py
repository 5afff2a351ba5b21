"""Every page through Streamlit's AppTest, on the embedded SQLite sample database.

Expected numbers are computed here from the database (data_access + metrics), not read from the page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from data_access.db import get_engine
from data_access.queries import fetch_districts
from metrics.status import RIGHT_WAY, assess
from registry import load_registry
from tests.levels import view_series
from tests.pages.apptest_helpers import new_app, show
from ui.i18n import t
from ui.navigation import GOALS, OVERVIEW, VISIONS

SAMPLE_MARK = t("sample.mark")

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
REGISTRY = load_registry()
SIGNS = REGISTRY.signs()
FIRST_YEAR, LAST_YEAR = 2014, 2025


# ------------------------------------------------------------------ helpers


def blocks(node):
    """Every layout block below `node`, depth first."""
    for child in getattr(node, "children", {}).values():
        if isinstance(child, Block):
            yield child
            yield from blocks(child)


def direct(block: Block, kind: str) -> list:
    return [c for c in block.children.values() if not isinstance(c, Block) and c.type == kind]


def cards(at: AppTest, heading: str) -> dict[str, Block]:
    """The bordered containers of a page, by the text of their first heading (`heading` element type)."""
    out = {}
    for block in blocks(at.main):
        heads = direct(block, heading)
        if heads:
            out[heads[0].value] = block
    return out


def expected_assessments(year_to: int = LAST_YEAR) -> dict:
    """The city-wide assessment of every sign, straight from the database."""
    engine = get_engine()
    out = {}
    for ind in SIGNS:
        series = view_series(engine=engine, indicator=ind.code, year_to=year_to, years=(FIRST_YEAR, year_to))
        out[ind.code] = assess(series, ind)
    return out


def chart_series(chart) -> set[str]:
    """The names of the lines drawn in a trend chart (the `serie` field of its inline data)."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            if "serie" in node and isinstance(node["serie"], str):
                found.add(node["serie"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(chart.proto.spec))
    return found


def danish_int(value: float) -> str:
    """An integer with Danish thousands dots, without Babel (990 -> '990', 21700 -> '21.700')."""
    return f"{round(value):,}".replace(",", ".")


@pytest.fixture(scope="module")
def app() -> AppTest:
    """One session at the default filters, shared by the read-only page checks."""
    at = new_app()
    assert not at.exception
    return at


# ------------------------------------------------------------------ Forside


def test_forside_titles_count_and_banner(app):
    at = show(app, OVERVIEW)
    assert at.title[0].value == "En by med plads til alle"
    markdown = [m.value for m in at.markdown]
    for ind in SIGNS:
        assert markdown.count(f"**{ind.title_da}**") == 1, ind.code
    assert len(SIGNS) == 15

    right_way = sum(a.status == RIGHT_WAY for a in expected_assessments().values())
    assert right_way == 9
    assert f"### {right_way} af 15 tegn bevæger sig i den ønskede retning" in markdown

    assert len(at.warning) == 1
    assert SAMPLE_MARK == "Eksempeldata — ikke virkelige tal"
    assert SAMPLE_MARK in at.warning[0].value
    # the share of the tiles' points that are sample: all but the published 2017 totals (S01, S02, S03)
    # and the published 2019/2020 values of S03, of 15 signs x 12 years
    assert "97,2 % af tallene på denne side er eksempeldata" in at.warning[0].value
    assert f"til og med {LAST_YEAR}" in at.caption[0].value
    assert [h.value for h in at.main.header] == [v.title_da for v in REGISTRY.visions()]


def test_forside_metrics(app):
    at = show(app, OVERVIEW)
    assert len(at.metric) == 15
    tiles = cards(at, "markdown")
    expected = expected_assessments()

    s01 = REGISTRY.indicator("S01")
    metric = direct(tiles[f"**{s01.title_da}**"], "metric")[0]
    assert expected["S01"].latest_value == pytest.approx(37.0, abs=0.05)
    assert metric.label == "Seneste værdi (2025)"
    assert metric.value == "37,0 %"
    assert metric.delta == "\u22125,0 procentpoint siden 2017"
    # the baseline is the seeds' published figure, and the tile says so
    captions = [c.value for c in tiles[f"**{s01.title_da}**"].caption]
    assert captions == ["Eksempeldata · Basisår 2017: 42,0 % (offentliggjort tal)"]

    for ind in SIGNS:
        (metric,) = direct(tiles[f"**{ind.title_da}**"], "metric")
        assert metric.label == f"Seneste værdi ({expected[ind.code].latest_period})", ind.code
        # The shown value is the computed one, rounded as the unit says.
        shown = float(metric.value.split(" ")[0].replace(".", "").replace(",", "."))
        tolerance = 0.5 if ind.unit == "count" else 0.05
        assert shown == pytest.approx(expected[ind.code].latest_value, abs=tolerance + 1e-9), ind.code
        # The change is the difference of the two values as they are shown (the sentence on the vision
        # page names both), so a reader's sum comes out: 47,9 % → 55,0 % is +7,1, never +7,0.
        decimals = 0 if ind.unit == "count" else 1
        a = expected[ind.code]
        if a.change is not None:
            difference = round(a.latest_value, decimals) - round(a.baseline_value, decimals)
            magnitude = metric.delta.split(" ")[0].lstrip("+\u2212±").replace(".", "").replace(",", ".")
            assert float(magnitude) == pytest.approx(abs(difference), abs=1e-9), (ind.code, metric.delta)


# ------------------------------------------------------------------ Vision pages


@pytest.mark.parametrize("code", list(VISIONS))
def test_vision_page(app, code):
    at = show(app, VISIONS[code][0])
    indicators = REGISTRY.indicators_in(code)
    assert at.title[0].value == REGISTRY.group(code).title_da
    assert [h.value for h in at.subheader] == [ind.title_da for ind in indicators]
    charts = at.get("vega_lite_chart")
    assert len(charts) == len(indicators)
    # Every chart sits in its sign's card and speaks Danish numbers.
    by_title = cards(at, "subheader")
    for ind in indicators:
        (chart,) = direct(by_title[ind.title_da], "vega_lite_chart")
        spec = json.loads(chart.proto.spec)
        assert spec["config"]["locale"]["number"]["decimal"] == ","
        assert chart_series(chart) == {"Hele byen"}  # no comparison line without a narrowing filter
    assert at.caption[0].value == f"{len(indicators)} tegn på succes · {FIRST_YEAR}–{LAST_YEAR}"


# ------------------------------------------------------------------ Filters, driven by widget key


def test_district_filter_goes_into_the_url_and_is_explained_on_v4():
    at = new_app()
    show(at, VISIONS["V1"][0])
    at.selectbox(key="f_district").set_value(3).run()
    assert not at.exception
    assert at.query_params["bydel"] == "3"
    # S01 is broken down by district: its line is Nørrebro, with the whole city beside it.
    nørrebro = dict(fetch_districts(engine=get_engine()).iter_rows())[3]
    s01 = cards(at, "subheader")[REGISTRY.indicator("S01").title_da]
    (chart,) = direct(s01, "vega_lite_chart")
    assert chart_series(chart) == {nørrebro, "Hele byen"}
    assert "ikke opdelt" not in direct(s01, "caption")[0].value

    show(at, VISIONS["V4"][0])
    assert at.query_params["bydel"] == "3"
    s12 = cards(at, "subheader")[REGISTRY.indicator("S12").title_da]
    assert "ikke opdelt på bydel" in direct(s12, "caption")[0].value


def test_unit_filter_on_v4():
    at = new_app()
    show(at, VISIONS["V4"][0])
    at.selectbox(key="f_unit").set_value("BCV").run()
    assert not at.exception
    assert at.query_params["enhed"] == "BCV"
    assert len(at.get("vega_lite_chart")) == len(REGISTRY.indicators_in("V4"))
    for card in cards(at, "subheader").values():
        assert "ikke opdelt" not in direct(card, "caption")[0].value


def test_period_slider_on_forside():
    at = new_app()
    show(at, OVERVIEW)
    at.slider(key="f_years").set_value((2016, 2020)).run()
    assert not at.exception
    assert at.query_params["fra"] == "2016" and at.query_params["til"] == "2020"
    assert any("til og med 2020" in c.value for c in at.caption)
    expected = expected_assessments(year_to=2020)
    right_way = sum(a.status == RIGHT_WAY for a in expected.values())
    assert f"### {right_way} af 15 tegn bevæger sig i den ønskede retning" in [m.value for m in at.markdown]
    tiles = cards(at, "markdown")
    for ind in SIGNS:
        (metric,) = direct(tiles[f"**{ind.title_da}**"], "metric")
        assert metric.label == f"Seneste værdi ({expected[ind.code].latest_period})", ind.code
    assert max(a.latest_period for a in expected.values()) == 2020


# ------------------------------------------------------------------ Filters from the URL


def test_unknown_district_in_url_is_ignored_with_a_notice():
    at = new_app(bydel="99")
    assert not at.exception
    assert any("'bydel=99' blev ignoreret" in c.value for c in at.sidebar.caption)
    assert at.selectbox(key="f_district").value == 0
    assert "bydel" not in at.query_params


def test_unicode_digit_in_url_is_ignored_not_a_crash():
    at = new_app(bydel="²")
    assert not at.exception
    assert any("'bydel=²' blev ignoreret" in c.value for c in at.sidebar.caption)


def test_valid_filters_in_url_set_the_widgets():
    at = new_app(bydel="3", fra="2016", til="2020", enhed="BCV")
    assert not at.exception
    assert at.selectbox(key="f_district").value == 3
    assert at.selectbox(key="f_unit").value == "BCV"
    assert at.slider(key="f_years").value == (2016, 2020)
    assert not any("ignoreret" in c.value for c in at.sidebar.caption)


# ------------------------------------------------------------------ Pejlemærker


def test_pejlemaerker(app):
    at = show(app, GOALS)
    goals = REGISTRY.goals()
    assert [h.value for h in at.subheader] == [f"{n}. {g.title_da}" for n, g in enumerate(goals, start=1)]
    assert len(at.subheader) == 10

    markdown = [m.value for m in at.markdown]
    assert sum("Intet numerisk mål" in m for m in markdown) == 4
    by_title = cards(at, "subheader")
    for n, goal in enumerate(goals, start=1):
        card_text = [m.value for m in by_title[f"{n}. {goal.title_da}"].markdown]
        assert any("Intet numerisk mål" in m for m in card_text) == (goal.code in {"P07", "P08", "P09", "P10"})
    p06 = by_title[f"6. {REGISTRY.indicator('P06').title_da}"]
    assert any("Endnu ukendt" in m.value for m in p06.markdown)
    # a target given as a change is labelled as one, so "+480" is not read against the latest level
    assert [m.label for m in p06.metric if m.label.startswith("Mål")] == ["Mål: ændring fra udgangspunktet"]
    for n, goal in enumerate(goals, start=1):
        captions = [c.value for c in by_title[f"{n}. {goal.title_da}"].caption]
        city = view_series(engine=get_engine(), indicator=goal.code, years=(FIRST_YEAR, LAST_YEAR))
        latest_kind = city.drop_nulls("value").sort("year")["provenance"][-1]
        # every card says what kind its latest figure is, what the goal measures, and quotes the committee
        assert captions[0].startswith({"sample": "Eksempeldata", "published": "Offentliggjort tal",
                                       "internal": "Internt tal"}[latest_kind]), (goal.code, captions[0])
        assert captions[1] == f"Måles som: {goal.definition_da}"
        assert captions[2].startswith(f"Udvalgets eksempel på et mål: »{goal.target_text}«")

    p01 = by_title[f"1. {REGISTRY.indicator('P01').title_da}"]
    (goal_metric,) = [m for m in p01.metric if m.label.startswith("Mål")]
    city = view_series(engine=get_engine(), indicator="P01", years=(FIRST_YEAR, LAST_YEAR))
    baseline = city.filter(city["year"] == 2014)["value"].item()
    assert goal_metric.label == "Mål (2018)"
    assert goal_metric.value == f"{danish_int(baseline + 165)} borgere" == "990 borgere"  # a count says what it counts
    assert [m.value for m in p01.metric if m.label.startswith("Udgangspunkt")] == [f"{danish_int(baseline)} borgere"]
    p02 = by_title[f"2. {REGISTRY.indicator('P02').title_da}"]
    (latest,) = [m for m in p02.metric if m.label.startswith("Seneste")]
    assert latest.value.endswith(" udsættelser") and latest.delta.endswith(" udsættelser"), (latest.value, latest.delta)


def test_a_filtered_vision_chart_gives_its_city_line_in_its_table_and_files_too():
    """Filtered by a district, each chart draws the district beside the whole city; the table under it
    (the same rows as its CSV/XLSX) holds both lines, each row named by its line."""
    at = show(new_app(bydel="3"), VISIONS["V1"][0])
    s01 = REGISTRY.indicator("S01")
    (table,) = [tb.value for tb in at.table if (tb.value["opdeling"] == "Hele byen").any()][:1]
    lines = table.groupby("opdeling").size().to_dict()
    engine = get_engine()
    district = view_series(engine=engine, indicator="S01", district=3, years=(FIRST_YEAR, LAST_YEAR))
    city = view_series(engine=engine, indicator="S01", years=(FIRST_YEAR, LAST_YEAR))
    assert lines == {"Nørrebro": district.height, "Hele byen": city.height}, (s01.code, lines)


def test_a_break_in_a_vision_chart_is_said_under_it_as_on_the_tile():
    s08 = REGISTRY.indicator("S08")
    series = view_series(engine=get_engine(), indicator="S08", years=(FIRST_YEAR, LAST_YEAR))
    missing = [y for y, v, s in series.select("year", "value", "suppressed").iter_rows() if v is None and not s]
    assert missing == [2020]  # the premise: the sample has no S08 figure for 2020
    at = show(new_app(), VISIONS[s08.group][0])
    card = cards(at, "subheader")[s08.title_da]
    assert any("Kurven er afbrudt: ingen tal for 2020." in c.value for c in card.caption)
