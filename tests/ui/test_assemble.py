"""Data shared by pages (ui.assemble): the signs of success with their assessments and the goals' rows,
read through ui.loaders from the embedded sample database; Om data's table from a hand-written status."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from data_access.access import ALL
from metrics.status import RIGHT_WAY, WRONG_WAY, Assessment, assess
from metrics.targets import value_in_year
from registry import load_registry
from ui import loaders
from ui.assemble import GoalRow, Signs, data_status, goal_rows, sign_assessments, unit_view
from ui.url_filters import Filters

REG = load_registry()
FILTERS = Filters(2014, 2025)


def _assessment(status: str) -> Assessment:
    return Assessment(2017, 42.0, 2025, 37.0, -5.0, None, status, False, "sample", "published")


def test_signs_count_those_moving_the_right_way_and_show_from_the_first_year():
    frame = pl.DataFrame({"year": [2016, 2017, 2018], "value": [1.0, 2.0, 3.0]})
    signs = Signs([], {"S01": frame, "S02": frame}, {"S01": _assessment(RIGHT_WAY), "S02": _assessment(WRONG_WAY)})
    assert signs.right_way == 1
    shown = signs.shown(2017)
    assert len(shown) == 2
    assert_frame_equal(shown[0], pl.DataFrame({"year": [2017, 2018], "value": [2.0, 3.0]}))


@pytest.fixture(scope="module")
def signs() -> Signs:
    return sign_assessments(FILTERS)


def test_the_fifteen_signs_each_with_its_series_and_assessment(signs):
    assert [i.code for i in signs.indicators] == [i.code for i in REG.signs()] and len(signs.indicators) == 15
    assert set(signs.series) == set(signs.assessments) == {i.code for i in REG.signs()}
    for ind in signs.indicators:
        assert signs.assessments[ind.code] == assess(signs.series[ind.code], ind)
    assert signs.right_way == sum(a.status == RIGHT_WAY for a in signs.assessments.values())


@pytest.fixture(scope="module")
def goals() -> dict[str, GoalRow]:
    return {row.indicator.code: row for row in goal_rows(FILTERS)}


def test_the_ten_goals_in_the_registrys_order(goals):
    assert list(goals) == [i.code for i in REG.goals()] and len(goals) == 10


def test_a_goal_with_a_known_baseline_has_its_target_from_the_baseline_years_figure(goals):
    row = goals["P01"]
    assert row.baseline_known and row.indicator.baseline_year == 2014
    assert row.baseline_value == value_in_year(row.series, 2014)
    assert row.progress.target_value == row.baseline_value + row.indicator.target_change
    assert row.assessment.latest_period == 2025


def test_a_goal_whose_baseline_is_unknown_has_no_target_value(goals):
    row = goals["P06"]
    assert not REG.indicator("P06").baseline_known
    assert (row.baseline_value, row.baseline_known) == (None, False)
    assert (row.progress.target_value, row.progress.progress, row.progress.baseline_known) == (None, None, False)


def test_a_goal_without_a_numeric_target_has_no_progress(goals):
    row = goals["P07"]
    assert row.indicator.target_change is None and not row.progress.has_numeric_target
    assert (row.progress.target_value, row.progress.progress, row.progress.reached) == (None, None, None)


def test_one_visions_signs_are_the_same_as_among_all(signs):
    one = sign_assessments(FILTERS, "V2")
    assert [i.code for i in one.indicators] == [i.code for i in REG.indicators_in("V2")]
    for ind in one.indicators:
        assert one.assessments[ind.code] == signs.assessments[ind.code]
        assert_frame_equal(one.series[ind.code], signs.series[ind.code])


def test_the_data_status_table_says_per_indicator_how_new_its_data_are():
    # 12 March 2025: a yearly figure for 2023 is due (2023 ended 6 months ago), one for 2024 not yet;
    # a quarterly one for Q3 2024 is due. S01 is up to date, KM01 behind, every other indicator has no rows.
    status = pl.DataFrame(
        {"indicator_code": ["S01", "KM01"], "last_period": [date(2023, 1, 1), date(2024, 4, 1)],
         "published_rows": [3, 0], "internal_rows": [0, 0], "sample_rows": [40, 12],
         "last_import": [datetime(2025, 3, 1, 9, 30), None]},
    )
    got = data_status(REG, status, date(2025, 3, 12), "da")
    assert len(got.stale) == len(REG.indicators) - 1 and "S01" not in got.stale
    table = got.table.select("Kode", "Frekvens", "Seneste periode", "Aktualitet", "Seneste import (dansk tid)",
                             "Rækker efter herkomst")
    by_code = {row[0]: row[1:] for row in table.rows()}
    assert list(by_code) == [i.code for i in REG.indicators]
    assert by_code["S01"] == ("årlig", "2023", "Ajour", "01.03.2025 10.30",
                               "offentliggjort 3 · internt 0 · eksempeldata 40")  # 09:30 UTC, in Copenhagen
    assert by_code["KM01"] == ("kvartalsvis", "2024 K2", "⚠️ Ældre end forventet (seneste burde være 2024 K3)",
                               "–", "offentliggjort 0 · internt 0 · eksempeldata 12")
    assert by_code["S02"][1:4] == ("–", "⚠️ Ældre end forventet (seneste burde være 2023)", "–")
    english = data_status(REG, status, date(2025, 3, 12), "en").table
    assert english.columns[:3] == ["Code", "Indicator", "Frequency"] and english["Latest period"][0] == "2023"
    assert english["Rows by provenance"][0] == "published 3 · internal 0 · sample 40"


@pytest.fixture
def open_scope(monkeypatch):
    """The open demo's scope (no login configured): every unit may be seen."""
    monkeypatch.setattr(loaders, "current_scope", lambda: ALL)


def test_a_units_view_has_its_centre_and_each_sign_measured_by_unit(open_scope):
    view = unit_view("BBU01", FILTERS, "da")
    assert view.name == "Borgercenter Børn og Unge – Enhed Nord"
    assert view.centre_name == "Borgercenter Børn og Unge"
    assert [s.indicator.code for s in view.signs] == [i.code for i in REG.signs() if i.has_breakdown("unit")]
    assert all(s.shown["year"].min() >= FILTERS.year_from for s in view.signs)
    assert all(view.name in s.sentence for s in view.signs)
    assert [row.title for row in view.handout.rows] == [s.indicator.title("da") for s in view.signs]


def test_a_centre_is_compared_with_the_administration_only(open_scope):
    view = unit_view("BBU", FILTERS, "en")
    assert view.centre_name is None  # its parent is the administration itself, not a centre
    assert all("Borgercenter Børn og Unge" in s.sentence for s in view.signs)
