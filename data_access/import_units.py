"""Importing the organisation's units (CSV or XLSX), validated, audited and undoable like indicator data.

The file (docs/import-format.md, "Organisatoriske enheder"):

    kode;navn;overordnet;gyldig_fra;gyldig_til
    BCV;Borgercenter Voksne;SOF;;
    BCV01;Borgercenter Voksne – Enhed Syd;BCV;01-01-2024;

A unit is upserted by its code. The whole file is checked first (every problem with row and column);
then all of it is written in one transaction, or nothing. The import is logged in import_log (kind
"org_units") with each unit's previous values in org_unit_change, so that
data_access.importer.rollback_import can undo it exactly.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import DBAPIError

from data_access import models
from data_access.import_audit import (
    ImportResult,
    inserted_id,
    lock_writers,
    refuse_if_changed_later,
    set_data_version,
)
from data_access.import_parsing import (
    MAX_BYTES,
    ParsedFile,
    Problem,
    _decode,
    _read_input,
    column_letter,
    normalise_name,
)
from data_access.import_xlsx import XlsxError, read_xlsx_rows
from data_access.text_safety import control_problem_da, formula_problem_da, is_formula_like

COLUMNS = {  # documented name -> accepted spellings (normalised)
    "kode": ("kode", "enhedskode", "code", "unitcode"),
    "navn": ("navn", "enhedsnavn", "name", "unitname"),
    "overordnet": ("overordnet", "overordnetkode", "foraelder", "parent", "parentcode"),
    "gyldig_fra": ("gyldigfra", "validfrom", "fra"),
    "gyldig_til": ("gyldigtil", "validto", "til"),
}
_ALIAS = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
_CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
_UNIT = models.ORG_UNIT
_CHANGE = models.ORG_UNIT_CHANGE
_LOG = models.IMPORT_LOG
VALUE_FIELDS = models.ORG_UNIT_VALUES


@dataclass(frozen=True)
class UnitRecord:
    code: str
    name: str
    parent_code: str | None
    valid_from: date | None
    valid_to: date | None
    row: int = 0

    @property
    def values(self) -> tuple[str, str | None, date | None, date | None]:
        return (self.name, self.parent_code, self.valid_from, self.valid_to)


def read_rows(name: str, data: bytes, problems: list[Problem],
              aliases: dict[str, str] | None = None) -> list[tuple[int, Sequence[object]]]:
    """(row number, cells) of a CSV or XLSX file; problems appended when it cannot be read. The CSV
    separator is the one that splits the header into most known column names (`aliases`)."""
    aliases = _ALIAS if aliases is None else aliases
    if data.startswith(b"PK\x03\x04"):
        try:
            return [(n, [cells.get(i) for i in range(max(cells) + 1)]) for n, cells in read_xlsx_rows(data) if cells]
        except XlsxError as err:
            problems.append(Problem(name, None, None, str(err), expected="en .xlsx-fil gemt fra Excel, eller en CSV-fil"))
            return []
    pf = ParsedFile(filename=name, sha256="", size=len(data))
    text = _decode(pf, data)
    problems += pf.errors
    if text is None:
        return []
    header = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=lambda d: sum(normalise_name(c) in aliases for c in header.split(d)))
    try:
        return [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)
                if any(c.strip() for c in row)]
    except csv.Error:
        problems.append(Problem(name, None, None, "Filen kan ikke læses som CSV (et anførselstegn står forkert).",
                                expected="felter adskilt af semikolon"))
        return []


def _date(value: object) -> date | None | str:
    """A date cell or text (2024-01-31, 31-01-2024, 31.01.2024), None when empty, "" when unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return ""


def read_header(name: str, header_no: int, header: Sequence[object], aliases: dict[str, str], columns: list[str],
                problems: list[Problem]) -> dict[str, int]:
    """The column of each known name in a header row (any accepted spelling); an unknown column is a
    problem with its letter. Shared by the units and the targets importers."""
    index: dict[str, int] = {}
    for i, label in enumerate(header):
        canonical = aliases.get(normalise_name(str(label or "")))
        if canonical is None and str(label or "").strip():
            problems.append(Problem(name, header_no, str(label), "Ukendt kolonne.", str(label),
                                    "kun kolonnerne " + ", ".join(columns), column_letter(i)))
        elif canonical:
            index[canonical] = i
    return index


