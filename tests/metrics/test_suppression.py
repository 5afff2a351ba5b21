"""The suppression pattern on tiny hand-written tables: primary, secondary, audit, and how views read it."""

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from metrics.suppression import (
    MIN_BASE_COUNT,
    PATTERN_SCHEMA,
    attacker_ranges,
    hidden_for_view,
    hide,
    node_bases,
    relations,
    suppression_pattern,
)
from registry import SUM_COLUMNS, load_registry
from tests.levels import level_sums

P = date(2020, 1, 1)
REG = load_registry()
DISTRICT_GROUP = REG.indicator("P04")  # breakdowns: district and group
ALL = REG.indicator("S01")  # district, unit and group
UNITS = {"C1": None, "U1": "C1", "U2": "C1", "C2": None, "U3": "C2"}


def cells(rows, period=P) -> pl.DataFrame:
    """(district, unit, group, base) rows of one period."""
    return pl.DataFrame(
        [(period, d, u, g, b) for d, u, g, b in rows],
        schema={**PATTERN_SCHEMA, "base_count": pl.Int64},
        orient="row",
    )


def pattern_nodes(frame: pl.DataFrame) -> set[tuple]:
    return {tuple(row[1:]) for row in frame.iter_rows()}


def test_the_primary_rule_is_one_constant():
    assert MIN_BASE_COUNT == 5


def test_no_small_cell_hides_nothing():
    table = cells([(1, None, "a", 10), (1, None, "b", 20), (2, None, "a", 30), (2, None, "b", 40)])
    assert suppression_pattern(table, DISTRICT_GROUP, {}).is_empty()


def test_one_small_cell_hides_a_partner_in_each_direction_and_nothing_can_be_subtracted():
    # 2 x 2 districts x groups: 3 persons in (1, a). Row, column and the diagonal partner are hidden.
    table = cells([(1, None, "a", 3), (1, None, "b", 20), (2, None, "a", 30), (2, None, "b", 40)])
    hidden = pattern_nodes(suppression_pattern(table, DISTRICT_GROUP, {}))
    assert hidden == {(1, None, "a"), (1, None, "b"), (2, None, "a"), (2, None, "b")}
    # the margins stay: the city, each district and each group are shown
    assert (1, None, None) not in hidden and (None, None, "a") not in hidden and (None, None, None) not in hidden


def test_two_small_cells_in_one_row_do_not_protect_each_other():
    # (1, a) = 1 and (1, b) = 2: their sum 3 would be the district's total minus (1, c).
    table = cells([(1, None, "a", 1), (1, None, "b", 2), (1, None, "c", 40),
                   (2, None, "a", 30), (2, None, "b", 31), (2, None, "c", 50)])
    hidden = pattern_nodes(suppression_pattern(table, DISTRICT_GROUP, {}))
    assert {(1, None, "a"), (1, None, "b")} <= hidden
    assert (1, None, "c") in hidden  # a third cell in the district's row holds enough persons


def test_a_small_total_is_hidden_with_its_cells():
    # district 1 has 2 + 2 = 4 persons: the district's total is primary too.
    table = cells([(1, None, "a", 2), (1, None, "b", 2), (2, None, "a", 30), (2, None, "b", 40)])
    hidden = pattern_nodes(suppression_pattern(table, DISTRICT_GROUP, {}))
    assert (1, None, None) in hidden
    assert {(1, None, "a"), (1, None, "b")} <= hidden


def test_a_small_unit_at_the_edge_of_the_hierarchy_hides_a_sibling_not_the_centre():
    table = cells([(1, "U1", "a", 2), (1, "U2", "a", 30), (1, "U3", "a", 40),
                   (2, "U1", "a", 25), (2, "U2", "a", 35), (2, "U3", "a", 45)])
    hidden = pattern_nodes(suppression_pattern(table, ALL, UNITS))
    assert (1, "U1", "a") in hidden and (1, "U2", "a") in hidden  # its sibling under C1
    assert (1, "C1", "a") not in hidden  # the centre's figure stays


def test_the_same_data_hide_the_same_cells_whatever_the_row_order():
    rows = [(1, "U1", "a", 2), (1, "U2", "a", 30), (1, "U3", "a", 40), (2, "U1", "a", 25), (2, "U2", "a", 7),
            (2, "U3", "a", 45), (1, "U1", "b", 9), (2, "U2", "b", 4)]
    first = suppression_pattern(cells(rows), ALL, UNITS)
    again = suppression_pattern(cells(list(reversed(rows))), ALL, UNITS)
    assert_frame_equal(first, again)


def test_each_period_has_its_own_pattern():
    early = cells([(1, None, "a", 3), (1, None, "b", 20), (2, None, "a", 30), (2, None, "b", 40)])
    late = cells([(1, None, "a", 30), (1, None, "b", 20), (2, None, "a", 30), (2, None, "b", 40)], date(2021, 1, 1))
    pattern = suppression_pattern(pl.concat([early, late]), DISTRICT_GROUP, {})
    assert pattern["period"].unique().to_list() == [P]


