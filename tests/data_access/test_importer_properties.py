"""Property-based: for valid data, parse → write → export → parse is the identity (hypothesis).

Random valid cells (every indicator, rule, frequency and breakdown of the registry, floats of any
size, texts with separators, quotes and Danish letters) are written in the import format (Danish or
English CSV, with or without thousands dots, or XLSX), parsed, imported, read back from the database,
written out again, and parsed again: the cells must be exactly the same every time. Each import is then
rolled back, which must leave the table empty again. Runs on SQLite and PostgreSQL.

Across modules on purpose: the round trip goes through import_format_writer, import_parsing,
import_validation, importer and the database, so no one module's mirror file owns it.

IMPORT_PROPERTY_EXAMPLES=500 runs more examples than the default 25.
"""

from __future__ import annotations

import os
from datetime import date

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from data_access import models
from data_access.db import create_db_engine
from data_access.import_format_writer import export_observations, format_file, format_number
from data_access.import_parsing import FORMULA_START, number_style, parse_file, parse_number
from data_access.import_validation import Record, check, load_lookup
from data_access.importer import import_file, rollback_import
from data_access.sample_db import SAMPLE_DIR
from registry import load_registry
from tests.data_access.import_cases.helpers import empty_database

REG = load_registry()
UNITS = sorted({u.code for u in REG.org_units} | set(pl.read_csv(SAMPLE_DIR / "org_units.csv")["code"].to_list()))
DISTRICTS = [d.code for d in REG.districts]
GROUPS = [g.code for g in REG.target_groups]
LAST_YEAR = min(date.today().year - 1, 2025)
EXAMPLES = int(os.environ.get("IMPORT_PROPERTY_EXAMPLES", "25"))  # raise for a deeper run

FORMATS = [
    dict(fmt="csv", danish=True),
    dict(fmt="csv", danish=True, thousands=True),
    dict(fmt="csv", danish=False),
    dict(fmt="xlsx"),
]

finite = dict(allow_nan=False, allow_infinity=False)


def _excel_precision(x: float) -> float:
    """Numbers as precise as a spreadsheet keeps them: 15 significant digits (xlsxwriter writes 16)."""
    return float(f"{x:.15g}")


texts = (
    st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"), include_characters="\n;,\"'"),
            min_size=1, max_size=30)
    .map(str.strip)
    .filter(lambda t: t and not t.startswith(FORMULA_START))
)
counts = st.one_of(st.integers(0, 10**6).map(float), st.floats(0, 1e12, **finite).map(_excel_precision))


@st.composite
def records(draw) -> Record:
    ind = draw(st.sampled_from(REG.indicators))
    year = draw(st.integers(2000, LAST_YEAR))
    quarter = draw(st.integers(1, 4)) if ind.frequency == "quarter" else 1
    numerator = denominator = value = base = None
    if ind.rule == "ratio":
        denominator = draw(st.one_of(st.integers(1, 10**6).map(float),
                                     st.floats(0.001, 1e9, **finite).map(_excel_precision)))
        # rounding is monotonic, so the rounded numerator stays <= the (already rounded) denominator
        numerator = draw(st.one_of(st.floats(0, 1, **finite).map(lambda f: _excel_precision(denominator * f)),
                                   st.integers(0, int(denominator)).map(float)))
        base = draw(st.integers(0, 10**6) if ind.survey else st.none() | st.integers(0, 10**6))
    elif ind.rule == "sum":
        value = draw(counts)
        base = draw(st.none() | st.integers(0, 10**6))
    else:
        value = draw(counts)
        base = draw(st.integers(1, 10**6))
    return Record(
        indicator_code=ind.code,
        period=date(year, 3 * (quarter - 1) + 1, 1),
        district_code=draw(st.sampled_from(DISTRICTS)) if ind.has_breakdown("district") else None,
        unit_code=draw(st.sampled_from(UNITS)) if ind.has_breakdown("unit") else None,
        group_code=draw(st.sampled_from(GROUPS)) if ind.has_breakdown("group") else None,
        numerator=numerator, denominator=denominator, value=value, base_count=base,
        provenance=draw(st.sampled_from(["published", "internal", "sample"])),
        source=draw(st.none() | texts), note=draw(st.none() | texts),
    )


cell_lists = st.lists(records(), min_size=1, max_size=25, unique_by=lambda r: r.key)


def _order(rs) -> list[Record]:
    return sorted(rs, key=lambda r: tuple("" if v is None else str(v) for v in r.key))


def _parse(data: bytes, fmt: dict, lookup) -> list[Record]:
    name = "data.xlsx" if fmt["fmt"] == "xlsx" else "data.csv"
    parsed = parse_file(data, filename=name)
    got, problems = check(parsed, lookup=lookup)
    assert problems == [], [str(p) for p in problems[:5]]
    return _order(got)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def empty(request, tmp_path_factory):
    if request.param == "sqlite":
        engine = create_db_engine(f"sqlite:///{tmp_path_factory.mktemp('prop') / 'empty.sqlite'}")
    else:
        engine = request.getfixturevalue("new_postgres_database")()
    empty_database(engine)
    yield engine, load_lookup(engine)
    engine.dispose()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cells=cell_lists, first=st.sampled_from(FORMATS), second=st.sampled_from(FORMATS))
def test_parse_write_export_parse_is_the_identity(empty, cells, first, second):
    engine, lookup = empty
    cells = _order(cells)
    data = format_file(cells, **first)
    assert _parse(data, first, lookup) == cells  # parse

    result = import_file(engine=engine, data=data, filename="data.xlsx" if first["fmt"] == "xlsx" else "data.csv",
                         user="hypothesis")  # write
    assert result.problems == [] and (result.inserted, result.updated, result.unchanged) == (len(cells), 0, 0)
    try:
        exported = export_observations(engine=engine, fmt=second["fmt"], danish=second.get("danish", True))  # export
        assert _parse(exported, second, lookup) == cells  # parse
        again = import_file(engine=engine, data=exported, filename="x.xlsx" if second["fmt"] == "xlsx" else "x.csv",
                            user="hypothesis")
        assert (again.inserted, again.updated, again.unchanged) == (0, 0, len(cells))
    finally:
        undo = rollback_import(engine=engine, import_id=result.import_id, user="hypothesis")
    assert undo.ok and undo.deleted == len(cells)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(models.Observation.__table__)).scalar() == 0


@settings(max_examples=300, deadline=None)
@given(x=st.floats(-1e15, 1e15, **finite), danish=st.booleans(), thousands=st.booleans())
def test_numbers_are_written_exactly_and_read_back_exactly(x, danish, thousands):
    decimal = "," if danish else "."
    text = format_number(x, decimal, "." if danish and thousands else "")
    assert "e" not in text.lower()
    value, _decimals = parse_number(text, decimal)
    assert value == x
    style = number_style(text)
    assert style in ("plain", "ambiguous", "comma" if danish else "dot")
