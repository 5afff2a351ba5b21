"""Read functions: verb_noun, keyword-only, plain filters in, polars frames out.

Filtering and grouping happen in SQL; only the sums the metrics need leave the database.
Every statement is built with SQLAlchemy, parameters bound.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeAlias, TypedDict, Unpack

import polars as pl
from sqlalchemy import (
    ColumnCollection,
    ColumnElement,
    Engine,
    FromClause,
    Integer,
    Select,
    case,
    func,
    inspect,
    literal,
    or_,
    select,
)

from data_access import models
from data_access.access import Scope, rows_visible, unit_visible
from registry import BREAKDOWN_BITS, PROVENANCES, SUM_COLUMNS

GROUP_KEYS = ("period", "district_code", "unit_code", "group_code")

# A frame's polars dtypes: classes such as pl.Utf8 and instances such as pl.Datetime("us", "UTC").
_Schema: TypeAlias = Mapping[str, pl.DataType | type[pl.DataType]]
# The columns of the observation table, or of the table as it stood on a day (_observations).
_Columns: TypeAlias = ColumnCollection[str, ColumnElement[Any]]
_AnySelect: TypeAlias = Select[*tuple[Any, ...]]

# The sums every aggregation rule is finished from (see metrics.aggregate.finalize), per level.
_FLOAT_SUMS = ("numerator", "denominator", "value_sum", "weighted_sum", "weight")
SUMS_SCHEMA = {name: pl.Float64 if name in _FLOAT_SUMS else pl.Int64 for name in SUM_COLUMNS}
LEVEL_SCHEMA = {"mask": pl.Int64, "unit_exact": pl.Int64}

_KEY_SCHEMA = {
    "period": pl.Date,
    "district_code": pl.Int64,
    "unit_code": pl.Utf8,
    "group_code": pl.Utf8,
}


class ViewFilters(TypedDict, total=False):
    """The filters of a view, as every read takes them (keyword arguments; each may be left out).

    district: one code or several; unit: that unit and its whole subtree; group: a target group;
    year_from/year_to: whole years, inclusive; as_of: the table as it stood at the end of that day
    (a frozen vintage); scope: the viewer's (data_access.access; None: no unit at all).
    """

    district: int | Sequence[int] | None
    unit: str | None
    group: str | None
    year_from: int | None
    year_to: int | None
    as_of: date | None
    scope: Scope | None




def _observations(as_of: date | None) -> FromClause:
    """The observation table, or the table as it stood at the end of `as_of` (a frozen vintage).

    Imports after that day are undone in the query: rows they inserted are left out, rows they
    updated get the values from before the first such import. (An import rolled back later is
    already undone in the table itself.)
    """
    table = models.OBSERVATION
    if as_of is None:
        return table
    cutoff = datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=UTC)
    change, log = models.IMPORT_CHANGE, models.IMPORT_LOG
    first = (
        select(change.c.observation_id, func.min(change.c.id).label("first_id"))
        .join(log, log.c.id == change.c.import_id)
        .where(log.c.action == "import", log.c.status == "imported", log.c.created_at >= cutoff)
        .group_by(change.c.observation_id)
        .subquery("first_later_change")
    )
    later = change.alias("later")
    o = table.c
    undone = later.c.action == "update"
    columns = [o.id, o.indicator_code, o.period, o.district_code, o.unit_code, o.group_code] + [
        case((undone, later.c[f"old_{name}"]), else_=o[name]).label(name) for name in models.OBSERVATION_VALUES
    ]
    joined = table.outerjoin(first, first.c.observation_id == o.id).outerjoin(later, later.c.id == first.c.first_id)
    return (
        select(*columns).select_from(joined)
        .where(or_(later.c.action.is_(None), later.c.action != "insert"))
        .subquery("observation_as_of")
    )


def _unit_subtree(unit_code: str) -> _AnySelect:
    """A recursive CTE of `unit_code` and every unit below it in the hierarchy."""
    ou = models.ORG_UNIT.c
    tree = select(ou.code).where(ou.code == unit_code).cte("unit_tree", recursive=True)
    child = models.ORG_UNIT.alias("child")
    tree = tree.union_all(select(child.c.code).where(child.c.parent_code == tree.c.code))
    return select(tree.c.code)


def _level_mask(obs: _Columns) -> ColumnElement[int]:
    """The row's level as a bit mask of its non-null breakdowns (registry.BREAKDOWN_BITS)."""
    columns = {"district": obs.district_code, "unit": obs.unit_code, "group": obs.group_code}
    return sum(
        (case((columns[name].is_not(None), bit), else_=0) for name, bit in BREAKDOWN_BITS.items()),
        start=literal(0),
    )


