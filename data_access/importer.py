"""Importing observations from a file (CSV or XLSX), with validation, an audit log and rollback.

The format is described in docs/import-format.md (long format, one row per cell). The steps:

1. `parse_file`  — read the file: encoding, separators, numbers, periods (no database);
2. `validate`    — check every row against the registry and the database's units; problems are
                   reported per row and column in Danish, and nothing is written when there is one;
3. `import_file` — a transactional upsert keyed on (indicator, period, district, unit, group), where
                   NULL breakdowns are part of the key. Unchanged rows are left alone; the previous
                   values of updated rows and the ids of inserted rows go to `import_change`, and one
                   row per import to `import_log` (the audit log). Either the whole file is imported
                   or nothing is;
4. `rollback_import` undoes one import exactly (refused while a later import changed the same rows).

After an import or rollback that changed data, build_info's `data_updated` (today) and `fingerprint`
get new values, so the app's caches, keyed by the fingerprint, are refreshed.

The command line is `python -m data_access` (data_access/__main__.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeAlias, TypeVar

from sqlalchemy import Connection, Engine, bindparam, delete, insert, inspect, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.schema import CreateIndex
from sqlmodel import SQLModel

from data_access import models
from data_access.import_audit import (
    ImportResult,
    RollbackBlocked,
    inserted_id,
    lock_writers,
    refuse_if_changed_later,
    set_data_version,
)
from data_access.import_parsing import (
    MAX_BYTES,
    MAX_ROWS,
    ParsedFile,
    Problem,
    parse_file,
)
from data_access.import_units import undo_unit_changes
from data_access.import_validation import KEY_FIELDS, VALUE_FIELDS, Record, check, load_lookup, validate

__all__ = [
    "MAX_BYTES", "MAX_ROWS", "ImportResult", "ParsedFile", "Problem", "Record", "RollbackResult",
    "import_file", "parse_file", "rollback_import", "validate",
]

_CHUNK = 2_000
_OBS = models.OBSERVATION
_LOG = models.IMPORT_LOG
_CHANGE = models.IMPORT_CHANGE
_BUILD = models.BUILD_INFO

_T = TypeVar("_T")
# A stored row to update: (observation id, the record, its stored VALUE_FIELDS)
_Update: TypeAlias = tuple[int, Record, tuple[Any, ...]]


@dataclass
class RollbackResult:
    """What a rollback did: rows deleted (inserted by the import) and restored (updated by it)."""

    import_id: int
    status: str  # rolled_back | rejected | failed
    deleted: int = 0
    restored: int = 0
    rollback_id: int | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"Import {self.import_id} er ikke rullet tilbage."
        return (f"Import {self.import_id} er rullet tilbage: {self.deleted} rækker fjernet, "
                f"{self.restored} rækker har fået deres tidligere værdier igen")


# ------------------------------------------------------------------------------------------ schema


def ensure_import_schema(engine: Engine) -> None:
    """Create the import tables and the observation key index when the database predates them."""
    SQLModel.metadata.create_all(engine, tables=[_LOG, _CHANGE])
    with engine.begin() as conn:  # (an expression index cannot be reflected, so no checkfirst)
        conn.execute(CreateIndex(models.OBSERVATION_KEY_INDEX, if_not_exists=True))


def _has_import_tables(engine: Engine) -> bool:
    names = set(inspect(engine).get_table_names())
    return {_LOG.name, _CHANGE.name} <= names


# ------------------------------------------------------------------------------------------ import


def _existing(conn: Connection, records: Sequence[Record]) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """key -> (id, *values) of the stored observations with the keys of `records`.

    Candidates are selected by indicator and period (bound parameters, an indexed range) and matched
    on the full key in Python, where None == None: NULL-safe on every database without dialect SQL.
    """
    wanted = {r.key for r in records}
    by_indicator: dict[str, set[date]] = {}
    for r in records:
        by_indicator.setdefault(r.indicator_code, set()).add(r.period)
    cols = [_OBS.c.id] + [_OBS.c[f] for f in KEY_FIELDS] + [_OBS.c[f] for f in VALUE_FIELDS]
    found: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for code, periods in by_indicator.items():
        ordered = sorted(periods)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            stmt = select(*cols).where(_OBS.c.indicator_code == code, _OBS.c.period.in_(chunk))
            for row in conn.execute(stmt):
                key = tuple(row[1 : 1 + len(KEY_FIELDS)])
                if key in wanted:
                    found[key] = (row[0], *row[1 + len(KEY_FIELDS) :])
    return found


def _plan(conn: Connection, records: Sequence[Record]) -> tuple[list[Record], list[_Update], int]:
    """(inserts, updates [(id, record, old values)], unchanged count)."""
    existing = _existing(conn, records)
    inserts: list[Record] = []
    updates: list[_Update] = []
    unchanged = 0
    for r in records:
        old = existing.get(r.key)
        if old is None:
            inserts.append(r)
        elif tuple(old[1:]) == r.values:
            unchanged += 1
        else:
            updates.append((old[0], r, old[1:]))
    return inserts, updates, unchanged


def _chunks(items: list[_T], size: int = _CHUNK) -> Iterator[list[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _failure(parsed_name: str, err: Exception) -> Problem:
    first = str(getattr(err, "orig", err) or err).strip().splitlines()[0][:300]
    return Problem(parsed_name, None, None,
                   f"Databasen afviste skrivningen, og intet er gemt ({first}).",
                   expected="prøv igen; fortsætter fejlen, så kontakt den dataansvarlige")


def import_file(
    *,
    engine: Engine,
    path: str | Path | None = None,
    data: bytes | None = None,
    filename: str | None = None,
    user: str,
    dry_run: bool = False,
    today: date | None = None,
) -> ImportResult:
    """Validate and import one file (given as `path` or as `data` with `filename`).

    Writes nothing when the file has a problem or when `dry_run` is true; otherwise inserts new cells,
    updates changed ones and records the import in the audit log, all in one transaction. build_info
    (data_updated, fingerprint) changes only when a row did. `today` (default: the real date) is the day
    no period may start after, and the date written as data_updated.
    """
    source = path if data is None else data
    if source is None or (path is not None and data is not None):
        raise ValueError("import_file: give exactly one of path and data")
    parsed = parse_file(source, filename=filename)
    today = today or date.today()
    result = ImportResult(filename=parsed.filename, sha256=parsed.sha256, status="rejected", dry_run=dry_run,
                          rows=len(parsed.rows))
    records, problems = check(parsed, lookup=load_lookup(engine), today=today)
    result.touched = sorted({(r.indicator_code, r.period) for r in records})
    if problems:
        result.problems = problems
        return result
    if dry_run:
        with engine.connect() as conn:
            inserts, updates, unchanged = _plan(conn, records)
        result.status = "dry_run"
        result.inserted, result.updated, result.unchanged = len(inserts), len(updates), unchanged
        return result
    ensure_import_schema(engine)
    try:
        with engine.begin() as conn:
            lock_writers(conn)
            inserts, updates, unchanged = _plan(conn, records)
            log_id = inserted_id(conn.execute(insert(_LOG).values(
                action="import", kind="observations", created_at=datetime.now(UTC), user_name=user,
                filename=parsed.filename, sha256=parsed.sha256, rows_in_file=len(records),
                inserted=len(inserts), updated=len(updates), unchanged=unchanged, status="imported",
            )))
            _write(conn, log_id, inserts, updates)
            if inserts or updates:
                set_data_version(conn, f"import-{log_id}-{parsed.sha256[:16]}", today)
    except DBAPIError as err:
        result.status = "failed"
        result.problems = [_failure(parsed.filename, err)]
        return result
    result.status = "imported"
    result.import_id = log_id
    result.inserted, result.updated, result.unchanged = len(inserts), len(updates), unchanged
    return result


def _write(conn: Connection, log_id: int, inserts: list[Record], updates: list[_Update]) -> None:
    changes: list[dict[str, Any]] = []
    stmt = insert(_OBS).returning(_OBS.c.id, sort_by_parameter_order=True)
    for insert_chunk in _chunks(inserts):
        rows = [{f: getattr(r, f) for f in KEY_FIELDS + VALUE_FIELDS} for r in insert_chunk]
        ids = conn.execute(stmt, rows).scalars().all()
        changes += [dict(import_id=log_id, observation_id=i, action="insert") for i in ids]
    if updates:
        upd = update(_OBS).where(_OBS.c.id == bindparam("obs_id")).values(
            {f: bindparam(f"new_{f}") for f in VALUE_FIELDS}
        )
        for update_chunk in _chunks(updates):
            conn.execute(upd, [{"obs_id": obs_id, **{f"new_{f}": getattr(r, f) for f in VALUE_FIELDS}}
                               for obs_id, r, _old in update_chunk])
        changes += [
            dict(import_id=log_id, observation_id=obs_id, action="update",
                 **{f"old_{f}": value for f, value in zip(VALUE_FIELDS, old, strict=True)})
            for obs_id, _r, old in updates
        ]
    for change_chunk in _chunks(changes):
        conn.execute(insert(_CHANGE), _complete(change_chunk))


def _complete(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """executemany needs the same keys in every row."""
    keys = ["import_id", "observation_id", "action"] + [f"old_{f}" for f in VALUE_FIELDS]
    return [{k: row.get(k) for k in keys} for row in rows]


# ------------------------------------------------------------------------------------------ rollback


def rollback_import(*, engine: Engine, import_id: int, user: str, today: date | None = None) -> RollbackResult:
    """Undo one import exactly: delete the rows it inserted and give the rows it updated their old values.

    Refused when the import does not exist, is already rolled back, or when a later import (not rolled
    back) changed some of the same rows — roll that one back first.
    """
    result = RollbackResult(import_id=import_id, status="rejected")
    where = f"import {import_id}"

    def refuse(message: str, expected: str | None = None) -> RollbackResult:
        result.problems = [Problem(where, None, None, message, expected=expected)]
        return result

    if not _has_import_tables(engine):
        return refuse(f"Import {import_id} findes ikke (databasen har ingen importer).")
    today = today or date.today()
    try:
        with engine.begin() as conn:
            lock_writers(conn)
            log = conn.execute(select(_LOG).where(_LOG.c.id == import_id)).mappings().first()
            if log is None or log["action"] != "import":
                return refuse(f"Import {import_id} findes ikke.", "et id fra importloggen")
            if log["status"] == "rolled_back":
                return refuse(f"Import {import_id} er allerede rullet tilbage (tilbagerulning {log['rolled_back_by']} i loggen).")
            if log["kind"] == "unit_targets":  # targets are upserted whole: a corrected file replaces them
                return refuse(f"Import {import_id} er enheders mål; de rettes ved at importere en rettet målfil.",
                              "en import af indikatordata eller enheder")
            undo = undo_unit_changes if log["kind"] == "org_units" else _undo_observation_changes
            try:
                deleted, restored = undo(conn, import_id)
            except RollbackBlocked as blocked:
                return refuse(blocked.message, blocked.expected)
            rollback_id = inserted_id(conn.execute(insert(_LOG).values(
                action="rollback", kind=log["kind"], created_at=datetime.now(UTC), user_name=user,
                filename=log["filename"], sha256=log["sha256"], rows_in_file=log["rows_in_file"],
                deleted=deleted, restored=restored, status="done", reverts_import_id=import_id,
            )))
            conn.execute(update(_LOG).where(_LOG.c.id == import_id).values(status="rolled_back",
                                                                           rolled_back_by=rollback_id))
            if deleted or restored:
                set_data_version(conn, f"rollback-{rollback_id}-{log['sha256'][:16]}", today)
    except DBAPIError as err:
        result.status = "failed"
        result.problems = [_failure(where, err)]
        return result
    result.status = "rolled_back"
    result.rollback_id = rollback_id
    result.deleted, result.restored = deleted, restored
    return result


def _undo_observation_changes(conn: Connection, import_id: int) -> tuple[int, int]:
    """Undo one import of observations inside the caller's transaction: (deleted, restored).
    Raises RollbackBlocked when a later import changed some of the same rows."""
    refuse_if_changed_later(conn, _CHANGE, "observation_id", import_id)
    changes = conn.execute(select(_CHANGE).where(_CHANGE.c.import_id == import_id)).mappings().all()
    inserted = [c["observation_id"] for c in changes if c["action"] == "insert"]
    updated = [c for c in changes if c["action"] == "update"]
    for chunk in _chunks(inserted, 500):
        conn.execute(delete(_OBS).where(_OBS.c.id.in_(chunk)))
    if updated:
        upd = update(_OBS).where(_OBS.c.id == bindparam("obs_id")).values(
            {f: bindparam(f"old_{f}") for f in VALUE_FIELDS}
        )
        for chunk in _chunks(updated):
            conn.execute(upd, [{"obs_id": c["observation_id"], **{f"old_{f}": c[f"old_{f}"] for f in VALUE_FIELDS}}
                               for c in chunk])
    return len(inserted), len(updated)
