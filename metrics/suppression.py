"""Disclosure control: one suppression pattern per indicator and period, which every view takes its cells from.

Every figure the app can show is a *node* of one table per indicator and period: a district or the
whole city, a unit at any level of the hierarchy or all units, a target group or all groups (for the
breakdowns the indicator has). A node's persons (`base_count`) are what the reading rule shows for it
(metrics.levels: the stored total, else the sum of the finer cells).

- Primary: a node resting on fewer than MIN_BASE_COUNT persons is hidden.
- Secondary: every *relation* (a node equals the sum of its children along one breakdown, e.g. the
  city = its 10 districts, a centre = its units) is checked. A relation with one hidden member would
  give it away by subtraction, and a relation whose other hidden members hold fewer than
  PROTECTION_MARGIN persons would pin a small node down; in both cases the shown child with the
  smallest sufficient base is hidden too (children before totals: least information lost).
- Audit: the linear programme an attacker would solve (every shown node, every relation,
  non-negativity) bounds each primary node. Where its interval is narrower than the margin, one
  more node is hidden and the audit repeats. Nothing depends on order or chance: the same data
  always hide the same nodes.

A relation only counts where it holds exactly (a published total that differs from its cells gives an
attacker no equation). Null base_count: no persons stand behind the row (e.g. staff FTEs), so there is
nothing to protect and it takes part in no relation.
"""

from __future__ import annotations

import functools
import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from itertools import product
from typing import TypeVar

import highspy
import numpy as np
import polars as pl

from registry import BREAKDOWN_BITS, SUM_COLUMNS, Indicator

MIN_BASE_COUNT = 5
"""Primary rule: a figure resting on fewer persons is hidden (the one place to change it)."""
PROTECTION_MARGIN = 2
"""Persons: an attacker's interval for a hidden small figure must reach this far above it and this far
below it (or down to 0)."""

DIMENSIONS = ("district_code", "unit_code", "group_code")
_BREAKDOWN = {"district_code": "district", "unit_code": "unit", "group_code": "group"}
PATTERN_SCHEMA = {"period": pl.Date, "district_code": pl.Int64, "unit_code": pl.Utf8, "group_code": pl.Utf8}

VALUE_COLUMNS = ("value", *(c for c in SUM_COLUMNS if not c.endswith("_cells")), "se", "ci_low", "ci_high", "map_value")
"""Columns nulled in hidden rows (those present): the value, its interval and every sum behind it
(registry.SUM_COLUMNS but the counts of cells); base_count too, so a small count cannot be read from it."""

Node = tuple[int | None, str | None, str | None]
"""(district_code, unit_code, group_code); None = the total over that breakdown."""
Relation = tuple[Node, tuple[Node, ...]]
"""A total and its children along one breakdown."""
UnitChain = Callable[[str | None], list[str | None]]
_T = TypeVar("_T")
_TOLERANCE = 1e-6


# ------------------------------------------------------------------ the pattern
def suppression_pattern(rows: pl.DataFrame, indicator: Indicator, unit_parents: Mapping[str, str | None]) -> pl.DataFrame:
    """The hidden nodes of every period: period, district_code, unit_code, group_code (null = total).

    `rows` are the indicator's stored rows (cells and totals, as of the view's date) with period,
    district_code, unit_code, group_code and base_count; `unit_parents` maps each unit to its parent
    (None at the top of the hierarchy).
    """
    dims = [d for d in DIMENSIONS if indicator.has_breakdown(_BREAKDOWN[d])]
    chain = _unit_chain(unit_parents)
    by_period: dict[date, list[tuple[Node, int | None]]] = defaultdict(list)
    for period, *coords, base in rows.select("period", *DIMENSIONS, "base_count").iter_rows():
        district, unit, group = (c if d in dims else None for d, c in zip(DIMENSIONS, coords))
        by_period[period].append(((district, unit, group), base))
    hidden: list[tuple[date, int | None, str | None, str | None]] = []
    for period in sorted(by_period):
        bases = node_bases(by_period[period], indicator.cell_mask, chain)
        hidden += [(period, *node) for node in sorted(protect(bases, relations(bases, unit_parents)), key=_key)]
    return pl.DataFrame(hidden, schema=PATTERN_SCHEMA, orient="row")


def _unit_chain(parents: Mapping[str, str | None]) -> UnitChain:
    """unit -> [unit, its parent, ..., the top unit, None (all units)]."""
    memo: dict[str | None, list[str | None]] = {None: [None]}

    def chain(unit: str | None) -> list[str | None]:
        if unit is not None and unit not in memo:  # (None is memoised above)
            seen, up, out = {unit}, parents.get(unit), [unit]
            while up is not None and up not in seen:  # a cycle in bad data must not loop forever
                out.append(up)
                seen.add(up)
                up = parents.get(up)
            memo[unit] = [*out, None]
        return memo[unit]

    return chain


