"""A published city figure (S01 2017: 42 % of 7,094 answers) reaches every file unchanged and marked
as published, in Danish and English, on SQLite and PostgreSQL (the sample database carries it)."""

from __future__ import annotations

import io

import polars as pl
import pytest

from registry import load_registry
from tests.levels import view_series
from ui.charts import trend_chart
from ui.export import ChartMeta, export_chart, export_table, to_csv, to_png, to_svg, to_xlsx

S01 = load_registry().indicator("S01")
WORDS = {"da": ("offentliggjort", "eksempeldata", "periode", "proveniens", "værdi"),
         "en": ("published", "sample", "period", "provenance", "value")}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_published_figure_is_in_every_file_marked_published(engine, lang):
    published, sample, period, provenance, value = WORDS[lang]
    series = view_series(engine=engine, indicator="S01", year_to=2018, years=(2016, 2018))
    table = export_table(series, S01, breakdown="Hele byen", lang=lang)
    rows = {r[period]: r for r in table.iter_rows(named=True)}
    assert (rows["2017"][value], rows["2017"][provenance]) == (42.0, published)
    assert rows["2016"][provenance] == rows["2018"][provenance] == sample

    sep, number = (";", "42,00") if lang == "da" else (",", "42.00")
    fields = next(line.split(sep) for line in to_csv(table, lang).decode("utf-8-sig").splitlines()
                  if line.split(sep)[3:4] == ["2017"])
    assert fields[5:11] == [number, *fields[6:8], "7094", fields[9], published]

    meta = ChartMeta(title=S01.title(lang), definition=S01.definition(lang), source=S01.source, data_date=None,
                     filters="2016–2018", sample=True, lang=lang)
    book = pl.read_excel(io.BytesIO(to_xlsx(table, meta)), read_options={"header_row": len(meta.lines()) + 2})
    assert book.filter(pl.col(period) == "2017")[provenance].item() == published

    spec = export_chart(trend_chart(series, S01, year_from=2016, label="Hele byen", lang=lang), meta)
    svg = to_svg(spec)
    assert published in svg and sample in svg  # the legend names both kinds
    assert to_png(spec, scale=1).startswith(b"\x89PNG")
