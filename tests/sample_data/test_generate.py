"""The committed sample CSVs: reproducible, complete per the registry, and shaped as designed."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from registry import load_registry
from sample_data import generate

SAMPLE_DIR = Path(generate.__file__).resolve().parent
FILES = ("observations.csv", "org_units.csv", "population.csv")


def _read(name: str) -> list[dict]:
    with open(SAMPLE_DIR / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def obs() -> list[dict]:
    return _read("observations.csv")


def _rows(obs, code, period=None):
    return [r for r in obs if r["indicator_code"] == code and (period is None or r["period"] == period)]


def _ratio(rows) -> float:
    return 100 * sum(int(r["numerator"]) for r in rows) / sum(int(r["denominator"]) for r in rows)


def _total(rows, column="value") -> float:
    return sum(float(r[column]) for r in rows)


def test_regeneration_is_byte_identical(tmp_path):
    generate.write_sample_csvs(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLE_DIR / name).read_bytes(), name


def test_population_kept_without_shared_data(tmp_path, monkeypatch):
    monkeypatch.setattr(generate, "SHARED_DATA", tmp_path / "no-such-dir")
    generate.write_sample_csvs(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLE_DIR / name).read_bytes(), name


def test_columns_are_exact():
    for name, columns in [("observations.csv", generate.OBSERVATION_COLUMNS),
                          ("org_units.csv", generate.ORG_UNIT_COLUMNS),
                          ("population.csv", generate.POPULATION_COLUMNS)]:
        with open(SAMPLE_DIR / name, encoding="utf-8") as fh:
            assert fh.readline().rstrip("\n").split(",") == columns


def test_every_indicator_has_rows_with_registry_breakdowns(obs):
    reg = load_registry()
    by_code = defaultdict(list)
    for r in obs:
        by_code[r["indicator_code"]].append(r)
    assert set(by_code) == {i.code for i in reg.indicators}
    for ind in reg.indicators:
        for r in by_code[ind.code]:
            assert (r["district_code"] != "") == ind.has_breakdown("district"), (ind.code, r)
            assert (r["unit_code"] != "") == ind.has_breakdown("unit"), (ind.code, r)
            assert (r["group_code"] != "") == ind.has_breakdown("group"), (ind.code, r)
            assert r["provenance"] == "sample"
            assert r["source"] == ind.source + " (eksempeldata)"


def test_rule_columns(obs):
    reg = load_registry()
    for r in obs:
        ind = reg.indicator(r["indicator_code"])
        if ind.rule == "ratio":
            num, den = int(r["numerator"]), int(r["denominator"])
            assert 0 <= num <= den and den > 0 and r["value"] == ""
        else:
            assert r["numerator"] == r["denominator"] == "" and float(r["value"]) >= 0
        if ind.unit == "fte":  # staff, not citizens: no base, so nothing is hidden
            assert r["base_count"] == ""
        else:
            assert int(r["base_count"]) >= 0


def test_dimension_codes_exist(obs):
    reg = load_registry()
    units = {u["code"] for u in _read("org_units.csv")} | {u.code for u in reg.org_units}
    groups = {g.code for g in reg.target_groups}
    districts = {str(d.code) for d in reg.districts}
    for r in obs:
        assert r["district_code"] in districts | {""}
        assert r["unit_code"] in units | {""}
        assert r["group_code"] in groups | {""}


def test_org_units_are_leaves_of_the_seven_centres():
    units = _read("org_units.csv")
    assert 18 <= len(units) <= 24
    per_centre = defaultdict(int)
    for u in units:
        per_centre[u["parent_code"]] += 1
        assert u["code"].startswith(u["parent_code"])
    assert set(per_centre) == {"BBU", "BCH", "BCV", "CRBK", "DSD", "HUE", "BSA"}
    assert all(2 <= n <= 4 for n in per_centre.values())


def test_population_is_real_figures():
    rows = _read("population.csv")
    assert len(rows) == 10 * 14
    pop = {(int(r["district_code"]), int(r["year"])): int(r["population"]) for r in rows}
    assert pop[(1, 2013)] == 51424  # Be4.3, 31 Dec 2013, Indre By
    assert pop[(10, 2014)] == 64967
    assert pop[(1, 2020)] == 55858  # Be62 forecast
    sources = {int(r["year"]): r["source"] for r in rows}
    assert sources[2019].endswith("Be4.3") and sources[2020].endswith("Be62 (fremskrivning)")


def test_anchors_from_the_seed_documents(obs):
    s01_2017 = _ratio(_rows(obs, "S01", "2017-01-01"))
    assert 41.5 <= s01_2017 <= 42.5
    growth = _total(_rows(obs, "S07", "2017-01-01")) / _total(_rows(obs, "S07", "2014-01-01")) - 1
    assert 0.16 <= growth <= 0.20
    for code in ("S12", "S13", "S14", "S15"):
        assert 7500 <= _total(_rows(obs, code, "2017-01-01"), "base_count") <= 8500, code
    assert _total(_rows(obs, "P01", "2014-01-01")) == 825
    assert _total(_rows(obs, "P02", "2014-01-01")) == 533
    assert _total(_rows(obs, "P03", "2014-01-01")) == 417


def test_koebenhavner_model(obs):
    km01 = _rows(obs, "KM01")
    assert {r["district_code"] for r in km01} == {"3", "8"}
    per_quarter = defaultdict(int)
    for r in km01:
        per_quarter[r["period"]] += int(r["value"])
    assert len(per_quarter) == 12 and min(per_quarter) == "2023-01-01" and max(per_quarter) == "2025-10-01"
    assert all(n <= 35 for n in per_quarter.values())
    assert per_quarter["2025-10-01"] == 35
    fte = defaultdict(float)
    for r in _rows(obs, "KM04"):
        fte[r["period"]] += float(r["value"])
    assert len(fte) == 12 and all(round(v, 1) == 10.0 for v in fte.values())
    km03 = {(r["period"], r["district_code"]): int(r["value"]) for r in _rows(obs, "KM03")}
    assert all(km03[(r["period"], r["district_code"])] == 2 * int(r["value"]) for r in km01)


def test_small_cells_and_gaps(obs):
    s04_district_years = defaultdict(int)
    for r in _rows(obs, "S04"):
        s04_district_years[(r["district_code"], r["period"])] += int(r["base_count"])
    assert min(s04_district_years.values()) < 5
    assert not _rows(obs, "S08", "2020-01-01")
    assert min(r["period"] for r in _rows(obs, "S14")) == "2016-01-01"
    assert sum(int(r["base_count"]) < 5 for r in _rows(obs, "S01")) > 100


def test_mix_of_sign_statuses(obs):
    """Between 2017 and 2025 most signs move the desired way, some do not."""
    reg = load_registry()
    desired = 0
    for ind in reg.signs():
        def city(period):
            rows = _rows(obs, ind.code, period)
            if ind.rule == "ratio":
                return _ratio(rows)
            if ind.rule == "sum":
                return _total(rows)
            return sum(float(r["value"]) * int(r["base_count"]) for r in rows) / _total(rows, "base_count")
        change = city("2025-01-01") - city("2017-01-01")
        desired += (change > 0) == (ind.direction == "up") and abs(change) > 0.03 * city("2017-01-01")
    assert desired == 9


def test_file_size():
    assert (SAMPLE_DIR / "observations.csv").stat().st_size < 4_000_000