def node_bases(cells: Iterable[tuple[Node, int | None]], cell_mask: int, chain: UnitChain) -> dict[Node, int]:
    """Each node's persons as the reading rule shows them: its own stored row, else the sum of the full
    cells below it, else the sum of the coarsest finer level. Nodes without a base are left out."""
    exact: dict[Node, int] = {}
    finer: dict[Node, dict[int, int]] = defaultdict(dict)
    for (d, u, g), base in cells:
        if base is None:
            continue
        node = (d, u, g)
        exact[node] = exact.get(node, 0) + base
        mask = _mask(node)
        for up in product(_up(d), chain(u), _up(g)):
            if up != node:
                sums = finer[up]
                sums[mask] = sums.get(mask, 0) + base
    bases = dict(exact)
    for node, sums in finer.items():
        if node not in bases:
            level = cell_mask if cell_mask in sums else min(sums, key=lambda m: (m.bit_count(), m))
            bases[node] = sums[level]
    return bases


def _up(value: _T | None) -> list[_T | None]:
    return [None] if value is None else [value, None]


def _mask(node: Node) -> int:
    bits = (BREAKDOWN_BITS["district"], BREAKDOWN_BITS["unit"], BREAKDOWN_BITS["group"])
    return sum(bit for bit, value in zip(bits, node) if value is not None)


def relations(bases: Mapping[Node, int], unit_parents: Mapping[str, str | None]) -> list[Relation]:
    """(total, its children along one breakdown) for every total that equals the sum of its children."""
    children: dict[tuple[Node, int], list[Node]] = defaultdict(list)
    for node in bases:
        district, unit, group = node
        # the node one step up along each breakdown the node names (i: that breakdown's position)
        ups = (
            (None, unit, group) if district is not None else None,
            (district, unit_parents.get(unit), group) if unit is not None else None,
            (district, unit, None) if group is not None else None,
        )
        for i, up in enumerate(ups):
            if up is not None:
                children[(up, i)].append(node)
    out: list[Relation] = []
    for (parent, _), kids in sorted(children.items(), key=lambda item: (_key(item[0][0]), item[0][1])):
        if parent in bases and bases[parent] == sum(bases[k] for k in kids):
            out.append((parent, tuple(sorted(kids, key=_key))))
    return out


@functools.cache  # called for every sort of the nodes, round after round
def _key(node: Node) -> tuple[tuple[bool, str], ...]:
    """A total order over nodes (None, i.e. a total, sorts last)."""
    return tuple((value is None, "" if value is None else f"{value:>12}" if isinstance(value, int) else value)
                 for value in node)


# ------------------------------------------------------------------ secondary suppression and audit
def protect(bases: Mapping[Node, int], rels: list[Relation]) -> set[Node]:
    """The hidden nodes: the primary ones and enough others that the audit finds each primary node
    protected by PROTECTION_MARGIN."""
    primary = {n for n, b in bases.items() if b < MIN_BASE_COUNT}
    hidden = set(primary)
    if not hidden:
        return hidden
    of_node = _relations_of(rels)
    attacker = _Attacker(bases, rels, of_node)
    # Hiding more only widens an attacker's intervals, so a node found protected stays protected: each
    # round audits the primary nodes from the first not yet found protected, up to the first exposed.
    pending = sorted(primary, key=_key)
    dirty = set(range(len(rels)))  # relations to check: every one at first, then those with a new hidden member
    for _ in range(len(bases) + 1):
        _close(hidden, primary, bases, rels, dirty, of_node)
        attacker.hide(hidden)
        exposed = _first_exposed(attacker, pending, bases)
        if exposed is None:
            return hidden
        picks = [p for i in of_node[exposed] if (p := _pick(rels[i], hidden, bases, PROTECTION_MARGIN))]
        if not picks:
            break
        pick = min(picks, key=lambda n: (bases[n], _key(n)))
        hidden.add(pick)
        dirty.update(of_node[pick])
    return set(bases)  # nothing left to choose from: hide the whole period rather than expose a person


def _first_exposed(attacker: _Attacker, pending: list[Node], bases: Mapping[Node, int]) -> Node | None:
    """The first of `pending` the attacker can bound within the margin; those before it, found
    protected, are removed from `pending`."""
    while pending:
        low, high = attacker.range(pending[0])
        if not is_protected(bases[pending[0]], low, high):
            return pending[0]
        pending.pop(0)
    return None


