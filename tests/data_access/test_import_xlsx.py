"""Hostile and damaged XLSX files (data_access.import_xlsx): zip bombs are refused before they are
unpacked (and memory stays low), a damaged archive gets a Danish message naming the file and part, and
nothing reaches the database. The files are built here, in memory. (A CSV mixing encodings is in
test_import_parsing.py.)"""

from __future__ import annotations

import io
import random
import struct
import tracemalloc
import zipfile
from datetime import date, datetime

import polars as pl
import pytest
import xlsxwriter

from data_access import import_xlsx
from data_access.db import create_db_engine
from data_access.import_parsing import parse_file
from data_access.importer import import_file
from tests.data_access.import_cases.helpers import small_database, snapshot

MB = 1024 * 1024


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = create_db_engine(f"sqlite:///{tmp_path_factory.mktemp('limits') / 'small.sqlite'}")
    small_database(engine)
    yield engine
    engine.dispose()


def _refused(engine, data: bytes, filename: str) -> list[str]:
    """Import `data`; assert it is rejected and the database is exactly as before; the messages."""
    before = snapshot(engine)
    result = import_file(engine=engine, data=data, filename=filename, user="test")
    assert result.status == "rejected" and result.import_id is None
    assert snapshot(engine) == before
    return [str(p) for p in result.problems]


# ------------------------------------------------------------------------------------------ XLSX


def _workbook() -> bytes:
    """A tiny valid workbook (one S05 row), as polars/xlsxwriter writes it."""
    buf = io.BytesIO()
    pl.DataFrame({"indikator": ["S05"], "periode": ["2024"], "maalgruppe": ["Børn og unge"], "vaerdi": [96.4],
                  "grundlag": [118], "proveniens": ["intern"]}).write_excel(buf)
    return buf.getvalue()


def _rewrite(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The workbook with some parts replaced, every part deflated."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, replace.get(info.filename, src.read(info)), compresslevel=9)
    return out.getvalue()


def _shared_strings(*texts: bytes) -> bytes:
    items = b"".join(b"<si><t>" + text + b"</t></si>" for text in texts)
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org'
            b'/spreadsheetml/2006/main">' + items + b"</sst>")


def _sheet(rows: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData></worksheet>")


def _patch(data: bytes, name: str, *, crc: int | None = None, size: int | None = None) -> bytes:
    """Overwrite the CRC-32 or the uncompressed size a member declares, in its local and central headers."""
    out = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    central = data.index(b"PK\x01\x02")
    while True:  # find this member's central directory entry
        (name_len,) = struct.unpack("<H", data[central + 28:central + 30])
        extra_len, comment_len = struct.unpack("<HH", data[central + 30:central + 34])
        if data[central + 46:central + 46 + name_len] == name.encode():
            break
        central = data.index(b"PK\x01\x02", central + 46 + name_len + extra_len + comment_len)
    for header, crc_at, size_at in ((info.header_offset, 14, 22), (central, 16, 24)):
        if crc is not None:
            out[header + crc_at:header + crc_at + 4] = struct.pack("<I", crc)
        if size is not None:
            out[header + size_at:header + size_at + 4] = struct.pack("<I", size)
    return bytes(out)


def _peak(function):
    """(result, peak memory in bytes while it ran)."""
    tracemalloc.start()
    try:
        result = function()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_tiny_workbook_reads():
    parsed = parse_file(_workbook(), filename="lille.xlsx")
    assert not parsed.errors and [r.group for r in parsed.rows] == ["Børn og unge"]


def test_a_shared_strings_bomb_is_refused_before_it_is_unpacked(engine):
    bomb = _rewrite(_workbook(), {"xl/sharedStrings.xml": _shared_strings(b"a" * (190 * MB))})
    assert len(bomb) < MB // 2  # half a megabyte that would unpack to 190 MB
    parsed, peak = _peak(lambda: parse_file(bomb, filename="bombe.xlsx"))
    assert peak < 20 * MB, f"{peak / MB:.0f} MB"
    assert [str(p) for p in parsed.errors] == [
        "bombe.xlsx: XLSX-filens tekstliste (xl/sharedStrings.xml) fylder 190,0 MB udpakket; højst 32 MB modtages. "
        "Del filen op, eller gem den som CSV. Forventet: en .xlsx-fil gemt fra Excel, eller en CSV-fil."]
    assert _refused(engine, bomb, "bombe.xlsx") == [str(p) for p in parsed.errors]


def test_many_small_shared_strings_are_refused_too():
    # many tiny texts cost far more memory than their bytes; the declared size is refused the same way
    bomb = _rewrite(_workbook(), {"xl/sharedStrings.xml": _shared_strings(*[b"a"] * (3 * MB))})
    parsed, peak = _peak(lambda: parse_file(bomb, filename="mange.xlsx"))
    assert peak < 20 * MB
    assert "XLSX-filens tekstliste (xl/sharedStrings.xml) fylder 51,0 MB udpakket; højst 32 MB" in str(parsed.errors[0])


@pytest.mark.parametrize(("part", "words"), [
    ("xl/sharedStrings.xml", "tekstliste (xl/sharedStrings.xml)"),
    ("xl/worksheets/sheet1.xml", "regneark (xl/worksheets/sheet1.xml)"),
    ("xl/styles.xml", "del xl/styles.xml"),
])
def test_a_part_packed_far_tighter_than_a_spreadsheet_is_refused(part, words):
    content = {"xl/sharedStrings.xml": _shared_strings(b"a" * (20 * MB)),
               "xl/worksheets/sheet1.xml": _sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"a" * (20 * MB)
                                                  + b"</t></is></c></row>"),
               "xl/styles.xml": b"<styleSheet>" + b" " * (5 * MB) + b"</styleSheet>"}[part]
    bomb = _rewrite(_workbook(), {part: content})
    parsed, peak = _peak(lambda: parse_file(bomb, filename="tæt.xlsx"))
    assert peak < 20 * MB
    (problem,) = parsed.errors
    assert str(problem).startswith(f"tæt.xlsx: XLSX-filens {words} pakker ud til ")
    assert "gange sin størrelse i filen" in str(problem) and "så filen afvises som en mulig ZIP-bombe" in str(problem)


