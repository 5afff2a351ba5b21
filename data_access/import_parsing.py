"""Reading an import file (CSV or XLSX) into typed rows: the syntax of the import format, no database.

The format is described in docs/import-format.md. One row is one cell of one indicator (long format):

    indikator;periode;bydel;enhed;maalgruppe;taeller;naevner;vaerdi;grundlag;proveniens;kilde;note

`parse_file` accepts what Danish Excel writes (";" separators, decimal comma, thousands dots, UTF-8
with or without BOM, Windows-1252, UTF-16 "Unicode-tekst") as well as "," files with decimal points,
and XLSX workbooks (first sheet). It checks everything that needs neither the registry nor the
database: size, encoding, binary content, columns, numbers, periods, provenance words and formula-like
cells. What the values *mean* (known codes, rules per indicator) is checked by import_validation.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TypeAlias

from data_access.import_xlsx import CellError, Formula, Percent, XlsxError, read_xlsx_rows
from data_access.text_safety import FORMULA_START as FORMULA_START  # re-exported: the one set of formula starts
from data_access.text_safety import control_problem_da, formula_problem_da, is_formula_like

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
MAX_TEXT = {"kilde": 1000, "note": 1000}
MAX_CODE_TEXT = 200  # indicator, district, unit, group, provenance
MIN_YEAR = 1990
MAX_YEAR = 2100

# Column name (Danish, as documented), the attribute of ParsedRow it fills, its kind, and the
# accepted spellings after normalisation (lower case, æ/ø/å spelled ae/oe/aa, only letters and digits).
COLUMN_SPECS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("indikator", "indicator", "text", ("indikator", "indikatorkode", "indicator", "indicatorcode")),
    ("periode", "period", "period", ("periode", "period", "aar", "year")),
    ("bydel", "district", "text", ("bydel", "bydelskode", "bydelsnavn", "bydelnr", "district",
                                    "districtcode", "districtname")),
    ("enhed", "unit", "text", ("enhed", "enhedskode", "enhedsnavn", "unit", "unitcode", "orgunit",
                                "orgunitcode")),
    ("maalgruppe", "group", "text", ("maalgruppe", "malgruppe", "maalgruppekode", "group", "groupcode",
                                      "targetgroup", "targetgroupcode")),
    ("taeller", "numerator", "number", ("taeller", "taller", "numerator")),
    ("naevner", "denominator", "number", ("naevner", "navner", "denominator")),
    ("vaerdi", "value", "number", ("vaerdi", "vardi", "value")),
    ("grundlag", "base_count", "integer", ("grundlag", "basecount", "base", "n")),
    ("proveniens", "provenance", "provenance", ("proveniens", "provenance", "oprindelse")),
    ("kilde", "source", "text", ("kilde", "source")),
    ("note", "note", "text", ("note", "noter", "notes", "bemaerkning", "bemaerkninger", "kommentar", "comment")),
)
COLUMNS = tuple(spec[0] for spec in COLUMN_SPECS)
ATTRIBUTE = {spec[0]: spec[1] for spec in COLUMN_SPECS}
_KIND = {spec[0]: spec[2] for spec in COLUMN_SPECS}
_ALIAS = {alias: spec[0] for spec in COLUMN_SPECS for alias in spec[3]}
REQUIRED_COLUMNS = ("indikator", "periode", "proveniens")
NUMBER_COLUMNS = ("taeller", "naevner", "vaerdi")

PROVENANCE = {
    "published": "published", "offentliggjort": "published", "publiceret": "published",
    "internal": "internal", "intern": "internal",
    "sample": "sample", "eksempel": "sample", "eksempeldata": "sample",
}
PROVENANCE_DA = {"published": "offentliggjort", "internal": "intern", "sample": "eksempel"}

_MISSING_MARKERS = {"-", "–", "—", "..", "...", ".", "x", "X"}
ALL_COLUMNS_TEXT = ", ".join(COLUMNS)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import file, in Danish: where (file, row, column), what, what was expected."""

    file: str
    row: int | None  # the row number as the spreadsheet shows it (the header is usually row 1)
    column: str | None  # the column name as written in the file (or the documented name)
    message: str
    found: str | None = None
    expected: str | None = None
    letter: str | None = None  # the spreadsheet column letter (A, B, …) when the column is in the file

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"række {self.row}")
        if self.column is not None:
            parts.append(f"kolonne {self.letter} ({self.column})" if self.letter else f"kolonne {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.where()}: {self.message}"
        if self.found is not None:
            text += f" Fundet: »{self.found}«."
        if self.expected:
            text += f" Forventet: {self.expected}."
        return text


@dataclass(frozen=True)
class Period:
    """A parsed period: its first day and how it was written (year, quarter, or a date)."""

    start: date
    kind: str  # year | quarter | date


@dataclass
class ParsedRow:
    """One data row, with each cell parsed to its type (None when empty or invalid)."""

    row: int
    indicator: str | None = None
    period: Period | None = None
    district: str | None = None
    unit: str | None = None
    group: str | None = None
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    base_count: int | None = None
    provenance: str | None = None  # published | internal | sample
    source: str | None = None
    note: str | None = None
    raw: dict[str, str] = field(default_factory=dict)  # column -> the cell as written (non-empty cells)
    invalid: set[str] = field(default_factory=set)  # columns whose cell could not be parsed
    value_decimals: int | None = None  # decimals written in vaerdi (for the check against taeller/naevner)


@dataclass
class ParsedFile:
    """The result of parse_file: the rows that could be read and every problem found so far."""

    filename: str
    sha256: str
    size: int
    kind: str = ""  # csv | xlsx
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # column -> header as written
    letters: dict[str, str] = field(default_factory=dict)  # column -> spreadsheet letter
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def at(self, row: int | None, column: str | None, message: str, *, found: object = None,
           expected: str | None = None) -> Problem:
        """A Problem at `row`/`column` (a documented column name), with the column named as the file names it."""
        label = self.columns.get(column, column) if column else None
        letter = self.letters.get(column) if column else None
        return Problem(self.filename, row, label, message, _shorten(found), expected, letter)

    def problem(self, row: int | None, column: str | None, message: str, *, found: object = None,
                expected: str | None = None) -> Problem:
        """Record a parse problem (see `at`)."""
        p = self.at(row, column, message, found=found, expected=expected)
        self.errors.append(p)
        return p


# ------------------------------------------------------------------------------------------ helpers


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def normalise_name(text: str) -> str:
    """Lower case, Danish letters spelled out, only letters and digits: for matching column names."""
    text = text.strip().casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", text)


def _shorten(text: object, limit: int = 80) -> str | None:
    if text is None:
        return None
    shown = str(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


_DA_NUMBER = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_EN_NUMBER = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_SPACE_GROUPS = re.compile(r"^\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?$")


def _number_body(text: str) -> tuple[str, str]:
    """(sign, digits) with spaces used as thousands separators removed and U+2212 read as minus."""
    text = text.strip().replace("\u2212", "-")
    sign = ""
    if text and text[0] in "+-":
        sign, text = text[0], text[1:].strip()
    if _SPACE_GROUPS.match(text):
        text = re.sub(r"[ \u00a0\u202f]", "", text)
    return sign, text


def number_style(text: str) -> str | None:
    """'comma', 'dot', 'plain', 'ambiguous' (e.g. 1.234) or None when the text is no number at all."""
    if text.isascii() and text.isdigit():
        return "plain"
    _sign, body = _number_body(text)
    if re.fullmatch(r"\d+", body):
        return "plain"
    da, en = bool(_DA_NUMBER.match(body)), bool(_EN_NUMBER.match(body))
    if da and en:
        return "ambiguous"
    if da:
        return "comma"
    if en:
        return "dot"
    return None


def parse_number(text: str, decimal: str) -> tuple[float, int] | None:
    """(value, decimals written) of a number written with `decimal` as decimal mark, or None."""
    if text.isascii() and text.isdigit():
        return float(text), 0
    sign, body = _number_body(text)
    if decimal == ",":
        if not _DA_NUMBER.match(body):
            return None
        body = body.replace(".", "").replace(",", ".")
    else:
        if not _EN_NUMBER.match(body):
            return None
        body = body.replace(",", "")
    decimals = len(body.split(".", 1)[1]) if "." in body else 0
    return float(sign + body), decimals


_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*[KQ]\s*([1-4])$", re.IGNORECASE)
_QUARTER_FIRST = re.compile(r"^[KQ]\s*([1-4])\s*[-/ ]?\s*(\d{4})$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_DK_DATE = re.compile(r"^(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4})$")
PERIOD_EXPECTED = "et år (2024) eller et kvartal (2024K1 eller 2024-Q1)"


def parse_period(value: object) -> Period | None:
    """A period from a cell: 2024, 2024K1, 2024-Q1, Q1 2024, or a date that is a period's first day."""
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            return None
        value = value.date()
    if isinstance(value, date):
        ok = value.day == 1 and value.month in (1, 4, 7, 10) and MIN_YEAR <= value.year <= MAX_YEAR
        return Period(value, "date") if ok else None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = str(int(value))
    return _period_from_text(str(value).strip())


@lru_cache(maxsize=4096)
def _period_from_text(text: str) -> Period | None:
    if len(text) == 4 and text.isdigit():
        year = int(text)
        return Period(date(year, 1, 1), "year") if MIN_YEAR <= year <= MAX_YEAR else None
    if m := _YEAR.match(text):
        year, quarter, kind = int(m.group(1)), 1, "year"
    elif m := _QUARTER.match(text):
        year, quarter, kind = int(m.group(1)), int(m.group(2)), "quarter"
    elif m := _QUARTER_FIRST.match(text):
        year, quarter, kind = int(m.group(2)), int(m.group(1)), "quarter"
    elif m := _ISO_DATE.match(text) or _DK_DATE.match(text):
        try:
            return parse_period(date(int(m["y"]), int(m["m"]), int(m["d"])))
        except ValueError:
            return None
    else:
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return Period(date(year, 3 * (quarter - 1) + 1, 1), kind)


def format_period(start: date, frequency: str) -> str:
    """The period as the import format writes it: 2024 for a year, 2024K1 for a quarter."""
    if frequency == "quarter":
        return f"{start.year}K{(start.month - 1) // 3 + 1}"
    return str(start.year)


def _display(value: object) -> str:
    """A cell value as text for messages (numbers with decimal comma, as a Danish user sees them)."""
    if type(value) is str:
        return value
    if isinstance(value, Formula):
        return "=" + value.text
    if isinstance(value, CellError):
        return value.code
    if isinstance(value, Percent):
        return _display(value.value * 100) + " %"
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).replace(".", ",")
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# ------------------------------------------------------------------------------------------ reading

# A non-empty row of the file: (row number, {0-based column: cell}, number of fields; None for XLSX).
_Record: TypeAlias = tuple[int, dict[int, object], int | None]


def _read_input(path_or_bytes: str | Path | bytes, filename: str | None) -> tuple[str, bytes | None, int, str]:
    """(filename, data or None when too large, size, sha256)."""
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
        return filename or "upload", data, len(data), hashlib.sha256(data).hexdigest()
    path = Path(path_or_bytes)
    name = filename or path.name
    size = path.stat().st_size
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        if size > MAX_BYTES:  # hash it (for the record) without keeping it in memory
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
            return name, None, size, digest.hexdigest()
        data = fh.read()
    digest.update(data)
    return name, data, len(data), digest.hexdigest()


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def parse_file(path_or_bytes: str | Path | bytes, *, filename: str | None = None) -> ParsedFile:
    """Read a CSV or XLSX import file into typed rows and syntax problems (no registry, no database)."""
    name, data, size, sha = _read_input(path_or_bytes, filename)
    pf = ParsedFile(filename=name, sha256=sha, size=size)
    if data is None or size > MAX_BYTES:
        pf.problem(None, None, f"Filen er for stor ({_mb(size)}).",
                   expected=f"højst {MAX_BYTES // (1024 * 1024)} MB og {MAX_ROWS:,} rækker; del filen op".replace(",", "."))
        return pf
    ext = Path(name).suffix.lower()
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        pf.kind = "xlsx"
        if ext == ".xlsm":
            pf.problem(None, None, "Excel-filer med makroer (.xlsm) modtages ikke.",
                       expected="en .xlsx-fil uden makroer eller en CSV-fil")
            return pf
        records = _xlsx_records(pf, data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        pf.problem(None, None, "Filen er i det gamle Excel-format (.xls), som ikke kan læses.",
                   expected="en .xlsx-fil eller en CSV-fil (Gem som → CSV (semikolonsepareret))")
        return pf
    elif ext in (".xlsx", ".xlsm"):
        pf.problem(None, None, f"Filen hedder {ext}, men er ikke en Excel-projektmappe.",
                   expected="en rigtig .xlsx-fil eller en CSV-fil med endelsen .csv")
        return pf
    elif ext not in ("", ".csv", ".txt", ".tsv"):
        pf.problem(None, None, f"Filtypen »{ext}« modtages ikke.", expected="en .csv- eller .xlsx-fil")
        return pf
    else:
        pf.kind = "csv"
        records = _csv_records(pf, data)
    if records is None:
        return pf
    _parse_records(pf, records)
    return pf


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _decode(pf: ParsedFile, data: bytes) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1252"]
    text = None
    not_utf8 = False  # whether UTF-8 decoding failed
    for encoding in candidates:
        try:
            text = data.decode(encoding)
            pf.encoding = encoding
            break
        except UnicodeDecodeError:
            not_utf8 = not_utf8 or encoding.startswith("utf-8")
            continue
    controls = len(_CONTROL.findall(text if text is not None else data.decode("latin-1")))
    if b"\x00" in data and (text is None or "\x00" in text) or controls > max(3, len(data) // 100):
        pf.problem(None, None, "Filen er ikke en tekstfil (CSV) eller en Excel-fil (XLSX); den ser ud til at være binær.",
                   expected="en CSV-fil eller en .xlsx-fil")
        return None
    if not_utf8 and _mixed_encodings(pf, data):
        return None
    if text is None:
        pf.problem(None, None, "Filens tegnsæt kan ikke genkendes.",
                   expected="UTF-8 (med eller uden BOM) eller Windows-1252 (Excels »CSV (semikolonsepareret)«)")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


# A multi-byte UTF-8 character (2, 3 or 4 bytes, no overlong forms or surrogates). Windows-1252 text
# practically never holds one: it would take a letter such as Ã or Ø followed by a byte 0x80–0xBF.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _mixed_encodings(pf: ParsedFile, data: bytes) -> bool:
    """Refuse a file that is partly UTF-8 and partly another encoding (e.g. lines pasted from two files):
    read as Windows-1252 its UTF-8 lines would become »BÃ¸rne«, read as UTF-8 the others cannot be read.
    The message names the file's line (as a text editor counts) of the first byte that is not UTF-8.
    True when the problem was recorded."""
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError as err:
        bad = err.start
    bom = data.startswith(b"\xef\xbb\xbf")
    utf8 = _UTF8_MULTIBYTE.search(data, 3 if bom else 0)
    newline = b"\n" if b"\n" in data else b"\r"
    if bom:
        where = "filen begynder med UTF-8-mærket (BOM)"
    elif utf8 is not None:
        where = f"linje {data.count(newline, 0, utf8.start()) + 1} er skrevet i UTF-8"
    else:
        return False  # plain Windows-1252 (or unreadable: said by the caller)
    line = data.count(newline, 0, bad) + 1
    start = data.rfind(newline, 0, bad) + 1
    snippet = data[max(start, bad - 30):bad + 30].split(b"\n")[0].split(b"\r")[0]
    char = data[bad:bad + 1].decode("cp1252", errors="replace")
    shown = f"»{char}« (byte 0x{data[bad]:02X})" if char != "\ufffd" else f"byte 0x{data[bad]:02X}"
    pf.problem(None, None, f"Filen blander tegnsæt: {where}, men linje {line} har et tegn i et andet tegnsæt "
                           f"(fx Windows-1252): {shown}.",
               found=snippet.decode("cp1252", errors="replace"),
               expected="ét tegnsæt i hele filen: gem filen igen som »CSV UTF-8« i Excel")
    return True


def _csv_records(pf: ParsedFile, data: bytes) -> list[_Record] | None:
    text = _decode(pf, data)
    if text is None:
        return None
    if not text.strip():
        pf.problem(None, None, "Filen er tom.", expected="en overskriftsrække med kolonnenavne og mindst én datarække")
        return None
    forced = None
    first_line, _, rest = text.partition("\n")
    if m := re.fullmatch(r"\s*sep=(.)\s*", first_line, flags=re.IGNORECASE):
        # Excel's "sep=;" hint line: Excel hides it, so the header is still row 1
        forced, text = m.group(1), rest
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    pf.delimiter = forced or _sniff_delimiter(header_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=pf.delimiter, strict=True)
    records: list[_Record] = []
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            cells: dict[int, object] = {i: c for i, c in enumerate(record) if c.strip()}
            if cells:
                records.append((number, cells, len(record)))
                if len(records) > MAX_ROWS + 1:
                    break
    except csv.Error as err:
        if "field larger" in str(err):
            why = "et felt er meget langt – typisk fordi et anførselstegn (\") ikke er lukket"
        elif "expected after" in str(err):
            why = "et anførselstegn (\") står midt i et felt eller er ikke lukket"
        else:
            why = "et anførselstegn (\") eller et specialtegn står forkert"
        pf.problem(number + 1, None, f"Rækken kan ikke læses som CSV: {why}.",
                   expected="felter adskilt af skilletegn; tekst med skilletegn eller anførselstegn i dobbelte "
                            "anførselstegn, fx \"Lønsystem; årsværk\"")
        return None
    return records


def _sniff_delimiter(header_line: str) -> str:
    best, best_score = ";", (-1, -1)
    for delimiter in (";", ",", "\t"):
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        known = sum(1 for c in cells if normalise_name(c) in _ALIAS)
        score = (known, header_line.count(delimiter))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _xlsx_records(pf: ParsedFile, data: bytes) -> list[_Record] | None:
    records: list[_Record] = []
    try:
        for number, cells in read_xlsx_rows(data):
            records.append((number, cells, None))
            if len(records) > MAX_ROWS + 1:
                break
    except XlsxError as err:
        pf.problem(None, None, str(err), expected="en .xlsx-fil gemt fra Excel, eller en CSV-fil")
        return None
    if not records:
        pf.problem(None, None, "Filen er tom.", expected="en overskriftsrække med kolonnenavne og mindst én datarække")
        return None
    return records


# ------------------------------------------------------------------------------------------ parsing


def _header(pf: ParsedFile, number: int, cells: dict[int, object]) -> dict[str, int] | None:
    """Map documented column -> 0-based index, or report what is wrong with the header row."""
    index: dict[str, int] = {}
    unknown = []
    for col in sorted(cells):
        label = _display(cells[col]).strip()
        canonical = _ALIAS.get(normalise_name(label))
        if canonical is None:
            unknown.append((col, label))
            continue
        if canonical in index:
            first = index[canonical]
            pf.errors.append(Problem(pf.filename, number, label,
                                     f"Kolonnen findes to gange (kolonne {column_letter(first)} og {column_letter(col)}).",
                                     expected="hver kolonne én gang", letter=column_letter(col)))
            continue
        index[canonical] = col
        pf.columns[canonical] = label
        pf.letters[canonical] = column_letter(col)
    if not index:
        found = (pf.delimiter or ";").join(_display(cells[c]) for c in sorted(cells))
        hint = ""
        if pf.kind == "csv" and len(cells) == 1:
            hint = " Første række har kun én kolonne – er skilletegnet semikolon (;) eller komma (,)?"
        pf.errors.append(Problem(pf.filename, number, None,
                                 "Første række skal være kolonnenavnene, men ingen af dem genkendes." + hint,
                                 _shorten(found), f"kolonnerne {';'.join(COLUMNS)}"))
        return None
    for col, label in unknown:
        pf.errors.append(Problem(pf.filename, number, label, "Ukendt kolonne.", _shorten(label),
                                 f"kun kolonnerne {ALL_COLUMNS_TEXT}", column_letter(col)))
    for required in REQUIRED_COLUMNS:
        if required not in index:
            pf.problem(number, required, f"Kolonnen »{required}« mangler.", expected=f"kolonnerne {ALL_COLUMNS_TEXT}")
    if not any(c in index for c in NUMBER_COLUMNS):
        pf.problem(number, None, "Filen har ingen talkolonne.",
                   expected="mindst én af kolonnerne taeller, naevner og vaerdi")
    return None if pf.errors else index


def _parse_records(pf: ParsedFile, records: list[_Record]) -> None:
    number, header_cells, header_fields = records[0]
    index = _header(pf, number, header_cells)
    if index is None:
        return
    data_rows = records[1:]
    if not data_rows:
        pf.problem(None, None, "Filen har kolonnenavne, men ingen datarækker.", expected="mindst én datarække")
        return
    if len(data_rows) > MAX_ROWS:
        pf.problem(None, None, f"Filen har for mange rækker (mere end {MAX_ROWS:,}).".replace(",", "."),
                   expected=f"højst {MAX_ROWS:,} datarækker; del filen op".replace(",", "."))
        return
    pf.decimal = _decide_decimal(pf, index, data_rows)
    known = set(index.values())
    other = {";": ",", ",": ";", "\t": ";"}.get(pf.delimiter or "", ";")
    comma_hint = " Er der brugt komma både som skilletegn og decimaltegn?" if pf.delimiter == "," else ""
    for number, cells, fields in data_rows:
        row = ParsedRow(row=number)
        only = next(iter(cells.values())) if len(cells) == 1 else None
        if pf.kind == "csv" and len(index) > 1 and isinstance(only, str) and only.count(other) >= 2:
            pf.errors.append(Problem(pf.filename, number, None,
                                     f"Rækken bruger et andet skilletegn (»{other}«) end overskriften (»{pf.delimiter}«).",
                                     _shorten(only), "samme skilletegn i hele filen"))
            continue
        if fields is not None and header_fields is not None and fields > header_fields:
            pf.errors.append(Problem(pf.filename, number, None,
                                     f"Rækken har {fields} felter, men overskriften har {header_fields}.{comma_hint}",
                                     expected=f"{header_fields} felter som overskriften"))
            continue
        stray = [c for c in cells if c not in known]
        if stray:
            col = min(stray)
            pf.errors.append(Problem(pf.filename, number, None,
                                     f"Cellen står i kolonne {column_letter(col)}, som ikke har et kolonnenavn.",
                                     _shorten(_display(cells[col])), "værdier kun under de navngivne kolonner",
                                     column_letter(col)))
        for column, col in index.items():
            if col in cells:
                _parse_cell(pf, row, column, cells[col])
        pf.rows.append(row)


def _decide_decimal(pf: ParsedFile, index: dict[str, int], data_rows: list[_Record]) -> str:
    """The file's decimal mark: what its unambiguous numbers use, else what its separator implies."""
    comma = dot = 0
    for _number, cells, _fields in data_rows:
        for column in ("taeller", "naevner", "vaerdi", "grundlag"):
            value = cells.get(index.get(column, -1))
            if isinstance(value, str):
                style = number_style(value.strip().rstrip("%").strip())
                comma += style == "comma"
                dot += style == "dot"
    if comma != dot:
        return "," if comma > dot else "."
    return "." if pf.delimiter == "," else ","


def _bad(pf: ParsedFile, row: ParsedRow, column: str, message: str, expected: str | None, found: str | None) -> None:
    row.invalid.add(column)
    pf.problem(row.row, column, message, found=found, expected=expected)


def _formula(pf: ParsedFile, row: ParsedRow, column: str, text: str, expected: str | None, shown: str) -> None:
    """Text that a spreadsheet could run as a formula is refused (the characters: data_access.text_safety)."""
    message, text_expected = formula_problem_da(text)
    _bad(pf, row, column, message, expected or text_expected, shown)


def _parse_cell(pf: ParsedFile, row: ParsedRow, column: str, value: object) -> None:
    """Parse one non-empty cell into row.<attribute>, or record why it cannot be parsed."""
    if type(value) is str:  # every CSV cell, and XLSX text cells: the fast path
        value = value.strip()
        if not value:
            return
        shown = value
    else:
        shown = _display(value)
    row.raw[column] = shown
    kind = _KIND[column]
    if isinstance(value, Formula):
        _bad(pf, row, column, "Cellen indeholder en Excel-formel; formler modtages ikke.",
             "en værdi (kopiér og indsæt som værdier)", shown)
        return
    if isinstance(value, CellError):
        _bad(pf, row, column, "Cellen indeholder en Excel-fejl.", "en værdi", shown)
        return

    if kind == "text" or kind == "provenance":
        text = value if type(value) is str else shown
        if is_formula_like(text):
            _formula(pf, row, column, text, None, shown)
            return
        if control := control_problem_da(text):
            _bad(pf, row, column, control[0], control[1], shown)
            return
        limit = MAX_TEXT.get(column, MAX_CODE_TEXT)
        if len(text) > limit:
            _bad(pf, row, column, f"Teksten er for lang ({len(text):,} tegn).".replace(",", "."),
                 f"højst {limit:,} tegn".replace(",", "."), shown)
            return
        if kind == "provenance":
            mapped = PROVENANCE.get(text.casefold())
            if mapped is None:
                _bad(pf, row, column, "Ukendt proveniens.",
                     "offentliggjort, intern eller eksempel (published, internal, sample)", shown)
                return
            text = mapped
        setattr(row, ATTRIBUTE[column], text)
        return

    if kind == "period":
        if type(value) is str and is_formula_like(value):
            _formula(pf, row, column, value, PERIOD_EXPECTED, shown)
            return
        period = parse_period(value) if isinstance(value, (str, float, date)) else None
        if period is None:
            _bad(pf, row, column, "Ugyldig periode.", PERIOD_EXPECTED, shown)
            return
        row.period = period
        return

    # numbers: taeller, naevner, vaerdi (floats) and grundlag (a whole number)
    decimals = None
    if type(value) is str:
        text = value
        if column == "vaerdi" and text.endswith("%"):
            text = text[:-1].strip()
        parsed = parse_number(text, pf.decimal or ",")
        if parsed is None:
            _number_problem(pf, row, column, text, shown)
            return
        number, decimals = parsed
    elif isinstance(value, Percent):
        number = round(value.value * 100, 10) if column == "vaerdi" else value.value
    elif isinstance(value, float) and not isinstance(value, bool):
        number = value
    else:  # booleans, dates
        _bad(pf, row, column, "Ugyldigt tal.", "et tal", shown)
        return
    if column == "grundlag":
        if not float(number).is_integer():
            _bad(pf, row, column, "Grundlaget skal være et helt tal.",
                 "et helt antal (personer, besvarelser eller sager)", shown)
            return
        row.base_count = int(number)
        return
    setattr(row, ATTRIBUTE[column], float(number))
    if column == "vaerdi":
        row.value_decimals = decimals


def _number_problem(pf: ParsedFile, row: ParsedRow, column: str, text: str, shown: str) -> None:
    if text in _MISSING_MARKERS:
        _bad(pf, row, column, "Tegnet står for et manglende tal.", "en tom celle, når tallet mangler", shown)
    elif number_style(text) is not None:
        mark = "decimalkomma" if pf.decimal == "," else "decimalpunktum"
        other = "decimalpunktum" if pf.decimal == "," else "decimalkomma"
        _bad(pf, row, column, f"Tallet er skrevet med {other}, men resten af filen bruger {mark}.",
             f"samme decimaltegn i hele filen ({mark})", shown)
    elif is_formula_like(text):
        _formula(pf, row, column, text, "et tal", shown)
    else:
        example = "1.234,5" if pf.decimal == "," else "1234.5"
        _bad(pf, row, column, "Ugyldigt tal.", f"et tal, fx {example}", shown)