def fetch_level_sums(
    *,
    engine: Engine,
    indicator: str,
    by: Sequence[str] = ("period",),
    **filters: Unpack[ViewFilters],
) -> pl.DataFrame:
    """Sums of the stored rows a view can use, grouped by `by` and by each row's level.

    `scope` is the viewer's (data_access.access): a unit filter outside it, or a grouping by unit,
    returns no rows for the units outside it (None: no unit at all). Views over all units are not
    unit-level and need no scope.

    A stored row is a cell or a total (a NULL breakdown is the total over it). For the filters
    given, the rows returned are those at or below the view (a filtered breakdown equal to the
    filter, for `unit` anywhere in its subtree) and those coarser than it (NULL in a filtered
    breakdown), so that metrics.levels can apply the reading rule: the exact total, else one level
    of finer rows, else a gap that names the coarser level. Columns: the `by` keys, `mask` (the
    level, see registry.BREAKDOWN_BITS), `unit_exact` (1 when the row's unit is the filtered unit
    itself, or when there is no unit filter), then SUMS_SCHEMA.
    """
    bad = [key for key in by if key not in GROUP_KEYS]
    if bad:
        raise ValueError(f"Kan ikke gruppere efter {bad}; mulige: {GROUP_KEYS}")
    unit, scope = filters.get("unit"), filters.get("scope")
    source = _observations(filters.get("as_of"))
    obs = source.c
    has_value = obs.value.is_not(None)
    keys = [obs[key] for key in by]
    mask = _level_mask(obs).label("mask")
    unit_exact = (case((obs.unit_code == unit, 1), else_=0) if unit is not None else literal(1)).label("unit_exact")
    share_only = has_value & obs.numerator.is_(None) & obs.denominator.is_(None)
    stmt = select(
        *keys,
        mask,
        unit_exact,
        func.sum(obs.numerator).label("numerator"),
        func.sum(obs.denominator).label("denominator"),
        func.sum(obs.value).label("value_sum"),
        func.sum(obs.value * obs.base_count).label("weighted_sum"),
        func.sum(case((has_value, obs.base_count), else_=None)).label("weight"),
        func.sum(obs.base_count).label("base_count"),
        func.count().label("n_cells"),
        func.sum(case((share_only, 1), else_=0), type_=Integer).label("share_cells"),
        *[
            func.sum(case((obs.provenance == name, 1), else_=0), type_=Integer).label(f"{name}_cells")
            for name in PROVENANCES
        ],
    ).select_from(source)
    stmt = _filtered(stmt, obs, indicator, filters, with_totals=True)
    if unit is not None:
        stmt = stmt.where(unit_visible(unit, scope))
    if "unit_code" in by:
        stmt = stmt.where(rows_visible(obs.unit_code, scope))
    stmt = stmt.group_by(*keys, mask, unit_exact).order_by(*keys, mask, unit_exact)
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    schema = {key: _KEY_SCHEMA[key] for key in by} | LEVEL_SCHEMA | SUMS_SCHEMA
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