def test_a_declared_size_that_lies_does_not_unpack_more(engine):
    # the archive claims 1.000 bytes, the data unpacks to 50 MB: reading stops at the claim and fails the CRC
    bomb = _rewrite(_workbook(), {"xl/sharedStrings.xml": _shared_strings(b"a" * (50 * MB))})
    bomb = _patch(bomb, "xl/sharedStrings.xml", size=1000)
    parsed, peak = _peak(lambda: parse_file(bomb, filename="løgn.xlsx"))
    assert peak < 20 * MB
    assert [str(p) for p in parsed.errors] == [
        "løgn.xlsx: XLSX-filen er ødelagt og kan ikke læses: xl/sharedStrings.xml kan ikke pakkes ud "
        "(kontrolsummen passer ikke). Gem filen igen fra Excel. Forventet: en .xlsx-fil gemt fra Excel, eller en CSV-fil."]
    _refused(engine, bomb, "løgn.xlsx")


def test_unpacked_bytes_are_counted_against_the_cap_whatever_was_declared():
    part = import_xlsx._Part(io.BytesIO(b"x" * 100), "xl/sharedStrings.xml", 64, "tekstliste (xl/sharedStrings.xml)")
    assert part.read(64) == b"x" * 64
    with pytest.raises(import_xlsx.XlsxError, match="fylder mere end 0 MB udpakket og afvises"):
        part.read(64)