def _close(hidden: set[Node], primary: set[Node], bases: Mapping[Node, int], rels: list[Relation],
           dirty: set[int], of_node: Mapping[Node, list[int]]) -> None:
    """Hide further nodes until no relation gives away a hidden node by subtraction or pins a small one.

    Passes over the relations in order, as often as one hides a node; a relation is looked at again
    only when one of its members was hidden since (otherwise it would give the same answer): `dirty`
    holds those, and is empty afterwards.
    """
    this_pass = sorted(dirty)  # a sorted list is a heap
    queued, next_pass = set(this_pass), set()
    dirty.clear()
    while this_pass:
        i = heapq.heappop(this_pass)
        queued.discard(i)
        need = _need(rels[i], hidden, primary, bases)
        if need is not None and (pick := _pick(rels[i], hidden, bases, need)) is not None:
            hidden.add(pick)
            for j in of_node[pick]:
                if j > i and j not in queued:  # still ahead in this pass
                    heapq.heappush(this_pass, j)
                    queued.add(j)
                elif j <= i:
                    next_pass.add(j)
        if not this_pass and next_pass:
            this_pass, queued, next_pass = sorted(next_pass), set(next_pass), set()


def _need(rel: Relation, hidden: set[Node], primary: set[Node], bases: Mapping[Node, int]) -> int | None:
    """Persons a further hidden member must hold for this relation, or None if it is safe."""
    parent, kids = rel
    members = [m for m in (parent, *kids) if m in hidden]
    if not members:
        return None
    if len(members) == 1:
        return PROTECTION_MARGIN
    if parent in hidden:
        return None
    total = sum(bases[m] for m in members)
    short = [PROTECTION_MARGIN - (total - bases[m]) for m in members if m in primary]
    worst = max(short, default=0)
    return worst if worst > 0 else None


def _pick(rel: Relation, hidden: set[Node], bases: Mapping[Node, int], need: int) -> Node | None:
    """The shown child with the smallest base of at least `need` (else the largest), else the total."""
    parent, kids = rel
    shown = [k for k in kids if k not in hidden]
    if shown:
        enough = [k for k in shown if bases[k] >= need]
        if enough:
            return min(enough, key=lambda k: (bases[k], _key(k)))
        return min(shown, key=lambda k: (-bases[k], _key(k)))
    return parent if parent not in hidden else None


def is_protected(value: float, low: float, high: float) -> bool:
    return high - value >= PROTECTION_MARGIN - _TOLERANCE and value - low >= min(PROTECTION_MARGIN, value) - _TOLERANCE


def attacker_ranges(hidden: set[Node], bases: Mapping[Node, int], rels: list[Relation], *,
                    targets: list[Node]) -> dict[Node, tuple[float, float]]:
    """The interval each target node can take given every shown node, the relations and non-negativity."""
    attacker = _Attacker(bases, rels, _relations_of(rels))
    attacker.hide(hidden)
    return {target: attacker.range(target) for target in targets}


def _relations_of(rels: list[Relation]) -> dict[Node, list[int]]:
    """node -> the indexes of the relations it is a member of."""
    of_node: dict[Node, list[int]] = defaultdict(list)
    for i, (parent, kids) in enumerate(rels):
        for member in (parent, *kids):
            of_node[member].append(i)
    return of_node