def fetch_observations(
    *,
    engine: Engine,
    indicator: str,
    **filters: Unpack[ViewFilters],
) -> pl.DataFrame:
    """The stored rows (cells and totals) of an indicator under the filters (for tracing and files);
    rows of units outside `scope` are left out (None: every unit row is)."""
    source = _observations(filters.get("as_of"))
    obs = source.c
    stmt = select(
        obs.indicator_code, obs.period, obs.district_code, obs.unit_code, obs.group_code,
        obs.numerator, obs.denominator, obs.value, obs.base_count, obs.provenance, obs.source,
    ).select_from(source)
    stmt = _filtered(stmt, obs, indicator, filters)
    stmt = stmt.where(rows_visible(obs.unit_code, filters.get("scope")))
    stmt = stmt.order_by(obs.period, obs.district_code, obs.unit_code, obs.group_code)
    schema = {"indicator_code": pl.Utf8} | _KEY_SCHEMA | {
        "numerator": pl.Float64, "denominator": pl.Float64, "value": pl.Float64,
        "base_count": pl.Int64, "provenance": pl.Utf8, "source": pl.Utf8,
    }
    return _frame(engine, stmt, schema)


def _filtered(
    stmt: _AnySelect,
    obs: _Columns,
    indicator: str,
    filters: ViewFilters,
    *,
    with_totals: bool = False,
) -> _AnySelect:
    """Apply the common filters to the columns `obs`; every value is a bound parameter.

    `with_totals` also keeps rows with a NULL (total) in a filtered breakdown: the coarser levels.
    """
    def keep(column: ColumnElement[Any], condition: ColumnElement[bool]) -> ColumnElement[bool]:
        return or_(condition, column.is_(None)) if with_totals else condition

    district, unit, group = filters.get("district"), filters.get("unit"), filters.get("group")
    year_from, year_to = filters.get("year_from"), filters.get("year_to")
    stmt = stmt.where(obs.indicator_code == indicator)
    if district is not None:
        codes = [district] if isinstance(district, int) else list(district)
        stmt = stmt.where(keep(obs.district_code, obs.district_code.in_(codes)))
    if unit is not None:
        stmt = stmt.where(keep(obs.unit_code, obs.unit_code.in_(_unit_subtree(unit))))
    if group is not None:
        stmt = stmt.where(keep(obs.group_code, obs.group_code == group))
    if year_from is not None:
        stmt = stmt.where(obs.period >= date(year_from, 1, 1))
    if year_to is not None:
        stmt = stmt.where(obs.period < date(year_to + 1, 1, 1))
    return stmt


def fetch_year_range(*, engine: Engine) -> tuple[int, int]:
    """First and last year with yearly observations (the range the period filter offers).

    One index seek per yearly indicator rather than a scan of every observation.
    """
    obs, ind = models.OBSERVATION.c, models.INDICATOR.c
    with engine.connect() as conn:
        codes = conn.execute(select(ind.code).where(ind.frequency == "year")).scalars().all()
        ends = [
            conn.execute(select(func.min(obs.period), func.max(obs.period)).where(obs.indicator_code == code)).one()
            for code in codes
        ]
    firsts = [first for first, _ in ends if first is not None]
    lasts = [last for _, last in ends if last is not None]
    if not firsts:
        today = date.today().year
        return today, today
    return min(firsts).year, max(lasts).year


def fetch_population(*, engine: Engine, year: int | None = None) -> pl.DataFrame:
    """Population per district and year (columns district_code, year, population, source)."""
    pop = models.POPULATION.c
    stmt = select(pop.district_code, pop.year, pop.population, pop.source)
    if year is not None:
        stmt = stmt.where(pop.year == year)
    stmt = stmt.order_by(pop.year, pop.district_code)
    return _frame(engine, stmt, {"district_code": pl.Int64, "year": pl.Int64, "population": pl.Int64, "source": pl.Utf8})


def fetch_districts(*, engine: Engine) -> pl.DataFrame:
    """The districts (code 0 is the whole city)."""
    d = models.DISTRICT.c
    return _frame(engine, select(d.code, d.name).order_by(d.code), {"code": pl.Int64, "name": pl.Utf8})


