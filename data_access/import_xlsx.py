"""A small, strict reader of the first worksheet of an XLSX file, for the importer.

Why not a general reader: the importer must know, per cell, what Excel stored — a number, a text, a
date, a percentage, an error (#DIV/0!) or a *formula* — and the spreadsheet row number, so that a
problem can be reported as "række 7, kolonne F". The file is read with the standard library
(zipfile + a streaming XML parser), with limits against zip bombs; nothing is evaluated.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from xml.etree import ElementTree as ET

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes of XML a workbook may unpack to
MAX_MEMBERS = 10_000


class XlsxError(ValueError):
    """The file is not a readable XLSX workbook (the message is Danish, for the user)."""


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula; `text` is the formula (without "="), `cached` its last value."""

    text: str
    cached: object = None


@dataclass(frozen=True)
class CellError:
    """A cell that holds an Excel error value such as #DIV/0! or #N/A."""

    code: str


@dataclass(frozen=True)
class Percent:
    """A number shown as a percentage in Excel: `value` is what Excel stores (0.375 for 37,5 %)."""

    value: float


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """OOXML writes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x)."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _col_index(ref: str) -> int:
    """0-based column index of a cell reference such as "AB12"."""
    letters = re.match(r"[A-Za-z]+", ref)
    if not letters:
        raise XlsxError(f"Ugyldig cellereference {ref!r} i regnearket.")
    index = 0
    for ch in letters.group(0).upper():
        index = index * 26 + (ord(ch) - 64)
    return index - 1


_BUILTIN_DATE_FORMATS = set(range(14, 23)) | {27, 30, 36, 45, 46, 47, 50, 57}
_BUILTIN_PERCENT_FORMATS = {9, 10}


def _format_kind(code: str) -> str | None:
    """'date', 'percent' or None for a custom number format code."""
    stripped = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)  # drop quoted text, escapes, [colours]
    if "%" in stripped:
        return "percent"
    if re.search(r"[dmyDMYhHsS]", stripped.replace("General", "")):
        return "date"
    return None


class _Workbook:
    def __init__(self, data: bytes) -> None:
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise XlsxError("Filen ligner en XLSX-fil, men kan ikke åbnes (ødelagt ZIP-arkiv).") from None
        infos = self.zf.infolist()
        if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
            raise XlsxError("XLSX-filen pakker ud til mere end 200 MB og afvises.")
        self.names = {i.filename for i in infos}
        if "xl/workbook.xml" not in self.names:
            raise XlsxError("Filen er en ZIP-fil, men ikke en Excel-projektmappe (XLSX).")

    def xml(self, name: str) -> ET.Element:
        try:
            with self.zf.open(name) as fh:
                return ET.parse(fh).getroot()
        except (ET.ParseError, KeyError, zipfile.BadZipFile, OSError) as err:
            raise XlsxError(f"XLSX-filen er ødelagt ({name}: {err}).") from None

    def first_sheet(self) -> tuple[str, bool]:
        """Path of the first worksheet and whether the workbook uses the 1904 date system."""
        wb = self.xml("xl/workbook.xml")
        date1904 = False
        first_rid = None
        for el in wb.iter():
            tag = _local(el.tag)
            if tag == "workbookPr":
                date1904 = el.get("date1904", "0") in ("1", "true")
            elif tag == "sheet" and first_rid is None:
                first_rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
        if first_rid is None:
            raise XlsxError("XLSX-filen har ingen regneark.")
        target = None
        if "xl/_rels/workbook.xml.rels" in self.names:
            for rel in self.xml("xl/_rels/workbook.xml.rels").iter():
                if _local(rel.tag) == "Relationship" and rel.get("Id") == first_rid:
                    target = rel.get("Target")
        if target is None:
            raise XlsxError("XLSX-filens første regneark kan ikke findes.")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if path not in self.names:
            raise XlsxError("XLSX-filens første regneark kan ikke findes.")
        return path, date1904

    def shared_strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.names:
            return []
        out = []
        for si in self.xml("xl/sharedStrings.xml"):
            if _local(si.tag) != "si":
                continue
            parts = []
            for el in si.iter():
                if _local(el.tag) == "rPh":  # phonetic guides are not part of the text
                    el.clear()
                if _local(el.tag) == "t" and el.text:
                    parts.append(el.text)
            out.append(_unescape("".join(parts)))
        return out

    def style_kinds(self) -> list[str | None]:
        """Per cell style index (the s attribute): 'date', 'percent' or None."""
        if "xl/styles.xml" not in self.names:
            return []
        root = self.xml("xl/styles.xml")
        custom: dict[int, str] = {}
        kinds: list[str | None] = []
        for el in root:
            if _local(el.tag) == "numFmts":
                for fmt in el:
                    try:
                        custom[int(fmt.get("numFmtId", "-1"))] = fmt.get("formatCode", "")
                    except ValueError:
                        continue
            elif _local(el.tag) == "cellXfs":
                for xf in el:
                    try:
                        fid = int(xf.get("numFmtId", "0"))
                    except ValueError:
                        fid = 0
                    if fid in custom:
                        kinds.append(_format_kind(custom[fid]))
                    elif fid in _BUILTIN_DATE_FORMATS:
                        kinds.append("date")
                    elif fid in _BUILTIN_PERCENT_FORMATS:
                        kinds.append("percent")
                    else:
                        kinds.append(None)
        return kinds


def _excel_date(serial: float, date1904: bool) -> date | datetime:
    base = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
    moment = base + timedelta(days=serial)
    return moment.date() if moment.time() == datetime.min.time() else moment


def read_xlsx_rows(data: bytes) -> Iterator[tuple[int, dict[int, object]]]:
    """Yield (spreadsheet row number, {0-based column: value}) for each non-empty row of the first sheet.

    A value is a str, float, bool, date/datetime (date-formatted numbers), Percent, CellError or
    Formula. Raises XlsxError (Danish message) when the workbook cannot be read.
    """
    book = _Workbook(data)
    sheet, date1904 = book.first_sheet()
    strings = book.shared_strings()
    kinds = book.style_kinds()
    last_row = 0
    try:
        with book.zf.open(sheet) as fh:
            for _event, el in ET.iterparse(fh, events=("end",)):
                if _local(el.tag) != "row":
                    continue
                number = int(el.get("r") or last_row + 1)
                last_row = number
                cells: dict[int, object] = {}
                next_col = 0
                for c in el:
                    if _local(c.tag) != "c":
                        continue
                    ref = c.get("r")
                    col = _col_index(ref) if ref else next_col
                    next_col = col + 1
                    value = _cell_value(c, strings, kinds, date1904)
                    if value is not None and value != "":
                        cells[col] = value
                el.clear()
                if cells:
                    yield number, cells
    except ET.ParseError as err:
        raise XlsxError(f"XLSX-filens regneark er ødelagt ({err}).") from None


def _cell_value(c: ET.Element, strings: list[str], kinds: list[str | None], date1904: bool) -> object:
    kind = c.get("t", "n")
    formula = None
    raw = None
    inline = []
    for child in c:
        tag = _local(child.tag)
        if tag == "f":
            formula = child.text or ""
        elif tag == "v":
            raw = child.text
        elif tag == "is":
            inline.extend(t.text or "" for t in child.iter() if _local(t.tag) == "t")
    if kind == "s":
        try:
            value: object = strings[int(raw)] if raw is not None else None
        except (ValueError, IndexError):
            raise XlsxError("XLSX-filen henviser til en tekst, der ikke findes.") from None
    elif kind == "inlineStr":
        value = _unescape("".join(inline))
    elif kind == "str":
        value = raw or ""
    elif kind == "b":
        value = raw == "1"
    elif kind == "e":
        value = CellError(raw or "#FEJL")
    elif kind == "d":  # an ISO 8601 date (strict OOXML)
        try:
            moment = datetime.fromisoformat(raw or "")
            value = moment.date() if moment.time() == datetime.min.time() else moment
        except ValueError:
            value = raw
    else:
        if raw is None or raw == "":
            value = None
        else:
            try:
                number = float(raw)
            except ValueError:
                raise XlsxError(f"XLSX-filen har et ugyldigt tal ({raw!r}).") from None
            style = c.get("s")
            style_kind = kinds[int(style)] if style and style.isdigit() and int(style) < len(kinds) else None
            if style_kind == "date" and 0 <= number < 2_958_466:  # Excel's last date is 9999-12-31
                value = _excel_date(number, date1904)
            elif style_kind == "percent":
                value = Percent(number)
            else:
                value = number
    if formula is not None:
        return Formula(formula, value)
    return value
