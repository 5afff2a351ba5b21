"""The sample database, built by the one builder, on SQLite and PostgreSQL."""

from __future__ import annotations

import polars as pl
import pytest

from data_access.queries import (
    fetch_build_info,
    fetch_cell_sums,
    fetch_districts,
    fetch_observations,
    fetch_population,
    fetch_provenance_counts,
    fetch_targets,
)
from metrics.aggregate import finalize, sum_cells
from registry import load_registry

REG = load_registry()


def test_every_sign_and_goal_has_data(engine):
    counts = fetch_provenance_counts(engine=engine)
    have = set(counts["indicator_code"].to_list())
    assert {i.code for i in REG.signs()} <= have
    assert {i.code for i in REG.goals()} <= have
    assert len(REG.signs()) == 15 and len(REG.goals()) == 10


def test_every_sample_row_says_it_is_sample(engine):
    counts = fetch_provenance_counts(engine=engine)
    assert counts["provenance"].unique().to_list() == ["sample"]
    assert fetch_build_info(engine=engine)["kind"] == "sample"


def test_districts_are_the_ten_bydele_and_the_city(engine):
    districts = fetch_districts(engine=engine)
    assert districts["code"].to_list() == list(range(11))
    assert districts.filter(pl.col("code") == 4)["name"].item() == "Vesterbro/Kongens Enghave"


def test_population_is_the_published_figure(engine):
    # Københavns Kommune, Statistikbanken, Be4.3: Nørrebro 31 Dec 2013 = 77,807.
    pop = fetch_population(engine=engine, year=2013)
    assert pop.filter(pl.col("district_code") == 3)["population"].item() == 77807
    assert pop.height == 10


@pytest.mark.parametrize("code", [i.code for i in REG.indicators if i.rule == "ratio" and "district" in i.breakdowns])
def test_ratio_over_districts_is_ratio_of_sums(engine, code):
    """The SQL sums equal polars' sums of the raw rows, and the city value is sum(num)/sum(den)."""
    ind = REG.indicator(code)
    from_sql = fetch_cell_sums(engine=engine, indicator=code, by=("period",))
    cells = fetch_observations(engine=engine, indicator=code)
    from_rows = sum_cells(cells, by=["period"])
    assert from_sql.select("period", "numerator", "denominator", "base_count").equals(
        from_rows.select("period", "numerator", "denominator", "base_count")
    )
    city = finalize(from_sql, ind)
    last = cells.filter(pl.col("period") == cells["period"].max())
    expected = 100 * last["numerator"].sum() / last["denominator"].sum()
    assert city["value"][-1] == pytest.approx(expected)


def test_goal_targets_are_kept_without_inventing_numbers(engine):
    targets = {r["indicator_code"]: r for r in fetch_targets(engine=engine).to_dicts()}
    assert len(targets) == 10
    p01 = targets["P01"]
    assert p01["target_value"] == pytest.approx(p01["baseline_value"] + 165)
    assert targets["P02"]["target_value"] == pytest.approx(targets["P02"]["baseline_value"] - 80)
    assert targets["P06"]["baseline_value"] is None and targets["P06"]["target_value"] is None
    for code in ("P07", "P08", "P09", "P10"):
        assert targets[code]["target_value"] is None
        assert "X pct." in targets[code]["target_text"]


def test_year_range_is_read_from_the_data(engine):
    from data_access.queries import fetch_year_range

    assert fetch_year_range(engine=engine) == (2014, 2025)


def test_has_provenance(engine):
    from data_access.queries import fetch_has_provenance

    assert fetch_has_provenance(engine=engine, provenance="sample") is True
    assert fetch_has_provenance(engine=engine, provenance="published") is False


def test_the_aggregation_is_answered_from_the_covering_index(engine):
    """The plan for one indicator's sums uses the covering index (bench/results.md explains why)."""
    from sqlalchemy import text

    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            plan = " ".join(str(r[-1]) for r in conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT period, SUM(numerator) FROM observation "
                "WHERE indicator_code = :code GROUP BY period"), {"code": "S01"}))
        assert "COVERING INDEX ix_observation_cover" in plan
    else:
        with engine.connect() as conn:
            names = conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'observation'")).scalars().all()
            definition = conn.execute(text(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_observation_cover'")).scalar()
        assert "ix_observation_cover" in names and "INCLUDE" in definition
