"""One home for the characters that start a spreadsheet formula: the importers refuse them in input,
and every file written neutralises them (data_access.text_safety)."""

from __future__ import annotations

import csv
import io
from datetime import date

import polars as pl
import pytest
import xlsxwriter

import data_access.import_parsing as import_parsing
from data_access import text_safety
from data_access.import_format_writer import format_file
from data_access.import_parsing import COLUMNS, parse_file
from data_access.import_validation import Record
from data_access.text_safety import FORMULA_START, is_formula_like, neutralise, neutralise_frame

STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")


def test_the_one_set_of_starts_is_shared_by_import_and_export():
    assert set(FORMULA_START) == set(STARTS)
    assert import_parsing.FORMULA_START is text_safety.FORMULA_START
    assert import_parsing.is_formula_like is text_safety.is_formula_like


@pytest.mark.parametrize("start", STARTS, ids=[f"{ord(s):02x}" for s in STARTS])
def test_neutralise_prefixes_an_apostrophe(start):
    assert is_formula_like(start + "1+1")
    assert neutralise(start + "1+1") == "'" + start + "1+1"
    assert neutralise("'" + start + "1") == "'" + start + "1"  # already safe: no second apostrophe


def test_neutralise_leaves_plain_text_none_and_empty():
    assert neutralise("Nørrebro") == "Nørrebro" and neutralise("a=b") == "a=b"
    assert neutralise(None) is None and neutralise("") == ""
    assert not is_formula_like(None) and not is_formula_like("")


def test_neutralise_frame_touches_text_and_names_never_numbers():
    frame = pl.DataFrame({
        "=navn": ["=a", "\x00b", None, "ok"], "tal": [-3.5, 1.0, None, 2.0], "heltal": [-1, 2, 3, 4],
        "kategori": pl.Series(["@x", "y", "z", "-w"]).cast(pl.Categorical),
    })
    safe = neutralise_frame(frame)
    assert safe.columns == ["'=navn", "tal", "heltal", "kategori"]
    assert safe["'=navn"].to_list() == ["'=a", "'\x00b", None, "ok"]
    assert safe["kategori"].to_list() == ["'@x", "y", "z", "'-w"]
    assert safe["tal"].dtype == pl.Float64 and safe["tal"].to_list() == [-3.5, 1.0, None, 2.0]
    assert safe["heltal"].to_list() == [-1, 2, 3, 4]


def _xlsx_import(note: str) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    for col, name in enumerate(COLUMNS):
        sheet.write_string(0, col, name)
    for col, text in {0: "S04", 1: "2025", 2: "3", 9: "offentliggjort", 10: "BUF", 11: note}.items():
        sheet.write_string(1, col, text)
    for col, number in {5: 120, 6: 200, 8: 200}.items():
        sheet.write_number(1, col, number)
    book.close()
    return buffer.getvalue()


def test_an_xlsx_note_that_starts_with_nul_is_refused_with_a_danish_message():
    parsed = parse_file(_xlsx_import("\x00=1+1"), filename="data.xlsx")
    assert [p.column for p in parsed.errors] == ["note"]
    message = str(parsed.errors[0])
    assert "styretegn (NUL-tegn)" in message and "sikkerhedshensyn" in message
    assert parsed.rows[0].note is None


@pytest.mark.parametrize("note", ["Opgjort\x00af BIF", "Opgjort af BIF\x07", "Opgjort\x1baf BIF"], ids=["nul", "bell", "escape"])
def test_a_control_character_inside_text_is_refused_not_sent_to_the_database(note):
    # PostgreSQL cannot store NUL at all; no label needs the other control characters.
    parsed = parse_file(_xlsx_import(note), filename="data.xlsx")
    assert [p.column for p in parsed.errors] == ["note"]
    assert "styretegn" in str(parsed.errors[0]) and "på plads" in str(parsed.errors[0])


def test_a_plain_xlsx_note_is_accepted():
    parsed = parse_file(_xlsx_import("Opgjort af BIF"), filename="data.xlsx")
    assert parsed.errors == [] and parsed.rows[0].note == "Opgjort af BIF"


@pytest.mark.parametrize("start", STARTS, ids=[f"{ord(s):02x}" for s in STARTS])
def test_the_import_format_export_neutralises_stored_text(start):
    """Text already in the database (e.g. stored before the importer refused NUL) is neutralised on the way out."""
    record = Record("S04", date(2025, 1, 1), 3, None, None, 120.0, 200.0, None, 200, "published",
                    source=start + "kilde", note=start + "note")
    rows = list(csv.reader(io.StringIO(format_file([record]).decode("utf-8-sig")), delimiter=";"))
    assert rows[1][10:12] == ["'" + start + "kilde", "'" + start + "note"]
    assert all(not cell.startswith(STARTS) for cell in rows[1])
