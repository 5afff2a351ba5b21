"""A small, strict reader of the first worksheet of an XLSX file, for the importer.

Why not a general reader: the importer must know, per cell, what Excel stored — a number, a text, a
date, a percentage, an error (#DIV/0!) or a *formula* — and the spreadsheet row number, so that a
problem can be reported as "række 7, kolonne F". The file is read with the standard library
(zipfile + a streaming XML parser); nothing is evaluated.

Limits against zip bombs (a 0,5 MB file can unpack to gigabytes): before a part is read, its declared
size and compression ratio are checked; while it is read, the bytes actually unpacked are counted
(a declared size can lie), and the XML is parsed as a stream in which every element is dropped as
soon as it has been used, so memory holds one row (or one shared text) at a time, plus the shared
texts themselves. Any damage to the archive (a bad CRC, broken compressed data) is an XlsxError with a
Danish message, never a traceback.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO, cast
from xml.etree import ElementTree as ET

MB = 1024 * 1024
MAX_UNCOMPRESSED = 200 * MB  # all parts of a workbook together, as the archive declares them
MAX_SHEET = 200 * MB  # the first worksheet, unpacked (read row by row; 200.000 rows take ~70 MB)
MAX_SHARED_STRINGS = 32 * MB  # xl/sharedStrings.xml, unpacked (its texts stay in memory while the sheet is read)
MAX_OTHER_PART = 8 * MB  # workbook.xml, its relationships and styles.xml (a few kB in practice)
MAX_RATIO = 100  # unpacked : packed size of a part; spreadsheets pack 2–20 times, zip bombs 1.000 times
RATIO_FROM = 1 * MB  # parts smaller than this unpacked may pack as tightly as they like
MAX_MEMBERS = 10_000
MAX_TEXT_BYTES = 1 * MB  # XML between two tags (one text): Excel keeps at most 32.767 characters in a cell
MAX_RECORD_ELEMENTS = 100_000  # XML elements in one row or one shared text
MAX_RECORD_BYTES = 8 * MB  # XML of one row or one shared text (an import row is a few kB)
MAX_COLUMNS = 16_384  # Excel's columns (A–XFD) and rows
MAX_SHEET_ROWS = 1_048_576
_READ = 64 * 1024


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
    for ch in letters.group(0).upper()[:4]:
        index = index * 26 + (ord(ch) - 64)
    if len(letters.group(0)) > 3 or index > MAX_COLUMNS:
        raise XlsxError(f"Ugyldig cellereference {ref[:20]!r} i regnearket (Excel har kolonnerne A–XFD).")
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


def _mb(size: int) -> str:
    if size < MB:
        return f"{max(size // 1024, 1)} kB"
    return f"{size / MB:.1f}".replace(".", ",") + " MB"


def _part_words(name: str, sheet: str | None) -> str:
    """How a message names a part of the workbook."""
    if name == "xl/sharedStrings.xml":
        return f"tekstliste ({name})"
    if name == sheet:
        return f"regneark ({name})"
    return f"del {name}"


def _damaged(name: str, err: BaseException) -> XlsxError:
    """The Danish message for a part that cannot be unpacked."""
    text = str(err)
    if "CRC" in text:
        why = "kontrolsummen passer ikke"
    elif isinstance(err, zlib.error):
        why = "de pakkede data er ugyldige"
    elif isinstance(err, EOFError) or "truncated" in text.lower():
        why = "filen slutter for tidligt"
    elif isinstance(err, NotImplementedError):
        why = "den er pakket med en metode, der ikke understøttes"
    elif isinstance(err, RuntimeError) and "encrypted" in text:
        why = "den er krypteret"
    else:
        why = "ZIP-arkivet er ødelagt"
    return XlsxError(f"XLSX-filen er ødelagt og kan ikke læses: {name} kan ikke pakkes ud ({why}). "
                     "Gem filen igen fra Excel.")


_UNPACK_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError,
                  ValueError)


class _Part:
    """A part of the archive being unpacked, with the unpacked bytes counted against a cap."""

    def __init__(self, fh: IO[bytes], name: str, cap: int, words: str) -> None:
        self.fh, self.name, self.cap, self.words = fh, name, cap, words
        self.count = 0

    def read(self, size: int = _READ) -> bytes:
        try:
            data = self.fh.read(size)
        except _UNPACK_ERRORS as err:
            raise _damaged(self.name, err) from None
        self.count += len(data)
        if self.count > self.cap:
            raise XlsxError(f"XLSX-filens {self.words} fylder mere end {self.cap // MB} MB udpakket og afvises. "
                            "Del filen op, eller gem den som CSV.")
        return data


class _Workbook:
    def __init__(self, data: bytes) -> None:
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except _UNPACK_ERRORS:
            raise XlsxError("Filen ligner en XLSX-fil, men kan ikke åbnes (ødelagt ZIP-arkiv).") from None
        if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
            raise XlsxError("XLSX-filen pakker ud til mere end 200 MB og afvises.")
        self.names = {i.filename for i in infos}
        if "xl/workbook.xml" not in self.names:
            raise XlsxError("Filen er en ZIP-fil, men ikke en Excel-projektmappe (XLSX).")
        self.sheet: str | None = None

    def _open(self, name: str, cap: int) -> _Part:
        """The part `name`, refused before anything is unpacked when it declares too much."""
        words = _part_words(name, self.sheet)
        info = self.zf.getinfo(name)
        if info.file_size > cap:
            raise XlsxError(f"XLSX-filens {words} fylder {_mb(info.file_size)} udpakket; højst {cap // MB} MB "
                            "modtages. Del filen op, eller gem den som CSV.")
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = f"{info.file_size / max(info.compress_size, 1):,.0f}".replace(",", ".")
            raise XlsxError(f"XLSX-filens {words} pakker ud til {ratio} gange sin størrelse i filen "
                            f"({_mb(info.compress_size)} bliver til {_mb(info.file_size)}); et regneark pakker "
                            f"normalt ud til under {MAX_RATIO // 5} gange, så filen afvises som en mulig ZIP-bombe. "
                            "Gem filen igen fra Excel, eller gem den som CSV.")
        try:
            return _Part(self.zf.open(info), name, cap, words)
        except _UNPACK_ERRORS as err:
            raise _damaged(name, err) from None

    def records(self, name: str, cap: int, tags: set[str]) -> Iterator[tuple[ET.Element, str]]:
        """(element, its parent's local name) for each element named in `tags`, at its end, with its subtree.

        The part is parsed as a stream: every element is removed from the tree once it (or the record
        around it) has ended, so memory holds one record and its ancestors, whatever the part's size.
        """
        part = self._open(name, cap)
        parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
        stack: list[ET.Element] = []
        record: ET.Element | None = None
        elements = record_start = 0
        quiet = 0  # bytes read since the last tag: the text the parser is collecting
        tail = b""
        try:
            while True:
                chunk = part.read(_READ)
                if b"<!DOCTYPE" in tail + chunk[:16] or b"<!DOCTYPE" in chunk:
                    # OOXML has no document types; their entities could unpack a small part into a large text
                    raise XlsxError(f"XLSX-filens {part.words} har en dokumenttype (<!DOCTYPE>), som Excel aldrig "
                                    "skriver, og afvises.")
                tail = chunk[-16:]
                if chunk:
                    parser.feed(chunk)
                else:
                    parser.close()
                seen = False
                # typeshed's read_events() also allows the namespace events' shapes; only start/end were asked for
                events = cast(Iterator[tuple[str, ET.Element]], parser.read_events())
                for event, el in events:
                    seen = True
                    if record is not None:  # inside a record: its elements are kept until it ends
                        if event == "start":
                            elements += 1
                            if elements > MAX_RECORD_ELEMENTS:
                                raise XlsxError(f"XLSX-filens {part.words} har en række eller tekst med mere end "
                                                f"{MAX_RECORD_ELEMENTS:,} dele og afvises.".replace(",", "."))
                        elif el is record:
                            record = None
                            yield el, _local(stack[-1].tag) if stack else ""
                            if stack:
                                stack[-1].remove(el)
                    elif event == "start":
                        if _local(el.tag) in tags:
                            record, elements, record_start = el, 0, part.count
                        else:
                            stack.append(el)
                    else:
                        stack.pop()
                        if stack:  # the parent's only child: the earlier ones went the same way
                            stack[-1].remove(el)
                if record is not None and part.count - record_start > MAX_RECORD_BYTES:
                    raise XlsxError(f"XLSX-filens {part.words} har en række eller tekst på mere end "
                                    f"{MAX_RECORD_BYTES // MB} MB og afvises.")
                quiet = 0 if seen else quiet + len(chunk)
                if quiet > MAX_TEXT_BYTES:
                    raise XlsxError(f"XLSX-filens {part.words} har en tekst på mere end {MAX_TEXT_BYTES // MB} MB; "
                                    "en celle i Excel rummer højst 32.767 tegn. Filen afvises.")
                if not chunk:
                    return
        except ET.ParseError as err:
            line, column = getattr(err, "position", (None, None))
            raise XlsxError(f"XLSX-filen er ødelagt og kan ikke læses: {name} er ikke gyldig XML "
                            f"(linje {line}, kolonne {column}). Gem filen igen fra Excel.") from None
        finally:
            part.fh.close()

    def first_sheet(self) -> tuple[str, bool]:
        """Path of the first worksheet and whether the workbook uses the 1904 date system."""
        date1904 = False
        first_rid = None
        for el, _parent in self.records("xl/workbook.xml", MAX_OTHER_PART, {"workbookPr", "sheet"}):
            if _local(el.tag) == "workbookPr":
                date1904 = el.get("date1904", "0") in ("1", "true")
            elif first_rid is None:
                first_rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
        if first_rid is None:
            raise XlsxError("XLSX-filen har ingen regneark.")
        target = None
        if "xl/_rels/workbook.xml.rels" in self.names:
            for rel, _parent in self.records("xl/_rels/workbook.xml.rels", MAX_OTHER_PART, {"Relationship"}):
                if rel.get("Id") == first_rid:
                    target = rel.get("Target")
        if target is None:
            raise XlsxError("XLSX-filens første regneark kan ikke findes.")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if path not in self.names:
            raise XlsxError("XLSX-filens første regneark kan ikke findes.")
        self.sheet = path
        return path, date1904

    def shared_strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.names:
            return []
        out = []
        for si, _parent in self.records("xl/sharedStrings.xml", MAX_SHARED_STRINGS, {"si"}):
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
        custom: dict[int, str] = {}
        kinds: list[str | None] = []
        # numFmts comes before cellXfs in styles.xml (the schema's order), so custom formats are known
        for el, parent in self.records("xl/styles.xml", MAX_OTHER_PART, {"numFmt", "xf"}):
            if _local(el.tag) == "numFmt" and parent == "numFmts":
                try:
                    custom[int(el.get("numFmtId", "-1"))] = el.get("formatCode", "")
                except ValueError:
                    continue
            elif _local(el.tag) == "xf" and parent == "cellXfs":
                try:
                    fid = int(el.get("numFmtId", "0"))
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
    Formula. Raises XlsxError (Danish message) when the workbook cannot be read, is damaged or
    unpacks to more than the limits above.
    """
    book = _Workbook(data)
    sheet, date1904 = book.first_sheet()
    strings = book.shared_strings()
    kinds = book.style_kinds()
    last_row = 0
    for el, _parent in book.records(sheet, MAX_SHEET, {"row"}):
        try:
            number = int(el.get("r") or last_row + 1)
        except ValueError:
            number = 0
        if not 1 <= number <= MAX_SHEET_ROWS:
            raise XlsxError(f"XLSX-filens regneark har et ugyldigt rækkenummer ({str(el.get('r'))[:20]!r}).")
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
        if cells:
            yield number, cells


def _cell_value(c: ET.Element, strings: list[str], kinds: list[str | None], date1904: bool) -> object:
    kind = c.get("t", "n")
    formula = None
    raw = None
    inline: list[str] = []
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
