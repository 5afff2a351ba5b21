"""The sample database built by the one builder (data_access.sample_db), on SQLite and PostgreSQL:
what it holds, read back through the queries."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from data_access import sample_db
from data_access.access import ALL
from data_access.queries import (
    fetch_build_info,
    fetch_districts,
    fetch_indicator_status,
    fetch_observations,
    fetch_population,
)
from data_access.sample_db import PUBLISHED_DIR
from metrics.aggregate import finalize, sum_cells
from registry import load_registry
from tests.levels import fetch_cell_sums

REG = load_registry()


def test_every_sign_and_goal_has_data(engine):
    have = set(fetch_indicator_status(engine=engine)["indicator_code"].to_list())
    assert {i.code for i in REG.signs()} <= have
    assert {i.code for i in REG.goals()} <= have
    assert len(REG.signs()) == 15 and len(REG.goals()) == 10


def test_every_row_says_whether_it_is_sample_or_published(engine):
    status = fetch_indicator_status(engine=engine)
    assert (status["rows"] == status["published_rows"] + status["internal_rows"] + status["sample_rows"]).all()
    # sample and published rows, none internal
    assert status["published_rows"].sum() > 0 and status["sample_rows"].sum() > 0 and status["internal_rows"].sum() == 0
    assert fetch_build_info(engine=engine)["kind"] == "sample"


def test_the_published_figures_are_loaded_on_top_as_city_totals(engine):
    shipped = pl.read_csv(PUBLISHED_DIR / "offentliggjorte_tal.csv", separator=";", decimal_comma=True)
    published = pl.concat([
        fetch_observations(engine=engine, scope=ALL, indicator=code).filter(pl.col("provenance") == "published")
        for code in shipped["indikator"].unique().sort()
    ])
    assert published.height == shipped.height
    assert published.select("district_code", "unit_code", "group_code").null_count().row(0) == (
        published.height, published.height, published.height)
    s01 = published.filter(pl.col("indicator_code") == "S01")
    assert s01.select("period", "value", "base_count").rows() == [(date(2017, 1, 1), 42.0, 7094)]


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
    cells = fetch_observations(engine=engine, scope=ALL, indicator=code).filter(pl.col("provenance") == "sample")
    from_rows = sum_cells(cells, by=["period"])
    assert from_sql.select("period", "numerator", "denominator", "base_count").equals(
        from_rows.select("period", "numerator", "denominator", "base_count")
    )
    city = finalize(from_sql, ind)
    last = cells.filter(pl.col("period") == cells["period"].max())
    expected = 100 * last["numerator"].sum() / last["denominator"].sum()
    assert city["value"][-1] == pytest.approx(expected)


def test_year_range_is_read_from_the_data(engine):
    from data_access.queries import fetch_year_range

    assert fetch_year_range(engine=engine) == (2014, 2025)


def test_the_build_records_its_sources_and_the_published_import_is_the_data_version(engine):
    info = fetch_build_info(engine=engine)
    assert info["sample_fingerprint"] == sample_db.sample_fingerprint()
    assert info["fingerprint"].startswith("import-1-")  # the published figures, imported on top


def test_the_fingerprint_changes_with_any_source_file(monkeypatch, tmp_path):
    folders = {}
    for name in ("SAMPLE_DIR", "PUBLISHED_DIR", "REGISTRY_DIR"):
        folders[name] = tmp_path / name.lower()
        folders[name].mkdir()
        monkeypatch.setattr(sample_db, name, folders[name])
    (folders["SAMPLE_DIR"] / "observations.csv").write_text("x\n1\n")
    first = sample_db.sample_fingerprint()
    assert sample_db.sample_fingerprint() == first and len(first) == 64
    (folders["SAMPLE_DIR"] / "observations.csv").write_text("x\n2\n")
    second = sample_db.sample_fingerprint()
    (folders["REGISTRY_DIR"] / "indicators.toml").write_text("")
    assert len({first, second, sample_db.sample_fingerprint()}) == 3