def read_table(name: str, data: bytes, *, aliases: dict[str, str], columns: list[str], required: Sequence[str],
               nothing: str) -> tuple[dict[str, int], list[tuple[int, Sequence[object]]], list[Problem]]:
    """The column index and the data rows of a small CSV/XLSX file with a header row, or its problems:
    unreadable, no data rows (`nothing` names what is missing), unknown or missing columns."""
    problems: list[Problem] = []
    rows = read_rows(name, data, problems, aliases)
    if problems:
        return {}, [], problems
    if len(rows) < 2:
        return {}, [], [Problem(name, None, None, f"Filen har ingen {nothing}.",
                                expected="en overskrift og mindst én række")]
    header_no, header = rows[0]
    index = read_header(name, header_no, header, aliases, columns, problems)
    problems += [Problem(name, header_no, c, f"Kolonnen »{c}« mangler.", expected="kolonnerne " + ", ".join(columns))
                 for c in required if c not in index]
    return index, rows[1:], problems


def check_units(name: str, data: bytes, *, known: set[str]) -> tuple[list[UnitRecord], list[Problem]]:
    """The file's units, or every problem (file, row, column, what was found, what was expected)."""
    index, rows, problems = read_table(name, data, aliases=_ALIAS, columns=list(COLUMNS), required=("kode", "navn"),
                                       nothing="enheder")
    if problems:
        return [], problems

    def cell(row: Sequence[object], column: str) -> object:
        i = index.get(column)
        value = row[i] if i is not None and i < len(row) else None
        return value.strip() if isinstance(value, str) else value

    def bad(row_no: int, column: str, message: str, found: object = None, expected: str | None = None) -> None:
        problems.append(Problem(name, row_no, column, message, None if found is None else str(found), expected,
                                column_letter(index[column]) if column in index else None))

    records: list[UnitRecord] = []
    seen: dict[str, int] = {}
    for row_no, row in rows:
        code, title = cell(row, "kode"), cell(row, "navn")
        parent = cell(row, "overordnet") or None
        start, end = _date(cell(row, "gyldig_fra")), _date(cell(row, "gyldig_til"))
        before = len(problems)
        code = None if code is None else str(code)
        if not code:
            bad(row_no, "kode", "Kode mangler.", expected="en enhedskode, fx BCV01")
        elif not _CODE.match(code):
            bad(row_no, "kode", "Koden må kun have bogstaver, tal, punktum, bindestreg og understregning (højst 40).",
                code, "fx BCV01")
        elif code in seen:
            bad(row_no, "kode", f"Koden findes også i række {seen[code]}.", code, "hver enhed én gang")
        for column, text in (("navn", title), ("overordnet", parent)):
            if isinstance(text, str) and is_formula_like(text):
                bad(row_no, column, "Cellen ligner en formel og modtages ikke af sikkerhedshensyn.", text,
                    formula_problem_da(text)[1])
            elif isinstance(text, str) and (control := control_problem_da(text)):
                bad(row_no, column, control[0], text, control[1])
        if not title:
            bad(row_no, "navn", "Navn mangler.", expected="enhedens navn")
        elif len(str(title)) > 200:
            bad(row_no, "navn", "Navnet er for langt.", str(title)[:80], "højst 200 tegn")
        for column, value in (("gyldig_fra", start), ("gyldig_til", end)):
            if value == "":
                bad(row_no, column, "Datoen kan ikke læses.", cell(row, column), "en dato, fx 01-01-2024 eller 2024-01-01")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            bad(row_no, "gyldig_til", "Slutdatoen ligger før startdatoen.", cell(row, "gyldig_til"),
                "en dato efter gyldig_fra")
        if code and parent == code:
            bad(row_no, "overordnet", "En enhed kan ikke ligge under sig selv.", parent, "en anden enheds kode")
        if len(problems) == before and code:
            seen[code] = row_no
            records.append(UnitRecord(code, str(title), None if parent is None else str(parent),
                                      start if isinstance(start, date) else None,
                                      end if isinstance(end, date) else None, row_no))
    codes = known | {r.code for r in records}
    parents = {r.code: r.parent_code for r in records}
    for r in records:
        if r.parent_code and r.parent_code not in codes:
            problems.append(Problem(name, r.row, "overordnet", "Ukendt overordnet enhed.", r.parent_code,
                                    "en kode fra filen eller fra organisationen", column_letter(index["overordnet"])))
        seen_codes, node = {r.code}, r.parent_code
        while node in parents:
            if node in seen_codes:
                problems.append(Problem(name, r.row, "overordnet", "Enhederne ligger under hinanden i ring.",
                                        r.parent_code, "et træ: ingen enhed under sig selv", column_letter(index["overordnet"])))
                break
            seen_codes.add(node)
            node = parents[node]
    problems.sort(key=lambda p: (p.row or 0, p.letter or ""))
    return ([] if problems else records), problems


