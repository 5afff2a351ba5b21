"""Data shared by pages (ui.assemble): the signs of success with their assessments and the goals' rows,
read through ui.loaders from the embedded sample database."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from metrics.status import RIGHT_WAY, WRONG_WAY, Assessment, assess
from metrics.targets import value_in_year
from registry import load_registry
from ui.assemble import GoalRow, Signs, goal_rows, sign_assessments
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
