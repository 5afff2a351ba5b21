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
    PADDING,
    SIZES,
    ChartMeta,
    export_chart,
    export_table,
    lines_table,
    neutralise,
    slug,
    stamp_layout,
    to_csv,
    to_png,
    to_svg,
    to_xlsx,
    xlsx_table_row,
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
    assert "Data updated 12 Mar 2025" in svg


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
    back = pl.read_excel(io.BytesIO(raw), read_options={"header_row": xlsx_table_row(meta)},
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
    book = pl.read_excel(io.BytesIO(to_xlsx(table, _meta())), read_options={"header_row": xlsx_table_row(_meta())})
    assert book["opdeling"][0] == "'" + evil
    assert neutralise("+45 33 66 33 66") == "'+45 33 66 33 66"
    assert neutralise("@sum") == "'@sum" and neutralise("-1") == "'-1" and neutralise("Nørrebro") == "Nørrebro"


def test_a_pinned_date_is_on_every_row_and_on_the_image():
    table = export_table(SERIES, S07, breakdown="Hele byen", pinned=date(2025, 3, 1))
    assert table["data pr."].to_list() == ["2025-03-01"] * 3
    svg = to_svg(export_chart(trend_chart(SERIES, S07, year_from=2016, label="x"),
                              _meta(pinned=date(2025, 3, 1)), "print"))
    assert "Data pr. 01.03.2025" in svg


# ---------------------------------------------------------------- press-ready images
S01 = REG.indicator("S01")
SURVEY = indicator_series(level_sums({
    "period": [date(y, 1, 1) for y in (2016, 2017, 2018)], "numerator": [420.0, 400.0, 380.0],
    "denominator": [1000.0] * 3, "base_count": [1000] * 3, "n_cells": [20] * 3, "sample_cells": [20] * 3,
}), S01, hidden=NOTHING_HIDDEN, years=(2016, 2018))


def _survey_spec(size: str, lang: str = "da", sample: bool = True) -> dict:
    meta = ChartMeta(title=S01.title(lang), definition=S01.definition(lang), source=S01.source,
                     data_date=date(2025, 3, 12), filters="2016–2018, Hele byen", sample=sample, lang=lang)
    return export_chart(trend_chart(SURVEY, S01, year_from=2016, label="Hele byen", lang=lang), meta, size)


def _without_stamp(spec: dict, stamp: str = "EKSEMPELDATA") -> dict:
    """The same spec with the stamp made invisible: the layout stays exactly as it was."""
    def walk(node):
        if isinstance(node, dict):
            mark = node.get("mark")
            if isinstance(mark, dict) and mark.get("text") == stamp:
                return {**node, "mark": {**mark, "opacity": 0}}
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(value) for value in node]
        return node
    return walk(spec)


def _plot_box(spec: dict, scale: int = 2) -> tuple[float, float, float, float]:
    """Where the plot (the chart's first part) lies in the PNG, from the scene Vega draws."""
    import vl_convert
    scene = vl_convert.vegalite_to_scenegraph(spec)
    (ox, oy), root = scene["origin"], scene["scenegraph"]["items"][0]
    (plot,) = [group["items"][0] for group in root["items"] if group.get("name") == "concat_0_group"]
    left, top = (ox + plot["x"]) * scale, (oy + plot["y"]) * scale
    return left, top, left + plot["width"] * scale, top + plot["height"] * scale


def _image(png: bytes):
    from PIL import Image
    return Image.open(io.BytesIO(png)).convert("RGB")


@pytest.mark.parametrize(("size", "lang"), [(size, lang) for size in SIZES for lang in ("da", "en")])
def test_the_stamp_stays_inside_the_image_with_a_margin_at_every_size(size, lang):
    from PIL import ImageChops
    spec = _survey_spec(size, lang)
    stamp = "EKSEMPELDATA" if lang == "da" else "SAMPLE DATA"
    stamped, plain = _image(to_png(spec)), _image(to_png(_without_stamp(spec, stamp)))
    assert stamped.size == plain.size
    box = ImageChops.difference(stamped, plain).getbbox()
    assert box is not None, "the stamp is drawn"
    left, top, right, bottom = box
    margin = 2 * PADDING  # the PNG is drawn at scale 2
    width, height = stamped.size
    assert left >= margin and top >= margin and right <= width - margin and bottom <= height - margin, (box, stamped.size)
    # inside the plot itself, not over the axes, and a stamp rather than a speck (most of the plot's width)
    plot_left, plot_top, plot_right, plot_bottom = _plot_box(spec)
    assert (plot_right - plot_left, plot_bottom - plot_top) == (2 * SIZES[size][0], 2 * SIZES[size][1])
    assert left >= plot_left and top >= plot_top and right <= plot_right and bottom <= plot_bottom, (box, _plot_box(spec))
    assert right - left >= 0.5 * (plot_right - plot_left)


@pytest.mark.parametrize("size", list(SIZES))
def test_every_size_has_a_white_margin_all_round(size):
    image = _image(to_png(_survey_spec(size)))
    width, height = image.size
    ring = 2 * PADDING - 4  # a few pixels' grace for anti-aliasing at the title's first letter
    for box in ((0, 0, width, ring), (0, height - ring, width, height), (0, 0, ring, height), (width - ring, 0, width, height)):
        assert image.crop(box).getextrema() == ((255, 255), (255, 255), (255, 255)), box


