"""The attacker test: collect every figure the app can show, then bound each small figure by linear programming.

For each indicator and period the attacker knows every shown figure (persons, `base_count`) of every
view: each filter combination of district, unit (any level) and target group, as a series and on the
district map. Unknowns are the stored cells; each shown figure that is the sum of its cells is an
equation; cells are non-negative. For every figure resting on fewer than MIN_BASE_COUNT persons the
attacker's interval must reach PROTECTION_MARGIN persons above it and below it (or down to 0).

The attacker is written apart from metrics.suppression (which hides nodes, this one solves for cells),
so the two check each other. Run on crafted tables and on the whole sample database.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import date
from itertools import product

import highspy
import numpy as np
import polars as pl
import pytest

from data_access.access import ALL, SYSTEM
from data_access.queries import fetch_level_sums, fetch_observations, fetch_org_units, fetch_population
from metrics.districts import district_values
from metrics.series import indicator_series
from metrics.suppression import (
    MIN_BASE_COUNT,
    PATTERN_SCHEMA,
    PROTECTION_MARGIN,
    hidden_for_view,
    suppression_pattern,
)
from registry import load_registry

REG = load_registry()
P = date(2020, 1, 1)


# ------------------------------------------------------------------ the attacker
class Attacker:
    """What one period's shown figures reveal about its cells."""

    def __init__(self, cells: dict[tuple, int], ancestors):
        self.cells = sorted(cells, key=repr)
        self.base = cells
        self.equations: list[tuple[list[int], float]] = []
        self._index: list[dict] = [defaultdict(set), defaultdict(set), defaultdict(set)]
        for i, (d, u, g) in enumerate(self.cells):
            self._index[0][d].add(i)
            for unit in ancestors(u):  # a unit filter shows its whole subtree
                self._index[1][unit].add(i)
            self._index[2][g].add(i)
        self._under: dict[tuple, list[int]] = {}

    def under(self, node: tuple) -> list[int]:
        if node not in self._under:
            members = set(range(len(self.cells)))
            for dim, value in enumerate(node):
                if value is not None:
                    members &= self._index[dim].get(value, set())
            self._under[node] = sorted(members)
        return self._under[node]

    def truth(self, node: tuple) -> int:
        return sum(self.base[self.cells[i]] for i in self.under(node))

    def sees(self, node: tuple, shown: float) -> None:
        """A shown figure: an equation when it is the sum of its cells (a differing stored total is not)."""
        members = self.under(node)
        if members and self.truth(node) == shown:
            self.equations.append((members, float(shown)))

    def intervals(self, nodes: list[tuple]) -> dict[tuple, tuple[float, float]]:
        """min and max of each node's sum of cells over every solution of the equations (cells >= 0)."""
        n = len(self.cells)
        starts, index, values, rhs = [0], [], [], []
        for cols, value in self.equations:
            index += cols
            values += [1.0] * len(cols)
            starts.append(len(index))
            rhs.append(value)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n, len(rhs)
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_, lp.col_upper_ = np.zeros(n), np.full(n, highspy.kHighsInf)
        lp.row_lower_ = lp.row_upper_ = np.array(rhs, dtype=float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_, lp.a_matrix_.index_ = np.array(starts), np.array(index, dtype=np.int64)
        lp.a_matrix_.value_ = np.array(values, dtype=float)
        solver = highspy.Highs()
        solver.silent()
        solver.passModel(lp)
        out = {}
        for node in nodes:
            members = self.under(node)
            solver.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
            solver.changeColsCost(len(members), np.array(members, dtype=np.int32), np.ones(len(members)))
            bounds = []
            for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
                solver.changeObjectiveSense(sense)
                solver.run()
                optimal = solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
                bounds.append(solver.getInfo().objective_function_value if optimal else
                              (float("inf") if sense == highspy.ObjSense.kMaximize else 0.0))
            out[node] = (bounds[0], bounds[1])
        return out


def exposed(attacker: Attacker, small: list[tuple]) -> list[tuple]:
    """The small figures whose interval is narrower than the margin, with their truth and interval."""
    out = []
    for node, (low, high) in attacker.intervals(small).items():
        value = attacker.truth(node)
        if high - value < PROTECTION_MARGIN - 1e-6 or value - low < min(PROTECTION_MARGIN, value) - 1e-6:
            out.append((node, value, low, high))
    return out


# ------------------------------------------------------------------ crafted tables
def unit_ancestors(parents):
    def ancestors(unit):
        out, seen = set(), None
        while unit is not None and unit != seen:
            out.add(unit)
            seen, unit = unit, parents.get(unit)
        return out
    return ancestors


def attack_crafted(rows: list[tuple], indicator, parents: dict) -> tuple[list, list]:
    """Every node of the crafted table is a view; returns (small figures shown, small figures exposed)."""
    table = pl.DataFrame([(P, *r) for r in rows], schema={**PATTERN_SCHEMA, "base_count": pl.Int64}, orient="row")
    hidden = {tuple(r[1:]) for r in suppression_pattern(table, indicator, parents).iter_rows()}
    cells = {(d, u, g): b for d, u, g, b in rows}
    ancestors = unit_ancestors(parents)
    attacker = Attacker(cells, ancestors)
    units = {None} | {a for u in {u for _, u, _, _ in rows} for a in ancestors(u)}
    nodes = set(product({None} | {d for d, *_ in rows}, units, {None} | {g for *_, g, _ in rows}))
    small, shown_small = [], []
    for node in sorted(nodes, key=repr):
        truth = attacker.truth(node)
        if not attacker.under(node):
            continue
        if truth < MIN_BASE_COUNT:
            small.append(node)
            if node not in hidden:
                shown_small.append(node)
        if node not in hidden:
            attacker.sees(node, truth)
    return shown_small, exposed(attacker, small)


DG = REG.indicator("P04")  # district x target group
DUG = REG.indicator("S01")  # district x unit x target group
TREE = {"C1": None, "U1": "C1", "U2": "C1", "C2": None, "U3": "C2", "U4": "C2"}

CRAFTED = {
    "one small cell under a total": (DG, {}, [(1, None, "a", 3), (1, None, "b", 20), (2, None, "a", 30),
                                              (2, None, "b", 40)]),
    "two small cells in one row": (DG, {}, [(1, None, "a", 1), (1, None, "b", 2), (1, None, "c", 40),
                                            (2, None, "a", 30), (2, None, "b", 31), (2, None, "c", 50)]),
    "two small cells in one column": (DG, {}, [(1, None, "a", 1), (2, None, "a", 3), (3, None, "a", 60),
                                               (1, None, "b", 30), (2, None, "b", 31), (3, None, "b", 50)]),
    "a small district total": (DG, {}, [(1, None, "a", 2), (1, None, "b", 2), (2, None, "a", 30),
                                        (2, None, "b", 40), (3, None, "a", 9), (3, None, "b", 11)]),
    "a zero beside a small cell": (DG, {}, [(1, None, "a", 0), (1, None, "b", 4), (1, None, "c", 40),
                                            (2, None, "a", 6), (2, None, "b", 31), (2, None, "c", 50)]),
    "a small cell at the edge of the unit hierarchy": (
        DUG, TREE, [(1, "U1", "a", 2), (1, "U2", "a", 30), (1, "U3", "a", 40), (1, "U4", "a", 12),
                    (2, "U1", "a", 25), (2, "U2", "a", 35), (2, "U3", "a", 45), (2, "U4", "a", 16)]),
    "an only child under its centre": (
        DUG, {"C1": None, "U1": "C1", "C2": None, "U3": "C2", "U4": "C2"},
        [(1, "U1", "a", 3), (1, "U3", "a", 40), (1, "U4", "a", 12), (2, "U1", "a", 25), (2, "U3", "a", 45),
         (2, "U4", "a", 7), (1, "U1", "b", 20), (2, "U3", "b", 30)]),
    "small cells in three dimensions": (
        DUG, TREE, [(d, u, g, b) for (d, u, g), b in zip(
            product((1, 2, 3), ("U1", "U2", "U3", "U4"), ("a", "b")),
            [2, 14, 9, 31, 4, 22, 17, 8, 40, 1, 12, 13, 6, 3, 28, 19, 11, 25, 2, 30, 7, 16, 21, 4])]),
}


@pytest.mark.parametrize("name", list(CRAFTED))
def test_crafted_tables_expose_no_small_figure(name):
    indicator, parents, rows = CRAFTED[name]
    shown_small, leaks = attack_crafted(rows, indicator, parents)
    assert shown_small == []
    assert leaks == []


def test_the_attacker_finds_what_the_old_pattern_gave_away():
    # The attacker itself works: with only the primary cell hidden, district total minus the other
    # group gives it exactly (the subtraction the issue describes).
    cells = {(1, None, "a"): 3, (1, None, "b"): 20, (2, None, "a"): 30, (2, None, "b"): 40}
    attacker = Attacker(cells, lambda u: set())
    for node in product((None, 1, 2), (None,), (None, "a", "b")):
        if node != (1, None, "a"):
            attacker.sees(node, attacker.truth(node))
    assert exposed(attacker, [(1, None, "a")]) == [((1, None, "a"), 3, 3.0, 3.0)]


# ------------------------------------------------------------------ the sample database, through the app's reads
def _views(indicator, units: dict, groups: list[str]):
    """Every filter combination the app offers for the indicator: (unit, group)."""
    unit_choices = [None, *units] if indicator.has_breakdown("unit") else [None]
    group_choices = [None, *groups] if indicator.has_breakdown("group") else [None]
    return product(unit_choices, group_choices)


@pytest.mark.parametrize("code", [ind.code for ind in REG.indicators])
def test_the_sample_database_exposes_no_small_figure_in_any_view(sqlite_engine, code):
    engine, indicator = sqlite_engine, REG.indicator(code)
    rows = fetch_observations(engine=engine, indicator=code, scope=SYSTEM)  # every cell, as the pattern sees them
    # e.g. staff FTEs have no persons behind them (no base_count): nothing to protect, nothing hidden
    if rows["base_count"].is_null().all():
        assert suppression_pattern(rows, indicator, {}).is_empty()
        return
    units = fetch_org_units(engine=engine)
    parents = dict(units.select("code", "parent_code").iter_rows())
    pattern = suppression_pattern(rows, indicator, parents)  # as ui.loaders.pattern builds it
    population = fetch_population(engine=engine)
    groups = sorted(set(rows["group_code"].drop_nulls()))
    offered_units = sorted({a for u in rows["unit_code"].drop_nulls() for a in unit_ancestors(parents)(u)} - {"SOF"})

    # What the app shows: the series of every view and its district map, with the pattern's hidden cells.
    shown: dict[date, dict[tuple, float | None]] = defaultdict(dict)
    district = "district" in indicator.breakdowns
    for unit, group in _views(indicator, offered_units, groups):
        filters = {k: v for k, v in (("unit", unit), ("group", group)) if v is not None}
        series = indicator_series(fetch_level_sums(engine=engine, indicator=code, scope=ALL, **filters), indicator,
                                  hidden=hidden_for_view(pattern, **filters), view=tuple(filters))
        for period, base in series.select("period", "base_count").iter_rows():
            shown[period][(None, unit, group)] = base
        if district:
            by_district = district_values(
                fetch_level_sums(engine=engine, indicator=code, by=("period", "district_code"), scope=ALL, **filters),
                indicator, population, hidden=hidden_for_view(pattern, by_district=True, **filters),
                view=tuple(filters))
            for period, d, base in by_district.select("period", "district_code", "base_count").iter_rows():
                if d is not None:
                    shown[period][(d, unit, group)] = base

    ancestors = unit_ancestors(parents)
    full = rows.filter(pl.all_horizontal(pl.col(f"{b}_code").is_not_null() for b in indicator.breakdowns))
    leaks, shown_small = [], []
    for period, views in shown.items():
        cells = {(d, u, g): b for p, d, u, g, b in full.select("period", "district_code", "unit_code", "group_code",
                                                                "base_count").iter_rows() if p == period and b is not None}
        attacker = Attacker(cells, ancestors)
        small = []
        for node, base in views.items():
            if base is not None:
                if base < MIN_BASE_COUNT:
                    shown_small.append((period, node, base))
                attacker.sees(node, base)
            elif attacker.under(node) and attacker.truth(node) < MIN_BASE_COUNT:
                small.append(node)
        leaks += [(period, *leak) for leak in exposed(attacker, sorted(small, key=repr))]
    assert shown_small == []
    assert leaks == []
    if indicator.has_breakdown("unit"):  # the attacker really saw unit-level cells (never a vacuous pass)
        assert rows["unit_code"].drop_nulls().len() > 0


def test_on_the_sample_database_the_attacker_recovers_a_cell_that_only_its_own_view_hides(sqlite_engine, monkeypatch):
    # Without the pattern (each view hiding only its own small figures), S04's 3 persons in Indre By
    # in 2021 are the city minus the nine other districts: the attacker must find exactly that.
    monkeypatch.setattr(sys.modules[__name__], "suppression_pattern",
                        lambda rows, indicator, parents: pl.DataFrame(schema=PATTERN_SCHEMA))
    with pytest.raises(AssertionError, match=r"\(datetime.date\(2021, 1, 1\), \(1, None, None\), 3, 3.0, 3.0\)"):
        test_the_sample_database_exposes_no_small_figure_in_any_view(sqlite_engine, "S04")
