"""Import as a transactional upsert with an audit log and exact rollback (data_access.importer), on
SQLite and PostgreSQL (the command line that drives it: test_main.py)."""

from __future__ import annotations

import shutil
import uuid
from datetime import date

import polars as pl
import pytest
from sqlalchemy import create_engine, select, text

from data_access import models
from data_access.db import create_db_engine
from data_access.import_format_writer import export_observations
from data_access.import_parsing import parse_file
from data_access.importer import import_file, rollback_import, validate
from data_access.queries import IMPORT_LOG_SCHEMA, fetch_build_info, fetch_imports
from data_access.sample_db import write_sample_database
from data_access.setup import init_database
from tests.conftest import ROOT
from tests.data_access.import_cases.helpers import observation_rows, snapshot
from tests.levels import fetch_cell_sums

EXAMPLE = ROOT / "docs" / "example_import.csv"
HEADER = "indikator;periode;bydel;enhed;maalgruppe;taeller;naevner;vaerdi;grundlag;proveniens;kilde;note"


@pytest.fixture(scope="module")
def postgres_template(postgres_admin_url):
    """The sample database on PostgreSQL, built once; each test gets a copy (CREATE DATABASE … TEMPLATE)."""
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    name = f"template_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))  # identifiers cannot be bound parameters
    engine = create_db_engine(admin.url.set(database=name).render_as_string(hide_password=False))
    write_sample_database(engine, data_updated=date(2026, 1, 2))
    engine.dispose()  # a template must have no open connections
    yield admin, name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(request, tmp_path):
    """A new sample database for one test (a copy of the module's template)."""
    if request.param == "sqlite":
        path = tmp_path / "fresh.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        engine = create_db_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
        return
    admin, template = request.getfixturevalue("postgres_template")
    name = f"test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    engine = create_db_engine(admin.url.set(database=name).render_as_string(hide_password=False))
    yield engine
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))


def _csv(*rows: str) -> bytes:
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode("cp1252")


def test_the_documented_example_file_is_valid(engine):
    parsed = parse_file(EXAMPLE)
    assert parsed.encoding == "utf-8-sig" and parsed.delimiter == ";" and len(parsed.rows) == 10
    assert validate(parsed, engine=engine) == []


def test_dry_run_counts_but_writes_nothing(fresh):
    before = snapshot(fresh)
    result = import_file(engine=fresh, path=EXAMPLE, user="test", dry_run=True)
    assert (result.status, result.inserted, result.updated, result.unchanged) == ("dry_run", 10, 0, 0)
    assert result.summary() == "Prøvekørsel (intet gemt): 10 nye, 0 ændrede, 0 uændrede rækker"
    assert result.import_id is None
    assert snapshot(fresh) == before


def test_import_writes_logs_and_refreshes_the_fingerprint(fresh):
    before = fetch_build_info(engine=fresh)
    result = import_file(engine=fresh, path=EXAMPLE, user="anna", today=date(2026, 11, 26))
    assert result.summary() == f"Importeret: 10 nye, 0 ændrede, 0 uændrede rækker (import {result.import_id})"
    info = fetch_build_info(engine=fresh)
    assert info["data_updated"] == "2026-11-26" and before["data_updated"] == "2026-01-02"
    assert info["fingerprint"] == f"import-{result.import_id}-{result.sha256[:16]}" != before["fingerprint"]
    log = fetch_imports(engine=fresh)
    assert log.schema == pl.Schema(IMPORT_LOG_SCHEMA)
    row = log.row(0, named=True)
    assert {k: row[k] for k in ("action", "user_name", "filename", "sha256", "rows_in_file", "inserted",
                                "updated", "unchanged", "status")} == {
        "action": "import", "user_name": "anna", "filename": "example_import.csv", "sha256": result.sha256,
        "rows_in_file": 10, "inserted": 10, "updated": 0, "unchanged": 0, "status": "imported",
    }
    assert row["created_at"].tzinfo is not None


def test_reimporting_the_same_file_changes_nothing(fresh):
    first = import_file(engine=fresh, path=EXAMPLE, user="test")
    after_first = snapshot(fresh)
    again = import_file(engine=fresh, path=EXAMPLE, user="test")
    assert (again.status, again.inserted, again.updated, again.unchanged) == ("imported", 0, 0, 10)
    after_again = snapshot(fresh)
    assert after_again["rows"] == after_first["rows"] and after_again["checksum"] == after_first["checksum"]
    assert after_again["build_info"] == after_first["build_info"]  # nothing changed: caches stay valid
    # import 1 is the published figures the sample database is built with
    assert fetch_imports(engine=fresh)["id"].to_list() == [again.import_id, first.import_id, 1]