def fetch_org_units(*, engine: Engine) -> pl.DataFrame:
    """The organisational units: code, name, parent_code, valid_from, valid_to (None: open-ended)."""
    u = models.ORG_UNIT.c
    stmt = select(u.code, u.name, u.parent_code, u.valid_from, u.valid_to).order_by(u.code)
    return _frame(engine, stmt, {"code": pl.Utf8, "name": pl.Utf8, "parent_code": pl.Utf8, "valid_from": pl.Date,
                                 "valid_to": pl.Date})


def fetch_target_groups(*, engine: Engine) -> pl.DataFrame:
    g = models.TARGET_GROUP.c
    stmt = select(g.code, g.kind, g.name_da, g.name_en).order_by(g.kind, g.code)
    return _frame(engine, stmt, {"code": pl.Utf8, "kind": pl.Utf8, "name_da": pl.Utf8, "name_en": pl.Utf8})


def fetch_build_info(*, engine: Engine) -> dict[str, str]:
    """Facts about the data: e.g. data_updated (ISO date) and kind ("sample")."""
    b = models.BUILD_INFO.c
    with engine.connect() as conn:
        return {key: value for key, value in conn.execute(select(b.key, b.value)).all()}


def fetch_indicator_status(*, engine: Engine) -> pl.DataFrame:
    """Per indicator: newest period, rows by provenance, and when an import last changed its rows."""
    obs = models.OBSERVATION.c
    stmt = select(
        obs.indicator_code,
        func.max(obs.period).label("last_period"),
        func.count().label("rows"),
        *[
            func.sum(case((obs.provenance == name, 1), else_=0), type_=Integer).label(f"{name}_rows")
            for name in PROVENANCES
        ],
    ).group_by(obs.indicator_code)
    schema = {"indicator_code": pl.Utf8, "last_period": pl.Date, "rows": pl.Int64,
              "published_rows": pl.Int64, "internal_rows": pl.Int64, "sample_rows": pl.Int64}
    status = _frame(engine, stmt, schema)
    change, log = models.IMPORT_CHANGE, models.IMPORT_LOG
    imports = (
        select(obs.indicator_code, func.max(log.c.created_at).label("last_import"))
        .select_from(models.OBSERVATION)
        .join(change, change.c.observation_id == obs.id)
        .join(log, log.c.id == change.c.import_id)
        .where(log.c.status == "imported")
        .group_by(obs.indicator_code)
    )
    last = _frame(engine, imports, {"indicator_code": pl.Utf8, "last_import": pl.Datetime("us")})
    return status.join(last, on="indicator_code", how="left").sort("indicator_code")


def _frame(engine: Engine, stmt: _AnySelect, schema: _Schema) -> pl.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")


IMPORT_LOG_SCHEMA: _Schema = {
    "id": pl.Int64, "action": pl.Utf8, "kind": pl.Utf8, "created_at": pl.Datetime("us", "UTC"), "user_name": pl.Utf8,
    "filename": pl.Utf8, "sha256": pl.Utf8, "rows_in_file": pl.Int64, "inserted": pl.Int64,
    "updated": pl.Int64, "unchanged": pl.Int64, "deleted": pl.Int64, "restored": pl.Int64,
    "status": pl.Utf8, "reverts_import_id": pl.Int64, "rolled_back_by": pl.Int64,
}


def fetch_imports(*, engine: Engine) -> pl.DataFrame:
    """The audit log, newest first (created_at is UTC); empty when nothing was ever imported."""
    log = models.IMPORT_LOG
    if not inspect(engine).has_table(log.name):
        return pl.DataFrame(schema=IMPORT_LOG_SCHEMA)
    stmt = select(*[log.c[name] for name in IMPORT_LOG_SCHEMA]).order_by(log.c.id.desc())
    return _frame(engine, stmt, IMPORT_LOG_SCHEMA)
