"""The reading rule on tiny hand-written level sums: exact total, else one finer level, else a gap."""

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from metrics.levels import resolve
from metrics.series import indicator_series
from registry import BREAKDOWN_BITS, load_registry
from tests.levels import NOTHING_HIDDEN, level_sums

REG = load_registry()
S01 = REG.indicator("S01")  # ratio, survey, breakdowns district, unit, group (cell mask 7)
S07 = REG.indicator("S07")  # count (sum), breakdowns district, group (cell mask 5)
Y17 = date(2017, 1, 1)
D, U, G = BREAKDOWN_BITS["district"], BREAKDOWN_BITS["unit"], BREAKDOWN_BITS["group"]
# A hand-written row: its level (mask, unit_exact) and the sums the reading rule looks at; the others
# (weighted_sum, weight, internal_cells) as fetch_level_sums leaves them (tests.levels.level_sums).
ROW = ("mask", "unit_exact", "numerator", "denominator", "value_sum", "base_count", "n_cells", "share_cells",
       "published_cells", "sample_cells")


def sums(rows, keys=()):
    """Rows (period, *keys, mask, unit_exact, num, den, value_sum, base, n, shares, published, sample)."""
    return level_sums(rows, ("period", *keys, *ROW))


def test_a_published_city_total_wins_over_the_sum_of_sample_cells():
    # 2017: the city's published 42 % of 7,094 answers (mask 0) beside sample cells summing to 30/100.
    frame = sums([
        (Y17, 0, 1, None, None, 42.0, 7094, 1, 1, 1, 0),
        (Y17, D | U | G, 1, 30, 100, None, 100, 12, 0, 0, 12),
    ])
    got = indicator_series(frame, S01, hidden=NOTHING_HIDDEN).select("value", "base_count", "provenance", "level")
    assert got.rows() == [(42.0, 7094, "published", "exact")]


def test_without_a_total_the_cells_are_added_up_by_the_rule():
    frame = sums([(Y17, D | U | G, 1, 30, 100, None, 100, 12, 0, 0, 12)])
    got = indicator_series(frame, S01, hidden=NOTHING_HIDDEN).select("value", "provenance", "level")
    assert got.rows() == [(30.0, "sample", "sum")]


def test_a_total_is_never_added_to_its_own_cells():
    # District totals (mask D) and full cells: only one level is summed, the full cells.
    frame = sums([
        (Y17, D, 1, 50, 100, None, 100, 10, 0, 10, 0),
        (Y17, D | U | G, 1, 30, 100, None, 100, 12, 0, 0, 12),
    ])
    got = resolve(frame, S01)
    assert got.select("numerator", "denominator", "n_cells", "level").rows() == [(30.0, 100.0, 12, "sum")]


def test_the_coarsest_finer_level_is_used_when_there_are_no_full_cells():
    # Only unit totals (mask U) under the city: the city is their sum, not a gap.
    frame = sums([(Y17, U, 0, 30, 100, None, 100, 4, 0, 4, 0), (Y17, U | G, 0, 10, 20, None, 20, 8, 0, 8, 0)])
    assert resolve(frame, S01).select("numerator", "level").rows() == [(30.0, "sum")]


@pytest.mark.parametrize(
    "view, mask, coarser",
    [
        (("district",), 0, "district"),  # Nørrebro, only the whole city exists
        (("unit",), 0, "unit"),  # a centre, only the whole administration exists
        (("group",), 0, "group"),  # one target group, only all groups exist
        (("district", "group"), G, "district"),  # the city has the group's figure, not the district
    ],
)
def test_a_filtered_view_with_only_a_coarser_total_is_a_gap_with_its_reason(view, mask, coarser):
    frame = sums([(Y17, mask, 0, None, None, 42.0, 7094, 1, 1, 1, 0)])
    got = indicator_series(frame, S01, hidden=NOTHING_HIDDEN, view=view)
    assert got.select("value", "gap", "coarser").rows() == [(None, "coarser", coarser)]


def test_shares_given_as_percentages_are_never_added_up():
    # Two districts' published percentages: the city cannot be their sum or their mean.
    frame = sums([(Y17, D, 1, None, None, 80.0, 300, 2, 2, 2, 0)])
    got = indicator_series(frame, S01, hidden=NOTHING_HIDDEN)
    assert got.select("value", "gap").rows() == [(None, "not_additive")]


def test_a_single_exact_share_has_its_interval_from_p_and_n():
    # 42 % of 7,094: se = sqrt(.42 * .58 / 7094) = 0.5860 pp; 95 %: 40.85 .. 43.15
    frame = sums([(Y17, 0, 1, None, None, 42.0, 7094, 1, 1, 1, 0)])
    got = indicator_series(frame, S01, hidden=NOTHING_HIDDEN).select("value", "se", "ci_low", "ci_high")
    expected = pl.DataFrame({"value": [42.0], "se": [0.58601], "ci_low": [40.8514], "ci_high": [43.1486]})
    assert_frame_equal(got, expected, rel_tol=1e-4)


def test_a_unit_filter_takes_the_units_own_total_not_a_childs():
    # View: centre BCV (unit filter). Its own total (unit_exact 1) is exact; a child's total is finer.
    frame = sums([
        (Y17, U, 1, 40, 100, None, 100, 1, 0, 1, 0),
        (Y17, U, 0, 10, 50, None, 50, 1, 0, 1, 0),
    ])
    got = resolve(frame, S01, view=("unit",))
    assert got.select("numerator", "level").rows() == [(40.0, "exact")]


def test_by_district_a_city_row_explains_the_districts_without_figures():
    frame = sums([
        (Y17, 3, D | G, 1, None, None, 120.0, 120, 2, 0, 0, 2),
        (Y17, None, 0, 1, None, None, 900.0, 900, 1, 0, 1, 0),
    ], keys=("district_code",))
    got = resolve(frame, S07)
    assert got.select("district_code", "value_sum", "level", "gap", "coarser").rows() == [
        (3, 120.0, "sum", None, None), (None, None, None, "coarser", "district"),
    ]