class _Attacker:
    """The linear programme an attacker solves: an unknown per hidden node, an equation per relation with
    a hidden member (shown members are constants), non-negativity.

    Unknowns that share no equation, directly or through others, bound each other in no way, so the
    programme falls apart into independent parts (connected groups of hidden nodes, kept by union-find
    as nodes are hidden); each part is solved on its own (HiGHS), built when first asked and kept until
    a node joins it. Within a part each target only changes the objective, so every solve after the
    first starts from the last basis.
    """

    def __init__(self, bases: Mapping[Node, int], rels: list[Relation], of_node: Mapping[Node, list[int]]):
        self._bases, self._rels, self._of_node = bases, rels, of_node
        self._index: dict[Node, int] = {}  # hidden node -> its unknown
        self._nodes: list[Node] = []
        self._root: list[int] = []
        self._members: dict[int, list[int]] = {}  # a part's root -> its unknowns
        self._solvers: dict[int, tuple[highspy.Highs, dict[int, int], list[int]]] = {}

    def hide(self, nodes: Iterable[Node]) -> None:
        """Make these nodes unknowns too (those already hidden are skipped), in a fixed order."""
        for node in sorted((n for n in nodes if n not in self._index), key=_key):
            column = len(self._nodes)
            self._index[node] = column
            self._nodes.append(node)
            self._root.append(column)
            self._members[column] = [column]
            self._solvers.pop(column, None)
            for i in self._of_node.get(node, ()):
                parent, kids = self._rels[i]
                for other in (parent, *kids):
                    if other in self._index:
                        self._union(column, self._index[other])

    def _find(self, i: int) -> int:
        root = self._root
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    def _union(self, a: int, b: int) -> None:
        a, b = self._find(a), self._find(b)
        self._solvers.pop(a, None)
        self._solvers.pop(b, None)
        if a == b:
            return
        if len(self._members[a]) < len(self._members[b]):
            a, b = b, a
        self._root[b] = a
        self._members[a] += self._members.pop(b)

    def range(self, target: Node) -> tuple[float, float]:
        column = self._index[target]
        part = self._find(column)
        built = self._solver(part)
        if built is None:
            return (0.0, float("inf"))  # in no equation: anything from 0 up
        solver, local, previous = built
        if previous:
            solver.changeColCost(previous.pop(), 0.0)
        solver.changeColCost(local[column], 1.0)
        previous.append(local[column])
        return (_optimum(solver, highspy.ObjSense.kMinimize), _optimum(solver, highspy.ObjSense.kMaximize))

    def _solver(self, part: int) -> tuple[highspy.Highs, dict[int, int], list[int]] | None:
        if part not in self._solvers:
            columns_of_part = sorted(self._members[part])
            local = {c: i for i, c in enumerate(columns_of_part)}
            rels = sorted({i for c in columns_of_part for i in self._of_node.get(self._nodes[c], ())})
            if not rels:
                return None
            starts, columns, values, rhs = [0], [], [], []
            for i in rels:
                parent, kids = self._rels[i]
                known = 0.0
                for member, sign in [(parent, 1.0)] + [(k, -1.0) for k in kids]:
                    if member in self._index:
                        columns.append(local[self._index[member]])
                        values.append(sign)
                    else:
                        known -= sign * self._bases[member]
                starts.append(len(columns))
                rhs.append(known)
            self._solvers[part] = (_solver(len(local), starts, columns, values, rhs), local, [])
        return self._solvers[part]


def _solver(n: int, starts: list[int], columns: list[int], values: list[float], rhs: list[float]) -> highspy.Highs:
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, len(rhs)
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_, lp.col_upper_ = np.zeros(n), np.full(n, highspy.kHighsInf)
    lp.row_lower_ = lp.row_upper_ = np.array(rhs)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_, lp.a_matrix_.index_ = np.array(starts), np.array(columns)
    lp.a_matrix_.value_ = np.array(values)
    solver = highspy.Highs()
    solver.silent()
    solver.passModel(lp)
    return solver


def _optimum(solver: highspy.Highs, sense: highspy.ObjSense) -> float:
    solver.changeObjectiveSense(sense)
    solver.run()
    if solver.getModelStatus() == highspy.HighsModelStatus.kOptimal:
        return solver.getInfo().objective_function_value
    # unbounded above (or, never with true data, no solution): the attacker learns nothing
    return float("inf") if sense == highspy.ObjSense.kMaximize else 0.0


# ------------------------------------------------------------------ applying the pattern to a view
def hidden_for_view(pattern: pl.DataFrame, *, district: int | None = None, unit: str | None = None,
                    group: str | None = None, by_district: bool = False) -> pl.DataFrame:
    """The hidden periods of one view (`period`), or of each district under it (`period`, `district_code`).

    A filter not given is the total over that breakdown (null in the pattern).
    """
    def equal(column: str, value: int | str | None) -> pl.Expr:
        return pl.col(column).is_null() if value is None else pl.col(column) == value

    where = equal("unit_code", unit) & equal("group_code", group)
    if by_district:
        return pattern.filter(where & pl.col("district_code").is_not_null()).select("period", "district_code")
    return pattern.filter(where & equal("district_code", district)).select("period")


def hide(frame: pl.DataFrame, hidden: pl.DataFrame) -> pl.DataFrame:
    """Add `suppressed` and null the value columns of the rows whose key (the columns of `hidden`) is
    in the pattern, or whose own base is below MIN_BASE_COUNT. Row order is kept."""
    keys = hidden.columns
    marked = hidden.unique().with_columns(pl.lit(True).alias("_hidden"))
    out = frame.join(marked, on=keys, how="left", maintain_order="left", nulls_equal=False)
    small = (pl.col("base_count") < MIN_BASE_COUNT).fill_null(False) if "base_count" in frame.columns else pl.lit(False)
    out = out.with_columns((pl.col("_hidden").fill_null(False) | small).alias("suppressed")).drop("_hidden")
    cols = [c for c in VALUE_COLUMNS if c in out.columns]
    return out.with_columns(pl.when(~pl.col("suppressed")).then(pl.col(c)).alias(c) for c in cols)
