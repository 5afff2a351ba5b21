"""Exported files say what they show, where it comes from, when, and that it is sample data."""

from __future__ import annotations

import io
import re
from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from metrics.series import indicator_series
from registry import load_registry
from tests.levels import NOTHING_HIDDEN, level_sums
from ui.charts import trend_chart
from ui.export import (
    XLSX_HEADER_ROWS,
    ChartMeta,
    export_chart,
    export_table,
    neutralise,
    to_csv,
    to_png,
    to_svg,
    to_xlsx,
)

REG = load_registry()
S07 = REG.indicator("S07")
SUMS = level_sums({
    "period": [date(2016, 1, 1), date(2017, 1, 1), date(2018, 1, 1)], "value_sum": [1304.0, 1357.0, 3.0],
    "base_count": [1304, 1357, 3], "n_cells": [20, 20, 1], "sample_cells": [20, 20, 1],
})
SERIES = indicator_series(SUMS, S07, hidden=NOTHING_HIDDEN, years=(2016, 2018))  # 2018: 3 persons -> suppressed


def _meta(lang="da", sample=True, **kw):
    return ChartMeta(title=S07.title(lang), definition=S07.definition(lang), source=S07.source,
                     data_date=date(2025, 3, 12), filters="2016–2018, Hele byen", sample=sample, lang=lang, **kw)


@pytest.fixture(scope="module")
def spec():
    return export_chart(trend_chart(SERIES, S07, year_from=2016, label="Hele byen"), _meta(), "print")


def test_svg_carries_title_source_date_filters_and_the_sample_stamp(spec):
    svg = to_svg(spec)
    assert svg.lstrip().startswith("<svg")
    for text in ("Flere borgere med særlige behov er i beskæftigelse eller uddannelse.",
                 "Kilde: Beskæftigelses- og Integrationsforvaltningen", "Data opdateret 12.03.2025",
                 "Filtre: 2016–2018, Hele byen", "EKSEMPELDATA"):
        assert text in svg, text
    # Axis numbers use the Danish thousands dot (1.304 … 1.357), never "1,304".
    numbers = re.findall(r">(\d[\d.,]*)</text>", svg)
    assert any(re.fullmatch(r"1\.3\d\d", n) for n in numbers), numbers
    assert not any(re.fullmatch(r"1,3\d\d", n) for n in numbers)


def test_png_is_a_png_at_twice_the_size(spec):
    png = to_png(spec)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width >= 2000  # a 1,000-pixel plot at scale 2


@pytest.mark.parametrize("size", ["print", "wide", "square"])
def test_every_size_renders(size):
    svg = to_svg(export_chart(trend_chart(SERIES, S07, year_from=2016, label="x"), _meta(), size))
    assert "EKSEMPELDATA" in svg


def test_real_data_has_no_stamp_and_english_files_are_english():
    svg = to_svg(export_chart(trend_chart(SERIES, S07, year_from=2016, label="x"), _meta("en", sample=False), "print"))
    assert "EKSEMPELDATA" not in svg and "SAMPLE DATA" not in svg
    assert "More citizens with special needs are in employment or education." in svg
    assert "Data updated 12/03/2025" in svg


def test_table_is_exactly_the_rows_behind_the_chart_with_suppressed_blank():
    table = export_table(SERIES, S07, breakdown="Hele byen")
    assert table["periode"].to_list() == ["2016", "2017", "2018"]
    assert table["værdi"].to_list() == [1304.0, 1357.0, None]
    assert table["grundlag"].to_list() == [1304, 1357, None]
    assert table["skjult for at beskytte enkeltpersoner"].to_list() == ["nej", "nej", "ja"]
    assert set(table["proveniens"]) == {"eksempeldata"}


def test_csv_round_trip_in_danish_excel_format():
    table = export_table(SERIES, S07, breakdown="Hele byen")
    raw = to_csv(table, "da")
    assert raw.startswith("\ufeff".encode())
    assert "1304,00" in raw.decode("utf-8-sig")  # decimal comma
    back = pl.read_csv(io.BytesIO(raw), separator=";", decimal_comma=True, schema=table.schema)
    assert_frame_equal(back, table)


def test_xlsx_round_trip_with_header_block_and_danish_number_format():
    table = export_table(SERIES, S07, breakdown="Hele byen")
    meta = _meta()
    raw = to_xlsx(table, meta)
    back = pl.read_excel(io.BytesIO(raw), read_options={"header_row": XLSX_HEADER_ROWS(meta)},
                         schema_overrides=table.schema)
    assert_frame_equal(back, table)
    head = pl.read_excel(io.BytesIO(raw), has_header=False).to_series(0).to_list()
    assert head[0] == S07.title_da and "EKSEMPELDATA — IKKE VIRKELIGE TAL" in head
    import zipfile
    styles = zipfile.ZipFile(io.BytesIO(raw)).read("xl/styles.xml").decode()
    assert "[$-406]#,##0.00" in styles


def test_formula_like_text_is_neutralised_in_every_file():
    evil = "=HYPERLINK(\"http://example.invalid\",\"klik\")"
    table = export_table(SERIES, S07, breakdown=evil)
    assert table["opdeling"][0] == evil  # the table is as it is; the files neutralise it when written
    assert "'=HYPERLINK" in to_csv(table).decode("utf-8-sig")
    book = pl.read_excel(io.BytesIO(to_xlsx(table, _meta())), read_options={"header_row": XLSX_HEADER_ROWS(_meta())})
    assert book["opdeling"][0] == "'" + evil
    assert neutralise("+45 33 66 33 66") == "'+45 33 66 33 66"
    assert neutralise("@sum") == "'@sum" and neutralise("-1") == "'-1" and neutralise("Nørrebro") == "Nørrebro"


def test_a_pinned_date_is_on_every_row_and_on_the_image():
    table = export_table(SERIES, S07, breakdown="Hele byen", pinned=date(2025, 3, 1))
    assert table["data pr."].to_list() == ["2025-03-01"] * 3
    svg = to_svg(export_chart(trend_chart(SERIES, S07, year_from=2016, label="x"),
                              _meta(pinned=date(2025, 3, 1)), "print"))
    assert "Data pr. 01.03.2025" in svg
