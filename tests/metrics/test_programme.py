"""The programme page's figures (metrics.programme): where it runs, enrolment, coverage, staff, outcomes."""

from datetime import date

import polars as pl
from polars.testing import assert_frame_equal

from metrics.programme import mark_offered, offered_districts, programme_status
from registry import load_registry
from tests.levels import NO_DISTRICT_HIDDEN, NOTHING_HIDDEN, level_sums


def test_offered_districts_come_from_the_rows():
    sums = pl.DataFrame({"period": [date(2023, 1, 1)] * 3, "district_code": [8, 3, 3]})
    assert offered_districts(sums) == [3, 8]
    assert offered_districts(sums.clear()) == []


def test_rolled_out_to_a_third_district_needs_no_code_change():
    sums = pl.DataFrame({"period": [date(2026, 1, 1)] * 3, "district_code": [3, 8, 5]})
    frame = pl.DataFrame({"district_code": list(range(1, 11))})
    got = mark_offered(frame, offered_districts(sums))
    assert got.filter(pl.col("offered"))["district_code"].to_list() == [3, 5, 8]


# ---------------------------------------------------------------- every figure of the page, on tiny frames

REG = load_registry()
Q1, Q2 = date(2024, 1, 1), date(2024, 4, 1)
DISTRICTS = {1: "Indre By", 3: "Nørrebro", 8: "Valby"}
POP = pl.DataFrame({"district_code": [1, 3, 8], "year": [2024] * 3, "population": [50_000, 80_000, 60_000]})
UNITS = pl.DataFrame({"code": ["BFF", "SOF"], "name": ["Børne- og Ungdomsforvaltningen", "Socialforvaltningen"]})
COUNT_BY_DISTRICT = ("period", "district_code", "value_sum", "base_count", "n_cells")
RATIO_BY_DISTRICT = ("period", "district_code", "numerator", "denominator", "base_count", "n_cells")


def figures(code, rows, columns):
    hidden = NO_DISTRICT_HIDDEN if "district_code" in columns else NOTHING_HIDDEN
    return level_sums(rows, columns), REG.indicator(code), hidden


def status():
    # KM01: Nørrebro and Valby run the model; Valby's 3 families in Q2 are too few to show.
    enrolled = figures("KM01", [(Q1, 3, 10.0, 10, 1), (Q1, 8, 12.0, 12, 1), (Q2, 3, 11.0, 11, 1), (Q2, 8, 3.0, 3, 1)],
                       COUNT_BY_DISTRICT)
    total = figures("KM01", [(Q1, 22.0, 22, 2), (Q2, 14.0, 14, 2)], ("period", "value_sum", "base_count", "n_cells"))
    coverage = figures("KM02", [(Q2, 3, 11.0, 20.0, 20, 1), (Q2, 8, 3.0, 10.0, 10, 1)], RATIO_BY_DISTRICT)
    contacts = figures("KM03", [(Q2, 28.0, 28, 2)], ("period", "value_sum", "base_count", "n_cells"))
    fte = level_sums([(Q1, "SOF", 1.0, 1), (Q2, "SOF", 1.5, 1), (Q2, "BFF", 2.0, 1)],
                     ("period", "unit_code", "value_sum", "n_cells")), REG.indicator("KM04")
    outcome = figures("KM05", [(Q2, 3, 6.0, 10.0, 10, 1), (Q2, 8, 5.0, 10.0, 10, 1)], RATIO_BY_DISTRICT)
    return programme_status(enrolled=enrolled, enrolled_total=total, coverage=coverage, contacts=contacts, fte=fte,
                            outcomes={"KM05": outcome}, population=POP, districts=DISTRICTS, units=UNITS)


def test_the_programme_runs_where_it_has_rows_and_now_is_its_last_quarter():
    got = status()
    assert (got.offered, got.offered_names, got.last_period) == ([3, 8], ["Nørrebro", "Valby"], Q2)
    assert got.first_period == Q1
    # Enrolment now is the programme's published total (14), never the sum of the districts left shown (11).
    assert (got.enrolled_now, got.contacts_now) == (14.0, 28.0)
    assert got.hidden_periods == [Q2]
    assert_frame_equal(
        got.enrolled.select("period", "district_code", "navn", "value", "suppressed"),
        pl.DataFrame({"period": [Q1, Q1, Q2, Q2], "district_code": [3, 8, 3, 8],
                      "navn": ["Nørrebro", "Valby", "Nørrebro", "Valby"], "value": [10.0, 12.0, 11.0, None],
                      "suppressed": [False, False, False, True]}),
    )


def test_coverage_names_every_district_and_classes_only_those_with_the_programme():
    got = status()
    assert_frame_equal(
        got.coverage_now.select("district_code", "navn", "map_value", "offered", "suppressed"),
        pl.DataFrame({"district_code": [1, 3, 8], "navn": ["Indre By", "Nørrebro", "Valby"],
                      "map_value": [None, 55.0, 30.0], "offered": [False, True, True],
                      "suppressed": [False, False, False]}),
    )
    # Two districts: two classes, split halfway between 30 % and 55 %.
    assert got.coverage_breaks == [42.5]


def test_staff_in_the_last_quarter_by_administration_and_in_all():
    got = status()
    assert_frame_equal(
        got.fte_now.select("navn", "value", "suppressed").sort("navn"),
        pl.DataFrame({"navn": ["Børne- og Ungdomsforvaltningen", "Socialforvaltningen"], "value": [2.0, 1.5],
                      "suppressed": [False, False]}),  # staff: never hidden
    )
    assert got.fte_total == 3.5


def test_each_outcome_per_named_district():
    got = status().outcomes
    assert list(got) == ["KM05"]
    assert_frame_equal(
        got["KM05"].select("period", "navn", "value"),
        pl.DataFrame({"period": [Q2, Q2], "navn": ["Nørrebro", "Valby"], "value": [60.0, 50.0]}),
    )