def test_a_row_without_base_is_not_protected_and_takes_part_in_no_relation():
    table = cells([(1, None, "a", None), (1, None, "b", 2), (2, None, "a", 30), (2, None, "b", 40)])
    bases = node_bases([((d, u, g), b) for _, d, u, g, b in table.iter_rows()], DISTRICT_GROUP.cell_mask,
                       lambda u: [None] if u is None else [u, None])
    assert (1, None, "a") not in bases


def test_the_attacker_solves_unlinked_hidden_nodes_apart_with_the_same_intervals():
    # Two tables, city = district 1 + district 2 for groups A and B, nothing shared between them.
    bases = {(None, None, "A"): 12, (1, None, "A"): 3, (2, None, "A"): 9,
             (None, None, "B"): 20, (1, None, "B"): 4, (2, None, "B"): 16}
    rels = [((None, None, "A"), ((1, None, "A"), (2, None, "A"))),
            ((None, None, "B"), ((1, None, "B"), (2, None, "B")))]
    hidden = {(1, None, "A"), (2, None, "A"), (1, None, "B"), (2, None, "B")}
    together = attacker_ranges(hidden, bases, rels, targets=sorted(hidden, key=str))
    assert together == {(1, None, "A"): (0.0, 12.0), (2, None, "A"): (0.0, 12.0),
                        (1, None, "B"): (0.0, 20.0), (2, None, "B"): (0.0, 20.0)}
    for group in ("A", "B"):
        alone = {n for n in hidden if n[2] == group}
        assert attacker_ranges(alone, bases, rels, targets=sorted(alone, key=str)) == {
            n: together[n] for n in alone}
    # A hidden node in no equation can be anything from 0 up.
    assert attacker_ranges({(1, None, "A")}, bases, [], targets=[(1, None, "A")]) == {(1, None, "A"): (0.0, float("inf"))}


def test_node_bases_follow_the_reading_rule():
    # a stored city total wins over the sum of its cells; a district without cells sums nothing
    rows = [((1, None, "a"), 10), ((2, None, "a"), 20), ((None, None, None), 35)]
    bases = node_bases(rows, DISTRICT_GROUP.cell_mask, lambda u: [None])
    assert bases[(None, None, None)] == 35  # as published, not 30
    assert bases[(None, None, "a")] == 30
    assert bases[(1, None, None)] == 10


def test_a_total_that_differs_from_its_cells_gives_no_equation():
    bases = {(1, None, None): 10, (2, None, None): 20, (None, None, None): 35}
    assert relations(bases, {}) == []
    bases[(None, None, None)] = 30
    assert relations(bases, {}) == [((None, None, None), ((1, None, None), (2, None, None)))]


PATTERN = pl.DataFrame(
    [(P, 1, None, "a"), (P, 2, None, "a"), (P, None, None, "a"), (P, 1, None, None)],
    schema=PATTERN_SCHEMA, orient="row",
)


@pytest.mark.parametrize(
    ("filters", "by_district", "expected"),
    [
        ({"district": 1, "group": "a"}, False, [P]),
        ({"group": "a"}, False, [P]),  # the city for group a
        ({}, False, []),  # the city for all groups
        ({"district": 1}, False, [P]),
        ({"district": 2}, False, []),
    ],
)
def test_a_view_reads_its_own_node(filters, by_district, expected):
    assert hidden_for_view(PATTERN, by_district=by_district, **filters)["period"].to_list() == expected


def test_a_map_reads_every_district_under_its_filters():
    assert hidden_for_view(PATTERN, group="a", by_district=True).rows() == [(P, 1), (P, 2)]
    assert hidden_for_view(PATTERN, by_district=True).rows() == [(P, 1)]


def test_hide_marks_the_pattern_and_small_bases_and_blanks_their_values():
    frame = pl.DataFrame(
        {"period": [P, date(2021, 1, 1), date(2022, 1, 1)], "value": [1.0, 2.0, 3.0], "base_count": [50, 3, 60]}
    )
    out = hide(frame, pl.DataFrame({"period": [P]}))
    assert out["suppressed"].to_list() == [True, True, False]
    assert out["value"].to_list() == [None, None, 3.0]
    assert out["base_count"].to_list() == [None, None, 60]


def test_hide_blanks_every_sum_behind_a_hidden_value_but_the_counts_of_cells():
    frame = level_sums({"period": [P], "base_count": [3], "n_cells": [1]}).with_columns(
        pl.col(pl.Float64).fill_null(1.0)  # every sum of registry.SUM_COLUMNS has a number
    )
    out = hide(frame, pl.DataFrame(schema={"period": pl.Date}))  # base 3 < 5: hidden
    assert out.row(0, named=True) == {
        **{c: (frame[c][0] if c.endswith("_cells") else None) for c in SUM_COLUMNS}, "period": P, "suppressed": True,
    }