@pytest.mark.parametrize(("size", "expected"), [("print", (93, 337.2)), ("wide", (98, 340.3)), ("square", (94, 330.0))])
def test_the_stamp_size_and_angle_follow_the_plot(size, expected):
    font, angle = stamp_layout("EKSEMPELDATA", *SIZES[size])
    assert (font, round(angle, 1)) == expected


def test_the_band_and_a_y_axis_not_from_zero_are_explained_under_the_chart():
    svg = to_svg(_survey_spec("print"))
    assert "Det lyse bånd viser 95 %-usikkerhedsintervallet." in svg
    assert "Bemærk: y-aksen starter ikke ved 0." in svg
    english = to_svg(_survey_spec("square", "en", sample=False))
    assert "The light band shows the 95 % uncertainty interval." in english
    assert "Note: the y axis does not start at 0." in english


def test_no_band_no_band_line_and_an_axis_from_zero_no_note():
    # S07 is a count without a band; 1.304-1.357 does not start at 0 ...
    svg = to_svg(export_chart(trend_chart(SERIES, S07, year_from=2016, label="x"), _meta(), "print"))
    assert "Det lyse bånd" not in svg and "Bemærk: y-aksen starter ikke ved 0." in svg
    # ... while 0-40 does.
    from_zero = indicator_series(level_sums({
        "period": [date(2016, 1, 1), date(2017, 1, 1)], "value_sum": [0.0, 40.0], "base_count": [0, 40],
        "n_cells": [20, 20], "sample_cells": [20, 20],
    }), S07, hidden=NOTHING_HIDDEN, years=(2016, 2017))
    svg = to_svg(export_chart(trend_chart(from_zero, S07, year_from=2016, label="x"), _meta(), "print"))
    assert "y-aksen" not in svg


def test_file_names_say_indicator_title_filters_period_and_size():
    meta = ChartMeta(title=S01.title_da, definition="", source="", data_date=None, filters="", sample=False,
                     name="Færre ensomme", scope="Hele byen", period="2014–2025")
    assert meta.file_name("S01", "png", "print") == "S01_faerre-ensomme_hele-byen_2014-2025_tryk.png"
    assert meta.file_name("S01", "svg", "wide") == "S01_faerre-ensomme_hele-byen_2014-2025_16x9.svg"
    assert meta.file_name("S01", "png", "square") == "S01_faerre-ensomme_hele-byen_2014-2025_kvadrat.png"
    assert meta.file_name("S01", "csv") == "S01_faerre-ensomme_hele-byen_2014-2025.csv"
    filtered = ChartMeta(title="", definition="", source="", data_date=None, filters="", sample=True, lang="en",
                         name="Lonely citizens", scope="Østerbro, Bo- og Støttetilbud Åbo, Hjemløse", period="2025")
    assert filtered.file_name("S01", "png", "print") == \
        "S01_lonely-citizens_oesterbro_bo-og-stoettetilbud-aabo_hjemloese_2025_SAMPLEDATA_print.png"


def test_slug_is_ascii_with_danish_letters_transliterated():
    assert slug("Færre borgere i Århus – Ødegård (2025)") == "faerre-borgere-i-aarhus-oedegaard-2025"
    assert slug("Café naïve") == "cafe-naive" and slug("  ") == ""


def test_a_count_says_what_it_counts_in_every_file():
    table = export_table(SERIES, S07, breakdown="Hele byen")
    assert table["enhed"].to_list() == ["antal borgere"] * 3
    assert ";antal borgere;" in to_csv(table).decode("utf-8-sig")
    book = pl.read_excel(io.BytesIO(to_xlsx(table, _meta())), read_options={"header_row": xlsx_table_row(_meta())})
    assert book["enhed"].to_list() == ["antal borgere"] * 3
    english = export_table(SERIES, S07, breakdown="Whole city", lang="en")
    assert english["unit"].to_list() == ["number of citizens"] * 3
    assert "number of citizens" in to_csv(english, "en").decode("utf-8-sig")
    svg = to_svg(export_chart(trend_chart(SERIES, S07, year_from=2016, label="x"), _meta(), "print"))
    assert ">Antal borgere</text>" in svg  # the image's y axis
    svg = to_svg(export_chart(trend_chart(SERIES, S07, year_from=2016, label="x", lang="en"), _meta("en"), "square"))
    assert ">Number of citizens</text>" in svg
    assert export_table(SERIES, S01, breakdown="x")["enhed"].to_list() == ["procent"] * 3


def test_a_chart_of_several_lines_gives_every_line_its_rows_named_by_its_label():
    both = lines_table([(SERIES, "Nørrebro"), (SERIES.head(1), "Hele byen")], S07)
    assert both["opdeling"].to_list() == ["Nørrebro"] * SERIES.height + ["Hele byen"]
    assert both.columns == export_table(SERIES, S07, breakdown="x").columns
