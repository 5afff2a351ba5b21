"""Files in the import format (docs/import-format.md): what `python -m data_access export` writes, so
stored figures can be handed out, edited and imported again unchanged (the round trip is tested)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from sqlalchemy import Engine, select

from data_access import models
from data_access.import_parsing import COLUMNS, PROVENANCE_DA, format_period
from data_access.import_validation import KEY_FIELDS, VALUE_FIELDS, Record
from data_access.text_safety import neutralise
from registry import load_registry

_OBS = models.OBSERVATION


def format_number(value: float | int | None, decimal: str, thousands: str = "") -> str:
    """Exact, without exponent: the shortest text that reads back as the same float."""
    if value is None:
        return ""
    if isinstance(value, int) or float(value).is_integer() and abs(value) < 1e15:
        text = f"{int(value)}"
        frac = ""
    else:
        text = format(Decimal(repr(float(value))), "f")
        text, _, frac = text.partition(".")
    sign = "-" if text.startswith("-") else ""
    digits = text.lstrip("-")
    if thousands:
        groups: list[str] = []
        while len(digits) > 3:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        digits = thousands.join([digits, *groups])
    return sign + digits + (decimal + frac if frac else "")


def _safe_text(text: str | None) -> str:
    """Text for a spreadsheet cell; a leading formula character is neutralised with an apostrophe
    (data_access.text_safety, the same neutralising as every other CSV and XLSX)."""
    return "" if text is None else neutralise(text)


def format_file(records: Iterable[Record], *, fmt: str = "csv", danish: bool = True, thousands: bool = False) -> bytes:
    """Records written in the import format: CSV (danish: ";", decimal comma, UTF-8 with BOM; else ","
    and decimal point, UTF-8) or XLSX (numbers as numbers). `thousands` groups with dots (danish only).

    CSV numbers are exact (the shortest text that reads back as the same float); XLSX numbers keep 16
    significant digits (xlsxwriter's precision; Excel itself computes with 15)."""
    reg = load_registry()
    decimal = "," if danish else "."
    sep = "." if danish and thousands else ""
    table: list[list[str | None]] = []  # the number columns (5-8) stay None here: `numbers` holds them
    numbers: list[list[float | int | None]] = []
    for r in records:
        freq = reg.indicator(r.indicator_code).frequency
        table.append([
            r.indicator_code, format_period(r.period, freq),
            "" if r.district_code is None else str(r.district_code), _safe_text(r.unit_code), _safe_text(r.group_code),
        ])
        numbers.append([r.numerator, r.denominator, r.value, r.base_count])
        table[-1] += [None] * 4 + [PROVENANCE_DA[r.provenance] if danish else r.provenance,
                                   _safe_text(r.source), _safe_text(r.note)]
    if fmt == "xlsx":
        import xlsxwriter

        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False})
        sheet = book.add_worksheet("Data")
        for col, name in enumerate(COLUMNS):
            sheet.write_string(0, col, name)
        for i, (texts, nums) in enumerate(zip(table, numbers, strict=True), start=1):
            for col, text in enumerate(texts):
                if col in (5, 6, 7, 8):
                    number = nums[col - 5]
                    if number is not None:
                        sheet.write_number(i, col, number)
                elif text:
                    sheet.write_string(i, col, text)
        book.close()
        return buffer.getvalue()
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";" if danish else ",", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for texts, nums in zip(table, numbers, strict=True):
        texts[5:9] = [format_number(n, decimal, sep) for n in nums]
        writer.writerow(texts)
    return out.getvalue().encode("utf-8-sig" if danish else "utf-8")


def export_observations(
    *, engine: Engine, indicators: Sequence[str] | None = None, fmt: str = "csv", danish: bool = True
) -> bytes:
    """Stored observations (all, or those of `indicators`) in the import format, ready to edit and re-import."""
    cols = [_OBS.c[f] for f in KEY_FIELDS + VALUE_FIELDS]
    stmt = select(*cols)
    if indicators is not None:
        stmt = stmt.where(_OBS.c.indicator_code.in_(list(indicators)))
    stmt = stmt.order_by(*[_OBS.c[f] for f in KEY_FIELDS])
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    records = [Record(**dict(zip(KEY_FIELDS + VALUE_FIELDS, row, strict=True))) for row in rows]
    return format_file(records, fmt=fmt, danish=danish)
