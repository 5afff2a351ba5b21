from datetime import date

import polars as pl
import pytest

from metrics.districts import city_value, class_breaks, class_of, district_values
from registry import load_registry
from tests.levels import NO_DISTRICT_HIDDEN, NOTHING_HIDDEN, level_sums

REG = load_registry()
Y20, Y21 = date(2020, 1, 1), date(2021, 1, 1)
# The columns of the hand-written rows: a ratio's and a count's sums, the rest as fetch_level_sums leaves them.
RATIO = ("period", "district_code", "numerator", "denominator", "base_count", "n_cells", "sample_cells")
COUNT = ("period", "district_code", "value_sum", "base_count", "n_cells", "sample_cells")
POP = pl.DataFrame(
    {"district_code": [1, 2, 3, 1, 2, 3], "year": [2020, 2020, 2020, 2021, 2021, 2021],
     "population": [50_000, 80_000, 40_000, 60_000, 80_000, 40_000]},
)


def test_counts_are_mapped_per_1000_with_that_years_population():
    # P02 evictions (a count): 50 in district 1 in 2020 (pop 50,000) -> 1.0 per 1,000;
    # in 2021 district 1 has 60,000 inhabitants -> 60 evictions is again 1.0 per 1,000.
    p02 = REG.indicator("P02")
    sums = level_sums([
        (Y20, 1, 50.0, 50, 1, 1),
        (Y20, 2, 40.0, 40, 1, 1),
        (Y21, 1, 60.0, 60, 1, 1),
    ], COUNT)
    got = district_values(sums, p02, POP, hidden=NO_DISTRICT_HIDDEN)
    assert got.select("year", "district_code", "value", "map_value").rows() == [
        (2020, 1, 50.0, 1.0), (2020, 2, 40.0, 0.5), (2021, 1, 60.0, 1.0),
    ]


def test_rates_are_not_rescaled_and_the_pattern_and_small_bases_are_hidden():
    # S04 (a ratio): district 3 has base 3 (< 5) -> hidden; the pattern (metrics.suppression) hides
    # district 2 too, so that district 3 cannot be recovered from the city total.
    s04 = REG.indicator("S04")
    sums = level_sums([
        (Y20, 1, 30.0, 60.0, 60, 1, 1),
        (Y20, 2, 10.0, 20.0, 20, 1, 1),
        (Y20, 3, 1.0, 3.0, 3, 1, 1),
    ], RATIO)
    got = district_values(sums, s04, POP, hidden=pl.DataFrame({"period": [Y20], "district_code": [2]}))
    assert got["map_value"].to_list() == [50.0, None, None]
    assert got["suppressed"].to_list() == [False, True, True]
    assert got["base_count"].to_list() == [60, None, None]


def test_city_value_per_1000():
    assert city_value(170.0, REG.indicator("P02"), 170_000) == pytest.approx(1.0)
    assert city_value(42.0, REG.indicator("S01"), 170_000) == 42.0
    assert city_value(None, REG.indicator("S01"), 170_000) is None


def test_class_breaks_and_classes():
    values = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, None]
    breaks = class_breaks(values, classes=5)
    assert breaks == pytest.approx([20.0, 30.0, 40.0, 50.0])
    assert [class_of(v, breaks) for v in values] == [0, 0, 1, 2, 3, 4, None]


def test_districts_for_year_lists_every_district_and_leaves_those_without_rows_empty():
    from metrics.districts import districts_for_year

    p02 = REG.indicator("P02")
    sums = level_sums([(Y20, 1, 50.0, 50, 1, 1)], COUNT)
    got = districts_for_year(district_values(sums, p02, POP, hidden=NO_DISTRICT_HIDDEN), {1: "Indre By", 2: "Østerbro"}, 2020)
    assert got.select("district_code", "navn", "map_value", "suppressed", "gap", "year").rows() == [
        (1, "Indre By", 1.0, False, None, 2020), (2, "Østerbro", None, False, None, 2020),
    ]


def test_a_city_total_alone_makes_every_district_a_gap_never_the_city_figure():
    from metrics.districts import districts_for_year

    # P02 published only for the whole city (district NULL, mask 0): 170 evictions in 2020.
    sums = level_sums({"period": [Y20], "district_code": [None], "mask": [0], "unit_exact": [1], "value_sum": [170.0],
                       "base_count": [170], "n_cells": [1], "published_cells": [1]})
    got = districts_for_year(district_values(sums, REG.indicator("P02"), POP, hidden=NO_DISTRICT_HIDDEN), {1: "Indre By", 2: "Østerbro"}, 2020)
    assert got.select("district_code", "map_value", "gap", "coarser").rows() == [
        (1, None, "coarser", "district"), (2, None, "coarser", "district"),
    ]


def test_city_value_for_year_uses_that_years_population():
    from metrics.districts import city_value_for_year
    from metrics.series import indicator_series

    sums = level_sums([(Y20, 170.0, 170, 3, 3)], ("period", "value_sum", "base_count", "n_cells", "sample_cells"))
    city = indicator_series(sums, REG.indicator("P02"), hidden=NOTHING_HIDDEN)
    # 2020: 170 evictions / 170,000 inhabitants = 1.0 per 1,000
    assert city_value_for_year(city, REG.indicator("P02"), POP, 2020) == pytest.approx(1.0)
    assert city_value_for_year(city, REG.indicator("P02"), POP, 2021) is None


def test_district_names_and_one_districts_series():
    from polars.testing import assert_frame_equal

    from metrics.districts import district_names, one_district

    assert_frame_equal(district_names({3: "Nørrebro", 1: "Indre By"}),
                       pl.DataFrame({"district_code": [3, 1], "navn": ["Nørrebro", "Indre By"]}))
    values = pl.DataFrame({"district_code": [1, 2, 1, None], "year": [2020, 2020, 2021, 2021]})
    assert_frame_equal(one_district(values, 1), pl.DataFrame({"district_code": [1, 1], "year": [2020, 2021]}))
