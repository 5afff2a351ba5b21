"""A frozen vintage: the data as they stood at the end of a day, even after later imports.

Across modules on purpose: imports and rollbacks (importer) change the data, the queries' `as_of`
reads them as they stood, and the embedded database (db, sample_db) keeps them over a restart."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from data_access.db import create_db_engine
from data_access.importer import import_file, rollback_import
from data_access.queries import fetch_observations
from data_access.sample_db import write_sample_database
from tests.levels import fetch_cell_sums

HEADER = "indikator;periode;bydel;taeller;naevner;grundlag;proveniens;kilde\n"
CORRECTION = HEADER + "S04;2025;Nørrebro;120;200;200;offentliggjort;BUF\n"  # an existing cell, new values
NEW_YEAR = HEADER + "S04;2026;Nørrebro;90;150;150;offentliggjort;BUF\n"  # a cell that did not exist


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(request, tmp_path):
    if request.param == "sqlite":
        engine = create_db_engine(f"sqlite:///{tmp_path / 'v.sqlite'}")
    else:
        engine = request.getfixturevalue("new_postgres_database")()
    write_sample_database(engine)
    return engine


def _noerrebro(engine, year, **kw):
    sums = fetch_cell_sums(engine=engine, indicator="S04", district=3, year_from=year, year_to=year, **kw)
    return (sums["numerator"][0], sums["denominator"][0]) if sums.height else None


def test_pinned_day_keeps_the_numbers_of_that_day(fresh):
    today = date.today()
    before = _noerrebro(fresh, 2025)
    assert import_file(engine=fresh, data=CORRECTION.encode(), filename="ret.csv", user="test").ok
    assert import_file(engine=fresh, data=NEW_YEAR.encode(), filename="ny.csv", user="test", today=date(2027, 2, 1)).ok
    # Now: the corrected value and the new year.
    assert _noerrebro(fresh, 2025) == (120.0, 200.0)
    assert _noerrebro(fresh, 2026) == (90.0, 150.0)
    # Pinned to yesterday: as before both imports.
    pinned = today - timedelta(days=1)
    assert _noerrebro(fresh, 2025, as_of=pinned) == before
    assert _noerrebro(fresh, 2026, as_of=pinned) is None
    assert fetch_observations(engine=fresh, indicator="S04", district=3, year_from=2026, as_of=pinned).height == 0
    # Pinned to today: the imports made today count.
    assert _noerrebro(fresh, 2025, as_of=today) == (120.0, 200.0)


def test_a_rolled_back_import_is_not_undone_twice(fresh):
    before = _noerrebro(fresh, 2025)
    result = import_file(engine=fresh, data=CORRECTION.encode(), filename="ret.csv", user="test")
    assert rollback_import(engine=fresh, import_id=result.import_id, user="test").ok
    assert _noerrebro(fresh, 2025) == before
    assert _noerrebro(fresh, 2025, as_of=date.today() - timedelta(days=1)) == before


def test_an_import_into_the_embedded_database_survives_a_restart(tmp_path):
    """The embedded file is rebuilt when its sources change, never because data were imported."""
    from data_access.queries import fetch_build_info
    from data_access.sample_db import ensure_sample_database

    path = tmp_path / "embedded.sqlite"
    ensure_sample_database(path)
    engine = create_db_engine(f"sqlite:///{path}")
    assert import_file(engine=engine, data=CORRECTION.encode(), filename="ret.csv", user="test").ok
    version = fetch_build_info(engine=engine)["fingerprint"]
    engine.dispose()
    ensure_sample_database(path)  # what the next start of the app does
    engine = create_db_engine(f"sqlite:///{path}")
    assert _noerrebro(engine, 2025) == (120.0, 200.0)
    assert fetch_build_info(engine=engine)["fingerprint"] == version
