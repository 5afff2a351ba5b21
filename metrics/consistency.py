"""Do stored totals agree with their cells? A published or internal total beside real cells that add
up to something else is worth a warning at import (never a refusal: the total still wins on screen)."""

from __future__ import annotations

from functools import partial
from typing import Any

import polars as pl

from metrics.aggregate import finalize, sum_cells
from registry import Indicator

KEYS = {"district": "district_code", "unit": "unit_code", "group": "group_code"}
SCHEMA = {"period": pl.Date, "district_code": pl.Int64, "unit_code": pl.Utf8, "group_code": pl.Utf8,
          "total": pl.Float64, "cells": pl.Float64}


def _under(unit: str | None, ancestor: str, parents: dict[str, str | None]) -> bool:
    """Whether `unit` is `ancestor` or lies below it in the hierarchy."""
    seen = set()
    while unit is not None and unit not in seen:
        if unit == ancestor:
            return True
        seen.add(unit)
        unit = parents.get(unit)
    return False


def _value(rows: pl.DataFrame, indicator: Indicator) -> float | None:
    value: float | None = finalize(sum_cells(rows, []), indicator)["value"].item()  # a Float64 column
    return value


def _tolerance(total_row: dict[str, Any]) -> float:
    """More than rounding: a total written as a whole number may be off by half a unit, else by 0.05."""
    value = total_row["value"]
    return 0.5 if value is not None and float(value).is_integer() else 0.05


def total_disagreements(rows: pl.DataFrame, indicator: Indicator, *, unit_parents: dict[str, str | None]) -> pl.DataFrame:
    """Every stored total whose value differs by more than rounding from its real (non-sample) full cells.

    `rows` are one indicator's stored rows (data_access.queries.fetch_observations). A total with no real
    cells under it is not compared. Returns period, the total's breakdown keys, `total` and `cells`.
    """
    full = pl.all_horizontal([pl.col(KEYS[b]).is_not_null() for b in indicator.breakdowns]) if indicator.breakdowns \
        else pl.lit(False)
    cells = rows.filter(full & (pl.col("provenance") != "sample"))
    totals = rows.filter(~full)
    found = []
    for total in totals.iter_rows(named=True):
        mine = cells.filter(pl.col("period") == total["period"])
        for breakdown in indicator.breakdowns:
            key = total[KEYS[breakdown]]
            if key is None:
                continue
            if breakdown == "unit":
                mine = mine.filter(pl.col("unit_code").map_elements(
                    partial(_under, ancestor=key, parents=unit_parents), return_dtype=pl.Boolean))
            else:
                mine = mine.filter(pl.col(KEYS[breakdown]) == key)
        if mine.is_empty():
            continue
        given = _value(pl.DataFrame([total], schema=rows.schema), indicator)
        summed = _value(mine, indicator)
        if given is not None and summed is not None and abs(given - summed) > _tolerance(total):
            found.append((total["period"], total["district_code"], total["unit_code"], total["group_code"], given, summed))
    return pl.DataFrame(found, schema=SCHEMA, orient="row")
