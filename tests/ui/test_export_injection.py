"""No CSV or XLSX download can carry a formula (OWASP ASVS 5.0 1.2.10), whatever the text's origin.

Each of the seven starts a spreadsheet reads as a formula (=, +, -, @, TAB, CR, NUL) is planted in
every source of text a download carries: the indicator's title, definition and source (the registry
object), the district names of the map (one per row, set after the table was built, as the Bydele
page did), unit and target-group names (the breakdown label and the filters line), and note/source
columns of the data. Every file is read back: no text cell may start with any of the seven, the
planted text is still there behind an apostrophe, and numbers (also negative ones) stay numbers.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import date

import polars as pl
import pytest

from registry import load_registry
from ui.export import ChartMeta, export_table, to_csv, to_xlsx, xlsx_table_row

STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")  # pinned here on purpose, not imported
BODY = 'HYPERLINK("https://example.invalid/x","klik")'
S07 = load_registry().indicator("S07")
# The rows behind a chart (metrics.series.indicator_series), written out so this test depends on
# nothing but the export: negative values, a suppressed year and a gap with its reason.
SERIES = pl.DataFrame({
    "year": [2016, 2017, 2018],
    "value": [-3.5, -1.0, None], "ci_low": [-4.25, -2.0, None], "ci_high": [-2.75, 0.0, None],
    "base_count": [1304, 1357, None], "suppressed": [False, False, True],
    "provenance": ["sample", "published", None], "gap": [None, None, "coarser"], "coarser": [None, None, "district"],
}, schema_overrides={"base_count": pl.Int64})


def _hostile(start: str):
    evil = start + BODY
    indicator = replace(S07, title_da=evil + " titel", title_en=evil + " title", source=evil + " kilde",
                        definition_da=evil + " definition", definition_en=evil + " definition")
    return evil, indicator


def _meta(indicator, lang: str, filters: str) -> ChartMeta:
    return ChartMeta(title=indicator.title(lang), definition=indicator.definition(lang), source=indicator.source,
                     data_date=date(2025, 3, 12), filters=filters, sample=True, lang=lang, pinned=date(2025, 3, 1))


def _tables(start: str, lang: str) -> dict[str, tuple[pl.DataFrame, ChartMeta]]:
    """Every kind of table the pages offer for download, each with hostile text from every source."""
    evil, indicator = _hostile(start)
    breakdown_col = "opdeling" if lang == "da" else "breakdown"
    names = [evil + f" Bydel {i}" for i in range(SERIES.height)]
    meta = _meta(indicator, lang, filters=f"2016–2018, {evil} Nørrebro, {evil} Center, {evil} Målgruppe")
    vision = export_table(SERIES, indicator, breakdown=evil + " enhed, " + evil + " målgruppe", lang=lang,
                          pinned=date(2025, 3, 1))
    districts = export_table(SERIES, indicator, breakdown=pl.Series(names), lang=lang)
    # A page that changes the table after building it (the Bydele page once replaced its labels).
    relabelled = export_table(SERIES, indicator, breakdown="", lang=lang).with_columns(
        pl.Series(breakdown_col, names))
    data = pl.DataFrame({
        "bydel": [evil + " Indre By", "Nørrebro"], "enhed": [evil + " Center", None],
        "målgruppe": pl.Series([evil + " Hjemløse", "Unge"]).cast(pl.Categorical),
        "kilde": [evil + " BIF", "BIF"], "note": [evil + " importeret note", None],
        "proveniens": [evil + " offentliggjort", "eksempel"],
        "værdi": [-3.5, 1.25], "grundlag": [-2, 7],
    })
    return {"vision": (vision, meta), "districts": (districts, meta), "relabelled": (relabelled, meta),
            "data": (data, meta)}


def _assert_safe_text(text: str, where: str) -> None:
    assert not text.startswith(STARTS), f"{where}: {text!r}"


def _read_csv(raw: bytes, lang: str) -> pl.DataFrame:
    text = raw.decode("utf-8-sig")
    if lang == "da":
        return pl.read_csv(io.StringIO(text), separator=";", decimal_comma=True, infer_schema_length=None)
    return pl.read_csv(io.StringIO(text), separator=",", infer_schema_length=None)


_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _xlsx_strings(raw: bytes) -> tuple[list[str], str]:
    """Every text of the workbook (shared and inline strings, control characters decoded) and the sheet XML."""
    book = zipfile.ZipFile(io.BytesIO(raw))
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    shared = book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in book.namelist() else ""
    texts = re.findall(r"<t(?:\s[^>]*)?>(.*?)</t>", shared + sheet, flags=re.S)
    unescape = lambda s: s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")  # noqa: E731
    return [_XML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), unescape(s)) for s in texts], sheet


CASES = [(start, lang, kind) for start in STARTS for lang in ("da", "en")
         for kind in ("vision", "districts", "relabelled", "data")]


@pytest.mark.parametrize("start, lang, kind", CASES,
                         ids=[f"{ord(s):02x}-{lang}-{kind}" for s, lang, kind in CASES])
def test_no_text_cell_of_a_csv_starts_a_formula_and_numbers_stay_numbers(start, lang, kind):
    table, _ = _tables(start, lang)[kind]
    back = _read_csv(to_csv(table, lang), lang)
    assert back.height == table.height
    planted = 0
    for name, dtype in back.schema.items():
        _assert_safe_text(name, "column name")
        if dtype == pl.String:
            for value in back[name].drop_nulls():
                _assert_safe_text(value, name)
                planted += value.startswith("'" + start + BODY)
    assert planted >= table.height  # the text is kept, behind an apostrophe
    value_col = {"da": "værdi", "en": "value"}[lang] if kind != "data" else "værdi"
    assert back[value_col].dtype == pl.Float64
    assert -3.5 in back[value_col].to_list()
    if kind == "data":
        assert back["grundlag"].dtype == pl.Int64 and back["grundlag"].to_list() == [-2, 7]


@pytest.mark.parametrize("start, lang, kind", CASES,
                         ids=[f"{ord(s):02x}-{lang}-{kind}" for s, lang, kind in CASES])
def test_no_text_cell_of_an_xlsx_starts_a_formula_and_numbers_stay_numbers(start, lang, kind):
    table, meta = _tables(start, lang)[kind]
    raw = to_xlsx(table, meta)
    texts, sheet = _xlsx_strings(raw)
    assert "<f>" not in sheet and "<f " not in sheet  # no formula anywhere
    for text in texts:
        _assert_safe_text(text, "xlsx cell")
    assert any(text.startswith("'" + start + BODY) for text in texts)  # kept, behind an apostrophe
    header = pl.read_excel(io.BytesIO(raw), has_header=False).to_series(0).drop_nulls().to_list()
    assert header[0] == "'" + meta.title
    back = pl.read_excel(io.BytesIO(raw), read_options={"header_row": xlsx_table_row(meta)})
    value_col = {"da": "værdi", "en": "value"}[lang] if kind != "data" else "værdi"
    assert back[value_col].dtype == pl.Float64
    assert -3.5 in back[value_col].to_list()
    for name, dtype in back.schema.items():
        _assert_safe_text(name, "column name")
        if dtype == pl.String:
            for value in back[name].drop_nulls():
                _assert_safe_text(value, name)


def test_plain_text_and_numbers_are_left_as_they_are():
    table = pl.DataFrame({"navn": ["Nørrebro", "'=allerede", None, "a=b"], "tal": [-3.5, 0.0, None, 2.0]})
    back = _read_csv(to_csv(table, "da"), "da")
    assert back["navn"].to_list() == ["Nørrebro", "'=allerede", None, "a=b"]
    assert back["tal"].to_list() == [-3.5, 0.0, None, 2.0]
