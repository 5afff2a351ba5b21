"""What every import shares (data_access.import_audit): the result's sentence, the refusal of a blocked
rollback, and the new data version."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, select

from data_access import models
from data_access.db import create_db_engine
from data_access.import_audit import ImportResult, RollbackBlocked, refuse_if_changed_later, set_data_version
from data_access.import_parsing import Problem
from data_access.setup import init_database

LOG = models.ImportLog.__table__
CHANGE = models.ImportChange.__table__
BUILD = models.BuildInfo.__table__


@pytest.fixture
def initialised(tmp_path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'audit.sqlite'}")
    init_database(engine)
    yield engine
    engine.dispose()


def test_the_summary_says_what_was_imported():
    result = ImportResult("tal.csv", "ab12", "imported", rows=5, inserted=3, updated=1, unchanged=1, import_id=7)
    assert result.ok
    assert result.summary() == "Importeret: 3 nye, 1 ændrede, 1 uændrede rækker (import 7)"


def test_a_dry_run_says_nothing_was_saved_and_units_are_counted_as_units():
    result = ImportResult("enheder.csv", "ab12", "dry_run", inserted=2, dry_run=True, noun="enheder")
    assert result.summary() == "Prøvekørsel (intet gemt): 2 nye, 0 ændrede, 0 uændrede enheder"


def test_problems_mean_nothing_was_imported_with_singular_and_plural():
    one = ImportResult("x.csv", "ab12", "rejected", problems=[Problem("x.csv", 2, "bydel", "Ukendt bydel.")])
    assert not one.ok
    assert one.summary() == "Intet importeret: 1 problem i x.csv."
    two = ImportResult("x.csv", "ab12", "rejected", problems=one.problems * 2)
    assert two.summary() == "Intet importeret: 2 problemer i x.csv."


def test_rollback_blocked_names_the_later_imports():
    err = RollbackBlocked(3, [5, 8])
    assert str(err) == err.message == ("Import 3 kan ikke rulles tilbage, fordi en senere import (5, 8) "
                                       "har ændret nogle af de samme rækker.")
    assert err.expected == "rul først import 5, 8 tilbage"


def test_a_new_data_version_writes_the_date_and_fingerprint(initialised):
    def build_info() -> dict:
        with initialised.connect() as conn:
            return dict(conn.execute(select(BUILD.c.key, BUILD.c.value)).all())

    assert "data_updated" not in build_info()  # init writes only kind and fingerprint
    with initialised.begin() as conn:
        set_data_version(conn, "import-1-abc", date(2026, 3, 4))
    assert build_info() == {"kind": "production", "data_updated": "2026-03-04", "fingerprint": "import-1-abc"}
    with initialised.begin() as conn:
        set_data_version(conn, "import-2-def", date(2026, 3, 5))
    assert build_info() == {"kind": "production", "data_updated": "2026-03-05", "fingerprint": "import-2-def"}


def _log(conn, import_id: int, status: str) -> None:
    conn.execute(insert(LOG).values(id=import_id, action="import", created_at=datetime(2026, 1, 1, tzinfo=UTC),
                                    user_name="test", filename=f"{import_id}.csv", sha256="0", status=status))


def test_a_rollback_is_refused_only_while_a_later_import_of_the_same_row_stands(initialised):
    with initialised.begin() as conn:
        for import_id, status in ((1, "imported"), (2, "imported"), (3, "imported"), (4, "rolled_back")):
            _log(conn, import_id, status)
        # import 1 changed rows 10 and 11; 2 changed 10 again; 3 another row; 4 (rolled back) changed 11
        conn.execute(insert(CHANGE), [
            dict(import_id=1, observation_id=10, action="insert"), dict(import_id=1, observation_id=11, action="insert"),
            dict(import_id=2, observation_id=10, action="update"), dict(import_id=3, observation_id=12, action="insert"),
            dict(import_id=4, observation_id=11, action="update"),
        ])
    with initialised.connect() as conn:
        with pytest.raises(RollbackBlocked) as blocked:
            refuse_if_changed_later(conn, CHANGE, "observation_id", 1)
        assert blocked.value.expected == "rul først import 2 tilbage"
        for import_id in (2, 3):  # nothing later touched their rows
            refuse_if_changed_later(conn, CHANGE, "observation_id", import_id)