def _parents_first(records: list[UnitRecord]) -> list[UnitRecord]:
    """Insert order: a unit after its parent, so that the foreign key holds at every row."""
    by_code = {r.code: r for r in records}
    done: list[UnitRecord] = []
    placed: set[str] = set()

    def place(r: UnitRecord) -> None:
        if r.code in placed:
            return
        if r.parent_code in by_code:
            place(by_code[r.parent_code])
        placed.add(r.code)
        done.append(r)

    for r in records:
        place(r)
    return done


def import_units(*, engine: Engine, path: str | Path | None = None, data: bytes | None = None,
                 filename: str | None = None, user: str, dry_run: bool = False) -> ImportResult:
    """Validate and upsert a file of organisational units (all or nothing), with an audit log entry."""
    source = path if data is None else data
    if source is None:
        raise ValueError("import_units: give path or data")
    name, raw, size, sha = _read_input(source, filename)
    result = ImportResult(filename=name, sha256=sha, status="rejected", dry_run=dry_run, noun="enheder")
    if raw is None or size > MAX_BYTES:
        result.problems = [Problem(name, None, None, "Filen er for stor.", expected=f"højst {MAX_BYTES // 2**20} MB")]
        return result
    with engine.connect() as conn:
        existing = {row[0]: tuple(row[1:]) for row in conn.execute(
            select(_UNIT.c.code, *[_UNIT.c[f] for f in VALUE_FIELDS]))}
    records, problems = check_units(name, raw, known=set(existing))
    result.rows = len(records)
    if problems:
        result.problems = problems
        return result
    inserts = [r for r in records if r.code not in existing]
    updates = [r for r in records if r.code in existing and existing[r.code] != r.values]
    result.inserted, result.updated = len(inserts), len(updates)
    result.unchanged = len(records) - len(inserts) - len(updates)
    if dry_run:
        result.status = "dry_run"
        return result
    try:
        with engine.begin() as conn:
            lock_writers(conn)
            log_id = inserted_id(conn.execute(insert(_LOG).values(
                action="import", kind="org_units", created_at=datetime.now(UTC), user_name=user, filename=name,
                sha256=sha, rows_in_file=len(records), inserted=len(inserts), updated=len(updates),
                unchanged=result.unchanged, status="imported",
            )))
            for r in _parents_first(inserts):
                conn.execute(insert(_UNIT).values(code=r.code, **dict(zip(VALUE_FIELDS, r.values, strict=True))))
            for r in updates:
                conn.execute(update(_UNIT).where(_UNIT.c.code == r.code).values(**dict(zip(VALUE_FIELDS, r.values, strict=True))))
            changes = [dict(import_id=log_id, code=r.code, action="insert") for r in inserts] + [
                dict(import_id=log_id, code=r.code, action="update",
                     **{f"old_{f}": v for f, v in zip(VALUE_FIELDS, existing[r.code], strict=True)})
                for r in updates
            ]
            for change in changes:
                conn.execute(insert(_CHANGE).values(**change))
            if inserts or updates:
                set_data_version(conn, f"units-{log_id}-{sha[:16]}", date.today())
    except DBAPIError as err:
        result.status = "failed"
        result.problems = [Problem(name, None, None, f"Databasen afviste skrivningen, og intet er gemt ({str(err.orig)[:200]}).")]
        return result
    result.status, result.import_id = "imported", log_id
    return result


def undo_unit_changes(conn: Connection, import_id: int) -> tuple[int, int]:
    """Undo one units import inside the caller's transaction: (deleted, restored). Raises
    RollbackBlocked when a later units import changed some of the same units. A unit that data now
    refer to cannot be deleted: the database refuses, and the caller's transaction is undone."""
    refuse_if_changed_later(conn, _CHANGE, "code", import_id)
    changes = conn.execute(select(_CHANGE).where(_CHANGE.c.import_id == import_id)).mappings().all()
    updated = [c for c in changes if c["action"] == "update"]
    for c in updated:
        conn.execute(update(_UNIT).where(_UNIT.c.code == c["code"]).values(
            **{f: c[f"old_{f}"] for f in VALUE_FIELDS}))
    inserted = [c["code"] for c in changes if c["action"] == "insert"]
    # children before parents
    depth = {code: 0 for code in inserted}
    parents = dict(conn.execute(select(_UNIT.c.code, _UNIT.c.parent_code).where(_UNIT.c.code.in_(inserted))).all())
    for code in inserted:
        node, d = parents.get(code), 0
        while node in parents:
            d, node = d + 1, parents[node]
        depth[code] = d
    for code in sorted(inserted, key=lambda c: -depth[c]):
        conn.execute(_UNIT.delete().where(_UNIT.c.code == code))
    return len(inserted), len(updated)
