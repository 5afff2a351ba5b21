"""Test helpers over data_access.queries.fetch_level_sums: hand-written level sums shaped as it returns
them, the full cells' sums (what the sample data hold) and the series a page shows (the reading rule,
as ui.loaders applies it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from data_access.access import ALL, SYSTEM
from data_access.queries import SUMS_SCHEMA, fetch_level_sums, fetch_observations, fetch_org_units
from metrics.series import indicator_series
from metrics.suppression import hidden_for_view, suppression_pattern
from registry import SUM_COLUMNS, load_registry

NOTHING_HIDDEN = pl.DataFrame(schema={"period": pl.Date})
"""An empty suppression pattern for a series (hand-written frames: only their own small bases are hidden)."""
NO_DISTRICT_HIDDEN = pl.DataFrame(schema={"period": pl.Date, "district_code": pl.Int64})
"""The same for a frame by district."""


KEY_TYPES = {"period": pl.Date, "district_code": pl.Int64, "unit_code": pl.Utf8, "group_code": pl.Utf8,
             "mask": pl.Int64, "unit_exact": pl.Int64}
"""The types of the keys fetch_level_sums groups by, and of a row's level."""


def level_sums(rows: Sequence[Sequence[object]] | Mapping[str, Sequence[object]],
               columns: Sequence[str] | None = None) -> pl.DataFrame:
    """Hand-written level sums: `rows` as tuples over `columns` (or a dict of columns), naming the keys
    (period, district_code, mask, …) and the sums a test sets; every other sum of registry.SUM_COLUMNS
    is added, null (a count of cells: 0), and every column is typed as fetch_level_sums returns it
    (KEY_TYPES, data_access.queries.SUMS_SCHEMA). So a test names only what it means, never the whole
    contract."""
    types = {**KEY_TYPES, **SUMS_SCHEMA}
    if isinstance(rows, Mapping):
        frame = pl.DataFrame(dict(rows), schema_overrides=types)
    else:
        frame = pl.DataFrame(list(rows), schema=list(columns or ()), orient="row", schema_overrides=types)
    missing = [c for c in SUM_COLUMNS if c not in frame.columns]
    return frame.with_columns(
        pl.lit(0 if c.endswith("_cells") else None, dtype=SUMS_SCHEMA[c]).alias(c) for c in missing
    )


def fetch_cell_sums(*, engine, indicator: str, by=("period",), scope=ALL, **filters) -> pl.DataFrame:
    """Sums of the full cells only (every breakdown named), grouped by `by`: no totals (read as an analyst,
    who sees every unit, unless `scope` says otherwise)."""
    ind = load_registry().indicator(indicator)
    sums = fetch_level_sums(engine=engine, indicator=indicator, by=by, scope=scope, **filters)
    cells = sums.filter(pl.col("mask") == ind.cell_mask)
    for name in ("district_code", "unit_code", "group_code"):
        if name in by:
            cells = cells.filter(pl.col(name).is_not_null())
    keys = list(by)
    aggs = [pl.when(pl.col(c).count() > 0).then(pl.col(c).sum()).alias(c) for c in SUM_COLUMNS]
    out = cells.group_by(keys, maintain_order=True).agg(aggs) if keys else cells.select(aggs)
    return out.select(*keys, *[pl.col(c).cast(sums.schema[c]) for c in SUM_COLUMNS]).sort(keys) if keys else out


def view_series(*, engine, indicator: str, years=None, scope=ALL, **filters) -> pl.DataFrame:
    """The series a page shows for these filters (district, unit, group, year_to, as_of), to a viewer
    with `scope` (default: an analyst, who sees every unit)."""
    ind = load_registry().indicator(indicator)
    sums = fetch_level_sums(engine=engine, indicator=indicator, scope=scope, **filters)
    fixed = {k: filters[k] for k in ("district", "unit", "group") if filters.get(k) is not None}
    return indicator_series(sums, ind, hidden=hidden_for_view(fetch_pattern(engine=engine, indicator=indicator,
                                                                            as_of=filters.get("as_of")), **fixed),
                            view=tuple(fixed), years=years)


def fetch_district_hidden(*, engine, indicator: str, **filters) -> pl.DataFrame:
    """The districts a map hides under these filters (unit, group), from the indicator's pattern."""
    return hidden_for_view(fetch_pattern(engine=engine, indicator=indicator), by_district=True, **filters)


def fetch_pattern(*, engine, indicator: str, as_of=None) -> pl.DataFrame:
    """The indicator's suppression pattern, built as ui.loaders.pattern builds it."""
    rows = fetch_observations(engine=engine, indicator=indicator, as_of=as_of, scope=SYSTEM)
    parents = dict(fetch_org_units(engine=engine).select("code", "parent_code").iter_rows())
    return suppression_pattern(rows, load_registry().indicator(indicator), parents)
