"""A programme run in some districts (e.g. the Københavner-model): where it runs is read from data."""

from __future__ import annotations

import polars as pl


def offered_districts(sums_by_district: pl.DataFrame) -> list[int]:
    """Districts with any cell of the programme's indicator, in code order."""
    if sums_by_district.is_empty():
        return []
    codes = sums_by_district.filter(pl.col("district_code").is_not_null())["district_code"].unique()
    return sorted(codes.to_list())


def mark_offered(frame: pl.DataFrame, offered: list[int]) -> pl.DataFrame:
    """Add `offered` (Boolean): whether the district has the programme."""
    return frame.with_columns(pl.col("district_code").is_in(offered).alias("offered"))
