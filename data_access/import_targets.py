"""Importing units' own targets from their development plans (CSV or XLSX), validated like data.

The file (docs/import-format.md, "Enheders mål"):

    enhed;indikator;aar;maal
    BCV01;S01;2026;35
    BCV01;S02;2026;62,5

One target per unit, indicator and year, in the indicator's unit (a percentage for a share). The whole
file is checked first (every problem with row and column); then all of it is upserted in one
transaction, or nothing, and the import is logged in import_log (kind "unit_targets").
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl
from sqlalchemy import Engine, and_, insert, select, update
from sqlalchemy.exc import DBAPIError

from data_access import models
from data_access.access import Scope, rows_visible
from data_access.import_audit import ImportResult, inserted_id, lock_writers
from data_access.import_parsing import MAX_BYTES, Problem, column_letter, normalise_name, parse_number
from data_access.import_units import read_table
from registry import load_registry

COLUMNS = {
    "enhed": ("enhed", "enhedskode", "unit", "unitcode"),
    "indikator": ("indikator", "indicator", "kode"),
    "aar": ("aar", "år", "year"),
    "maal": ("maal", "mål", "target", "vaerdi"),
}
_ALIAS = {normalise_name(alias): name for name, aliases in COLUMNS.items() for alias in aliases}
_TARGET = models.UNIT_TARGET
_LOG = models.IMPORT_LOG
TARGET_SCHEMA = {"unit_code": pl.Utf8, "indicator_code": pl.Utf8, "year": pl.Int64, "value": pl.Float64}


@dataclass(frozen=True)
class TargetRecord:
    unit_code: str
    indicator_code: str
    year: int
    value: float


def check_targets(name: str, data: bytes, *, units: set[str]) -> tuple[list[TargetRecord], list[Problem]]:
    """The file's targets, or every problem (file, row, column, what was found, what was expected)."""
    index, rows, problems = read_table(name, data, aliases=_ALIAS, columns=list(COLUMNS), required=list(COLUMNS), nothing="mål")
    if problems:
        return [], problems
    registry = load_registry()
    records: dict[tuple[str, str, int], int] = {}
    out: list[TargetRecord] = []
    def cell(row: Sequence[object], column: str) -> str:
        i = index[column]
        value = row[i] if i < len(row) else None
        return "" if value is None else repr(value) if isinstance(value, float) else str(value).strip()

    for row_no, row in rows:
        def bad(column: str, message: str, found: str, expected: str, row_no: int = row_no) -> None:
            problems.append(Problem(name, row_no, column, message, found, expected, column_letter(index[column])))

        before = len(problems)
        unit, code, year_text, value_text = (cell(row, c) for c in ("enhed", "indikator", "aar", "maal"))
        if unit not in units:
            bad("enhed", "Ukendt enhed.", unit, "en enhedskode fra enhedslisten, fx BCV01")
        try:
            indicator = registry.indicator(code)
        except KeyError:
            indicator = None
            bad("indikator", "Ukendt indikator.", code, "en indikatorkode fra registret, fx S01")
        if indicator is not None and not indicator.has_breakdown("unit"):
            bad("indikator", "Indikatoren er ikke opdelt på enheder.", code, "et tegn på succes, der måles pr. enhed")
        year = int(float(year_text)) if year_text.replace(".0", "").isdigit() else None
        if year is None or not 2000 <= year <= 2100:
            bad("aar", "Ugyldigt år.", year_text, "et årstal, fx 2026")
        # Danish first (62,5 and 1.234), else a decimal point (62.5, and XLSX numbers)
        parsed = (parse_number(value_text, ",") or parse_number(value_text, ".")) if value_text else None
        value = parsed[0] if parsed else None
        if value is None:
            bad("maal", "Ugyldigt mål.", value_text, "et tal, fx 35 eller 62,5")
        elif indicator is not None and indicator.unit == "pct" and not 0 <= value <= 100:
            bad("maal", "En andel skal ligge mellem 0 og 100.", value_text, "en procent mellem 0 og 100")
        if len(problems) > before or year is None or value is None or indicator is None:
            continue
        key = (unit, code, year)
        if key in records:
            bad("aar", f"Målet findes også i række {records[key]}.", year_text, "hvert mål én gang")
            continue
        records[key] = row_no
        out.append(TargetRecord(unit, code, year, value))
    return (out, []) if not problems else ([], problems)


def import_targets(*, engine: Engine, data: bytes, filename: str, user: str, dry_run: bool = False) -> ImportResult:
    """Validate and upsert a file of unit targets (all or nothing), with an audit log entry."""
    sha = hashlib.sha256(data).hexdigest()
    result = ImportResult(filename=filename, sha256=sha, status="rejected", dry_run=dry_run, noun="mål")
    if len(data) > MAX_BYTES:
        result.problems = [Problem(filename, None, None, "Filen er for stor.", expected=f"højst {MAX_BYTES // 2**20} MB")]
        return result
    with engine.connect() as conn:
        units = set(conn.execute(select(models.ORG_UNIT.c.code)).scalars())
        existing = {(u, i, y): v for u, i, y, v in conn.execute(
            select(_TARGET.c.unit_code, _TARGET.c.indicator_code, _TARGET.c.year, _TARGET.c.value))}
    records, problems = check_targets(filename, data, units=units)
    result.rows = len(records)
    if problems:
        result.problems = problems
        return result
    def key(r: TargetRecord) -> tuple[str, str, int]:
        return (r.unit_code, r.indicator_code, r.year)

    inserts = [r for r in records if key(r) not in existing]
    updates = [r for r in records if key(r) in existing and existing[key(r)] != r.value]
    result.inserted, result.updated = len(inserts), len(updates)
    result.unchanged = len(records) - len(inserts) - len(updates)
    if dry_run:
        result.status = "dry_run"
        return result
    now = datetime.now(UTC)
    try:
        with engine.begin() as conn:
            lock_writers(conn)
            log_id = inserted_id(conn.execute(insert(_LOG).values(
                action="import", kind="unit_targets", created_at=now, user_name=user, filename=filename, sha256=sha,
                rows_in_file=len(records), inserted=len(inserts), updated=len(updates), unchanged=result.unchanged,
                status="imported",
            )))
            for r in inserts:
                conn.execute(insert(_TARGET).values(unit_code=r.unit_code, indicator_code=r.indicator_code, year=r.year,
                                                    value=r.value, imported_by=user, imported_at=now))
            for r in updates:
                conn.execute(update(_TARGET).where(and_(
                    _TARGET.c.unit_code == r.unit_code, _TARGET.c.indicator_code == r.indicator_code,
                    _TARGET.c.year == r.year)).values(value=r.value, imported_by=user, imported_at=now))
    except DBAPIError as err:
        result.status = "failed"
        result.problems = [Problem(filename, None, None,
                                   f"Databasen afviste skrivningen, og intet er gemt ({str(err.orig)[:200]}).")]
        return result
    result.status, result.import_id = "imported", log_id
    return result


def fetch_unit_targets(*, engine: Engine, unit: str, scope: Scope | None) -> pl.DataFrame:
    """One unit's targets (indicator_code, year, value), if the scope may see the unit."""
    stmt = (select(_TARGET.c.unit_code, _TARGET.c.indicator_code, _TARGET.c.year, _TARGET.c.value)
            .where(_TARGET.c.unit_code == unit, rows_visible(_TARGET.c.unit_code, scope))
            .order_by(_TARGET.c.indicator_code, _TARGET.c.year))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return pl.DataFrame([tuple(r) for r in rows], schema=TARGET_SCHEMA, orient="row")