def test_one_text_longer_than_excel_allows_is_refused_without_holding_it():
    text = random.Random(1).randbytes(3 * MB // 2).hex().encode()  # 3 MB that does not pack: no ratio refusal
    bomb = _rewrite(_workbook(), {"xl/sharedStrings.xml": _shared_strings(text)})
    parsed, peak = _peak(lambda: parse_file(bomb, filename="lang.xlsx"))
    assert peak < 20 * MB
    assert str(parsed.errors[0]).startswith(
        "lang.xlsx: XLSX-filens tekstliste (xl/sharedStrings.xml) har en tekst på mere end 1 MB; "
        "en celle i Excel rummer højst 32.767 tegn. Filen afvises.")


def test_a_row_with_too_many_parts_is_refused():
    bomb = _rewrite(_workbook(), {"xl/worksheets/sheet1.xml": _sheet(b'<row r="1">' + b"<c/>" * 200_000 + b"</row>")})
    parsed = parse_file(bomb, filename="bred.xlsx")
    assert str(parsed.errors[0]).startswith("bred.xlsx: XLSX-filens regneark (xl/worksheets/sheet1.xml) har en "
                                            "række eller tekst med mere end 100.000 dele og afvises.")


def test_a_row_holding_more_text_than_an_import_row_could_is_refused():
    rng = random.Random(2)
    cell = b'<c t="inlineStr"><is><t>' + rng.randbytes(300_000).hex().encode() + b"</t></is></c>"
    bomb = _rewrite(_workbook(), {"xl/worksheets/sheet1.xml": _sheet(b'<row r="1">' + cell * 20 + b"</row>")})
    parsed, peak = _peak(lambda: parse_file(bomb, filename="tung.xlsx"))
    assert peak < 40 * MB
    assert str(parsed.errors[0]).startswith("tung.xlsx: XLSX-filens regneark (xl/worksheets/sheet1.xml) har en "
                                            "række eller tekst på mere end 8 MB og afvises.")


def test_a_document_type_is_refused():
    entities = b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    sst = _shared_strings(b"&b;").replace(b"\n<sst", b"\n" + entities + b"<sst")
    parsed = parse_file(_rewrite(_workbook(), {"xl/sharedStrings.xml": sst}), filename="dtd.xlsx")
    assert str(parsed.errors[0]).startswith("dtd.xlsx: XLSX-filens tekstliste (xl/sharedStrings.xml) har en "
                                            "dokumenttype (<!DOCTYPE>), som Excel aldrig skriver, og afvises.")


@pytest.mark.parametrize(("row", "message"), [
    (b'<row r="1"><c r="XFE1"><v>1</v></c></row>', "Ugyldig cellereference 'XFE1' i regnearket (Excel har kolonnerne A–XFD)."),
    (b'<row r="1"><c r="AAAAAAAAAAAA1"><v>1</v></c></row>', "Ugyldig cellereference 'AAAAAAAAAAAA1'"),
    (b'<row r="x"><c r="A1"><v>1</v></c></row>', "XLSX-filens regneark har et ugyldigt rækkenummer ('x')."),
    (b'<row r="0"><c r="A1"><v>1</v></c></row>', "XLSX-filens regneark har et ugyldigt rækkenummer ('0')."),
])
def test_impossible_cell_references_are_refused(row, message):
    parsed = parse_file(_rewrite(_workbook(), {"xl/worksheets/sheet1.xml": _sheet(row)}), filename="ref.xlsx")
    assert str(parsed.errors[0]).startswith(f"ref.xlsx: {message}")


def test_a_bad_crc_gives_a_danish_message_naming_the_file(engine):
    data = _workbook()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    bad = _patch(data, "xl/worksheets/sheet1.xml", crc=info.CRC ^ 0xFFFF)
    parsed = parse_file(bad, filename="ødelagt.xlsx")
    assert [str(p) for p in parsed.errors] == [
        "ødelagt.xlsx: XLSX-filen er ødelagt og kan ikke læses: xl/worksheets/sheet1.xml kan ikke pakkes ud "
        "(kontrolsummen passer ikke). Gem filen igen fra Excel. Forventet: en .xlsx-fil gemt fra Excel, eller en CSV-fil."]
    _refused(engine, bad, "ødelagt.xlsx")


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"])
def test_a_flipped_byte_in_deflated_data_gives_a_danish_message(member):
    data = _workbook()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    bad = bytearray(data)
    bad[start + info.compress_size // 2] ^= 0xFF
    parsed = parse_file(bytes(bad), filename="vendt.xlsx")
    (problem,) = parsed.errors
    assert str(problem).startswith(f"vendt.xlsx: XLSX-filen er ødelagt og kan ikke læses: {member} ")


def test_no_damaged_byte_anywhere_gives_a_traceback():
    data = _workbook()
    for position in range(0, len(data), 3):
        bad = bytearray(data)
        bad[position] ^= 0x5A
        parsed = parse_file(bytes(bad), filename="støj.xlsx")  # must not raise
        assert all(p.message and p.file == "støj.xlsx" for p in parsed.errors)


def test_cells_are_read_with_their_kind():
    """read_xlsx_rows: text, a date-formatted number as a date, a percent cell as what Excel stores, a
    formula with its cached value; empty rows are skipped and rows keep their spreadsheet number."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["indikator", "periode", "vaerdi"])
    sheet.write_string(1, 0, "S05")
    sheet.write_datetime(1, 1, datetime(2024, 4, 1), book.add_format({"num_format": "dd-mm-yyyy"}))
    sheet.write_number(1, 2, 0.375, book.add_format({"num_format": "0.0%"}))
    sheet.write_boolean(3, 0, True)
    sheet.write_formula(3, 2, "=C2*2", None, 0.75)
    book.close()
    assert list(import_xlsx.read_xlsx_rows(buf.getvalue())) == [
        (1, {0: "indikator", 1: "periode", 2: "vaerdi"}),
        (2, {0: "S05", 1: date(2024, 4, 1), 2: import_xlsx.Percent(0.375)}),
        (4, {0: True, 2: import_xlsx.Formula("C2*2", 0.75)}),
    ]


def test_something_that_is_not_a_workbook_raises_a_danish_error():
    with pytest.raises(import_xlsx.XlsxError, match=r"^Filen ligner en XLSX-fil, men kan ikke åbnes \(ødelagt ZIP-arkiv\)\.$"):
        list(import_xlsx.read_xlsx_rows(b"PK\x03\x04 not really"))
