"""Sums of cells and values by rule, checked against hand-computed numbers."""

import dataclasses

import polars as pl
from polars.testing import assert_frame_equal

from metrics.aggregate import finalize, sum_cells
from registry import load_registry
from tests.levels import SUMS_SCHEMA, level_sums


def indicator(code: str, **changes):
    """An indicator from the registry, optionally with fields replaced."""
    return dataclasses.replace(load_registry().indicator(code), **changes)


def cells(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "period": pl.Int64,
            "district": pl.Int64,
            "numerator": pl.Float64,
            "denominator": pl.Float64,
            "value": pl.Float64,
            "base_count": pl.Int64,
            "provenance": pl.Utf8,
        },
        orient="row",
    )


# Ratio cells. 2020: three districts at 50 %, 18 % and 21.43 %: the mean of the percentages
# is 29.81 %, but the rate is (1 + 18 + 21) / (2 + 100 + 98) = 40 / 200 = 20 %.
# 2021: one cell with nothing in it -> sums null (as SQL SUM), counts 1 and 0.
RATIO_CELLS = cells(
    [
        (2021, 1, None, None, None, None, "internal"),
        (2020, 1, 1.0, 2.0, None, 2, "published"),
        (2020, 2, 18.0, 100.0, None, 100, "published"),
        (2020, 3, 21.0, 98.0, None, 98, "sample"),
    ]
)


def test_sum_cells_ratio_by_period():
    result = sum_cells(RATIO_CELLS, ["period"])
    expected = pl.DataFrame(
        {
            "period": [2020, 2021],
            "numerator": [40.0, None],  # 1 + 18 + 21
            "denominator": [200.0, None],  # 2 + 100 + 98
            "value_sum": [None, None],
            "weighted_sum": [None, None],
            "weight": [None, None],
            "base_count": [200, None],
            "n_cells": [3, 1],
            "sample_cells": [1, 0],
        },
        schema_overrides={"period": pl.Int64, **SUMS_SCHEMA},
    )
    assert_frame_equal(result.select(expected.columns), expected)
    assert result["share_cells"].to_list() == [0, 0]


def test_finalize_ratio_is_sum_of_numerators_over_sum_of_denominators():
    result = finalize(sum_cells(RATIO_CELLS, ["period"]), indicator("S04")).select(
        "period", "value", "se", "ci_low", "ci_high", "is_sample"
    )
    mean_of_percentages = (50.0 + 18.0 + 21 / 98 * 100) / 3  # 29.81, the wrong answer
    expected = pl.DataFrame(
        {
            "period": [2020, 2021],
            "value": [20.0, None],  # 40 / 200 * 100; 2021 has no denominator
            "se": [None, None],  # S04 is not a survey
            "ci_low": [None, None],
            "ci_high": [None, None],
            "is_sample": [True, False],
        },
        schema={
            "period": pl.Int64,
            "value": pl.Float64,
            "se": pl.Float64,
            "ci_low": pl.Float64,
            "ci_high": pl.Float64,
            "is_sample": pl.Boolean,
        },
    )
    assert_frame_equal(result, expected)
    assert abs(result["value"][0] - mean_of_percentages) > 9


def test_finalize_ratio_zero_denominator_and_non_pct_unit():
    sums = level_sums({"numerator": [3.0, 3.0], "denominator": [0.0, 4.0], "base_count": [None, None], "n_cells": [1, 1]})
    result = finalize(sums, indicator("S04", unit="count"))["value"]
    # 3 / 0 -> null; 3 / 4 = 0.75, not x100 because the unit is not pct
    assert_frame_equal(result.to_frame(), pl.DataFrame({"value": [None, 0.75]}, schema={"value": pl.Float64}))


def test_weighted_mean_by_hand():
    # Waiting days (S05). Cells: 10 days x 2 persons, 20 days x 6 persons, a cell without a
    # value (4 persons, left out of the weight) and a cell with a value but no base (no weight).
    # weighted_sum = 10*2 + 20*6 = 140; weight = 2 + 6 = 8; mean = 140 / 8 = 17.5
    # (the plain mean of the values would be (10 + 20 + 30) / 3 = 20).
    raw = cells(
        [
            (2020, 1, None, None, 10.0, 2, "published"),
            (2020, 2, None, None, 20.0, 6, "published"),
            (2020, 3, None, None, None, 4, "published"),
            (2020, 4, None, None, 30.0, None, "published"),
        ]
    )
    result = finalize(sum_cells(raw, ["period"]), indicator("S05"))
    assert result["provenance"].to_list() == ["published"]
    expected = pl.DataFrame(
        {
            "period": [2020],
            "numerator": [None],
            "denominator": [None],
            "value_sum": [60.0],  # 10 + 20 + 30
            "weighted_sum": [140.0],
            "weight": [8.0],
            "base_count": [12],  # 2 + 6 + 4
            "n_cells": [4],
            "sample_cells": [0],
            "value": [17.5],
            "is_sample": [False],
            "se": [None],
            "ci_low": [None],
            "ci_high": [None],
        },
        schema_overrides={
            "period": pl.Int64,
            **SUMS_SCHEMA,
            "value": pl.Float64,
            "is_sample": pl.Boolean,
            "se": pl.Float64,
            "ci_low": pl.Float64,
            "ci_high": pl.Float64,
        },
    )
    assert_frame_equal(result.select(expected.columns), expected)


def test_weighted_mean_zero_weight_is_null():
    raw = cells([(2020, 1, None, None, 10.0, 0, "published")])
    assert finalize(sum_cells(raw, ["period"]), indicator("S05"))["value"].to_list() == [None]


def test_sum_by_period_and_district():
    # Persons in employment (S07): district 1 has 3 + 4 = 7 in 2020, district 2 has 5.
    raw = cells(
        [
            (2020, 2, None, None, 5.0, None, "published"),
            (2020, 1, None, None, 3.0, None, "published"),
            (2020, 1, None, None, 4.0, None, "sample"),
        ]
    )
    result = finalize(sum_cells(raw, ["period", "district"]), indicator("S07")).select(
        "period", "district", "value", "n_cells", "is_sample"
    )
    expected = pl.DataFrame(
        {
            "period": [2020, 2020],
            "district": [1, 2],
            "value": [7.0, 5.0],
            "n_cells": [2, 1],
            "is_sample": [True, False],
        },
        schema={
            "period": pl.Int64,
            "district": pl.Int64,
            "value": pl.Float64,
            "n_cells": pl.Int64,
            "is_sample": pl.Boolean,
        },
    )
    assert_frame_equal(result, expected)


def test_sum_cells_without_keys_gives_one_total():
    result = sum_cells(RATIO_CELLS, [])
    assert result.select("numerator", "denominator", "n_cells", "sample_cells").rows() == [(40.0, 200.0, 4, 1)]


def test_finalize_survey_adds_interval():
    # Lonely citizens (S01): 168 of 400 respondents = 42 %; se = sqrt(0.42 * 0.58 / 400) = 2.4678 pp,
    # CI = 42 -/+ 1.959964 * 2.4678 = 37.163 .. 46.837
    sums = level_sums({"numerator": [168.0], "denominator": [400.0], "base_count": [400], "n_cells": [4]})
    result = finalize(sums, indicator("S01")).select("value", "se", "ci_low", "ci_high")
    expected = pl.DataFrame({"value": [42.0], "se": [2.4678], "ci_low": [37.1632], "ci_high": [46.8368]})
    assert_frame_equal(result, expected, rel_tol=1e-5)