def test_a_corrected_file_updates_and_rollback_restores_exactly(fresh):
    original = snapshot(fresh)
    # Sample cells of S04 2025: two corrected (numbers, provenance, source, note), one as it is; one new cell.
    s04 = fetch_cell_sums(engine=fresh, indicator="S04", by=("district_code",), year_from=2025, year_to=2025)
    sample = {r["district_code"]: r for r in s04.to_dicts()}
    exported = export_observations(engine=fresh, indicators=["S04"]).decode("utf-8-sig").splitlines()
    same = next(line for line in exported if line.startswith("S04;2025;5;"))
    corrected = _csv(
        f"S04;2025;Indre By;;;{int(sample[1]['numerator']) - 1};{int(sample[1]['denominator'])};;{sample[1]['base_count']};"
        "offentliggjort;Rettet tal;rettet 2026",
        f"S04;2025;2;;;1;{int(sample[2]['denominator'])};;{sample[2]['base_count']};eksempel;;",
        same,
        "S04;2026;2;;;5;10;;10;intern;;",
    )
    result = import_file(engine=fresh, data=corrected, filename="rettelse.csv", user="test")
    assert (result.status, result.inserted, result.updated, result.unchanged) == ("imported", 1, 2, 1), result.problems
    after = fetch_cell_sums(engine=fresh, indicator="S04", by=("district_code",), year_from=2025, year_to=2025)
    got = {r["district_code"]: (r["numerator"], r["denominator"]) for r in after.to_dicts()}
    assert got[1] == (sample[1]["numerator"] - 1, sample[1]["denominator"])
    assert got[2] == (1.0, sample[2]["denominator"])
    assert got[5] == (sample[5]["numerator"], sample[5]["denominator"])
    obs = models.Observation.__table__.c
    with fresh.connect() as conn:
        row = conn.execute(select(obs.provenance, obs.source, obs.note).where(
            obs.indicator_code == "S04", obs.period == date(2025, 1, 1), obs.district_code == 1)).one()
    assert tuple(row) == ("published", "Rettet tal", "rettet 2026")

    rollback = rollback_import(engine=fresh, import_id=result.import_id, user="test", today=date(2026, 11, 27))
    assert (rollback.status, rollback.deleted, rollback.restored) == ("rolled_back", 1, 2)
    assert rollback.summary() == (f"Import {result.import_id} er rullet tilbage: 1 rækker fjernet, "
                                  "2 rækker har fået deres tidligere værdier igen")
    restored = snapshot(fresh)
    assert (restored["rows"], restored["checksum"]) == (original["rows"], original["checksum"])
    assert restored["build_info"]["fingerprint"] == f"rollback-{rollback.rollback_id}-{result.sha256[:16]}"
    assert restored["build_info"]["data_updated"] == "2026-11-27"
    log = {r["id"]: r for r in fetch_imports(engine=fresh).to_dicts()}
    assert log[result.import_id]["status"] == "rolled_back"
    assert log[result.import_id]["rolled_back_by"] == rollback.rollback_id
    assert log[rollback.rollback_id]["action"] == "rollback"
    assert log[rollback.rollback_id]["reverts_import_id"] == result.import_id
    assert (log[rollback.rollback_id]["deleted"], log[rollback.rollback_id]["restored"]) == (1, 2)


def test_rollback_is_refused_while_a_later_import_changed_the_same_rows(fresh):
    original = observation_rows(fresh)
    a = import_file(engine=fresh, data=_csv("KM01;2026K1;3;;;;;6;6;intern;;", "KM01;2025K4;3;;;;;9;9;intern;a;"),
                    filename="a.csv", user="test")
    after_a = observation_rows(fresh)
    b = import_file(engine=fresh, data=_csv("KM01;2026K1;3;;;;;7;7;intern;;"), filename="b.csv", user="test")
    c = import_file(engine=fresh, data=_csv("KM01;2026K1;8;;;;;1;1;intern;;"), filename="c.csv", user="test")
    assert (a.inserted, a.updated, b.updated, c.inserted) == (1, 1, 1, 1)

    refused = rollback_import(engine=fresh, import_id=a.import_id, user="test")
    assert refused.status == "rejected" and refused.deleted == refused.restored == 0
    assert [str(p) for p in refused.problems] == [
        f"import {a.import_id}: Import {a.import_id} kan ikke rulles tilbage, fordi en senere import ({b.import_id}) "
        f"har ændret nogle af de samme rækker. Forventet: rul først import {b.import_id} tilbage."
    ]
    assert rollback_import(engine=fresh, import_id=c.import_id, user="test").ok  # unrelated rows: allowed
    assert rollback_import(engine=fresh, import_id=b.import_id, user="test").ok
    assert observation_rows(fresh) == after_a  # b undone: a's values are back
    assert rollback_import(engine=fresh, import_id=a.import_id, user="test").ok
    assert observation_rows(fresh) == original

    twice = rollback_import(engine=fresh, import_id=a.import_id, user="test")
    assert [p.message for p in twice.problems] == [
        f"Import {a.import_id} er allerede rullet tilbage (tilbagerulning {twice_id(fresh, a.import_id)} i loggen)."
    ]
    missing = rollback_import(engine=fresh, import_id=999, user="test")
    assert [p.message for p in missing.problems] == ["Import 999 findes ikke."]


def twice_id(engine, import_id):
    log = fetch_imports(engine=engine)
    return log.filter(pl.col("id") == import_id)["rolled_back_by"].item()


def test_rollback_without_any_import_is_refused(tmp_path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'none.sqlite'}")
    init_database(engine)
    result = rollback_import(engine=engine, import_id=1, user="test")
    assert [p.message for p in result.problems] == ["Import 1 findes ikke."]
    assert fetch_imports(engine=engine).height == 0


def test_a_refused_file_leaves_no_trace(fresh):
    import_file(engine=fresh, path=EXAMPLE, user="test")
    before = snapshot(fresh)
    bad = _csv("S04;2026;1;;;1;2;;2;intern;;", "S04;2026;Østerbroo;;;1;2;;2;intern;;")
    result = import_file(engine=fresh, data=bad, filename="halv.csv", user="test")
    assert result.status == "rejected" and len(result.problems) == 1
    assert result.summary() == "Intet importeret: 1 problem i halv.csv."
    assert snapshot(fresh) == before  # the good first row was not written either
