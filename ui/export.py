"""Files for the press: chart images (vl-convert) and the rows behind a chart (CSV, XLSX).

Every file carries its title, definition, source, data date and filters; whenever any point is
sample data, the image has a stamp across the plot and the tables say so on every row.
No Streamlit here: pages call these from download buttons.
"""

from __future__ import annotations

import functools
import io
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import altair as alt
import font_source_sans_pro
import polars as pl
import vl_convert as vlc

from data_access.text_safety import neutralise, neutralise_frame
from registry import Indicator
from ui.charts import BuiltChart
from ui.formatting import date_text, locale_for
from ui.i18n import t
from ui.provenance import gap_column, provenance_labels
from ui.vega_locale import vega_locale

# Plot area (width, height) in pixels for each format; the title block comes on top.
SIZES = {"print": (1000, 420), "wide": (1120, 400), "square": (760, 560)}

# Source Sans Pro (SIL OFL), the font Streamlit draws the app in, from a Python package: files and the
# PDF look the same on every machine, with Danish letters, dashes and the minus sign.
FONT = "Source Sans Pro"
FONT_DIR = Path(font_source_sans_pro.__file__).parent / "files"


@dataclass(frozen=True)
class ChartMeta:
    """What an exported file says about itself."""

    title: str
    definition: str
    source: str
    data_date: date | None
    filters: str
    sample: bool
    lang: str = "da"
    pinned: date | None = None  # a frozen vintage ("data pr. 01.03.2025")

    def lines(self) -> list[str]:
        """The subtitle lines, in order."""
        locale = locale_for(self.lang)
        out = textwrap.wrap(self.definition, 110)
        out.append(t("note.source", self.lang, source=self.source).rstrip("."))
        dates = []
        if self.data_date:
            dates.append(t("data.updated", self.lang, date=date_text(self.data_date, locale=locale)))
        if self.pinned:
            dates.append(t("data.pinned", self.lang, date=date_text(self.pinned, locale=locale)))
        if dates:
            out.append(" · ".join(dates))
        out.append(t("export.filters", self.lang, filters=self.filters))
        if self.sample:
            out.append(t("sample.mark", self.lang).upper())
        return out

    def file_stem(self, code: str) -> str:
        stamp = "_" + t("sample.stamp", self.lang).replace(" ", "") if self.sample else ""
        return f"{code}{stamp}"


def export_chart(chart: BuiltChart, meta: ChartMeta, size: str = "print") -> dict:
    """The chart as a Vega-Lite spec for a file: sized, titled, stamped when sample, localised."""
    width, height = SIZES[size]
    body = chart.properties(width=width, height=height)
    if meta.sample:
        stamp = alt.Chart(alt.Data(values=[{}])).mark_text(
            text=t("sample.stamp", meta.lang), fontSize=min(width, height) // 5, fontWeight="bold",
            angle=340, color="#b30000", opacity=0.22,
        ).encode(x=alt.value(width / 2), y=alt.value(height / 2))
        body = alt.layer(body, stamp)
    title = alt.TitleParams(
        text=textwrap.wrap(meta.title, 80), subtitle=meta.lines(), anchor="start", fontSize=20,
        subtitleFontSize=13, subtitleColor="#333", offset=14,
    )
    return body.properties(title=title).configure(locale=vega_locale(meta.lang), font=FONT).to_dict()


@functools.cache
def _register_fonts() -> None:
    vlc.register_font_directory(str(FONT_DIR))


def to_png(spec: dict, *, scale: float = 2) -> bytes:
    """PNG at twice the pixel size by default, for print."""
    _register_fonts()
    return vlc.vegalite_to_png(spec, scale=scale)


def to_svg(spec: dict) -> str:
    _register_fonts()
    return vlc.vegalite_to_svg(spec)


def export_table(series: pl.DataFrame, indicator: Indicator, *, breakdown: str | pl.Series, lang: str = "da",
                 period_col: str = "year", pinned: date | None = None) -> pl.DataFrame:
    """Exactly the rows behind a chart, one per period, with suppressed values left blank and flagged.

    `series` has the period column, value, ci_low, ci_high, base_count, suppressed, provenance and
    the gap columns (metrics.levels). Every row says its provenance, and a gap says why. `breakdown`
    is one label for every row, or one per row (e.g. the district names of a map).
    The texts are as they are: `to_csv` and `to_xlsx` neutralise formula-like text when they write.
    """
    col = lambda key: t(f"export.col.{key}", lang)  # noqa: E731
    kinds = provenance_labels(lang)
    label = pl.lit(breakdown) if isinstance(breakdown, str) else pl.lit(pl.Series(breakdown, dtype=pl.Utf8))
    table = series.with_columns(gap_column(series, lang).alias("_gap")).select(
        pl.lit(indicator.code).alias(col("code")),
        pl.lit(indicator.title(lang)).alias(col("title")),
        pl.lit(t(f"unit.{indicator.unit}", lang)).alias(col("unit")),
        pl.col(period_col).cast(pl.Utf8).alias(col("period")),
        label.alias(col("breakdown")),
        pl.col("value").round(2).alias(col("value")),
        pl.col("ci_low").round(2).alias(col("ci_low")),
        pl.col("ci_high").round(2).alias(col("ci_high")),
        pl.col("base_count").alias(col("base")),
        pl.when(pl.col("suppressed")).then(pl.lit(t("export.yes", lang))).otherwise(pl.lit(t("export.no", lang)))
        .alias(col("suppressed")),
        pl.col("provenance").replace_strict(kinds, default="").alias(col("provenance")),
        pl.col("_gap").alias(col("note")),
        pl.lit(indicator.source).alias(col("source")),
    )
    if pinned is not None:  # a frozen vintage is said on every row, like the provenance
        table = table.with_columns(pl.lit(pinned.isoformat()).alias(col("pinned")))
    return table


def to_csv(table: pl.DataFrame, lang: str = "da") -> bytes:
    """CSV as Danish Excel reads it (`;`, decimal comma, UTF-8 with BOM); English: `,` and `.`.
    Formula-like text is neutralised here, on the frame as it is written (data_access.text_safety)."""
    table = neutralise_frame(table)
    if lang == "da":
        body = table.write_csv(separator=";", decimal_comma=True, float_precision=2)
    else:
        body = table.write_csv(separator=",", float_precision=2)
    return ("\ufeff" + body).encode("utf-8")


def to_xlsx(table: pl.DataFrame, meta: ChartMeta) -> bytes:
    """A workbook with the title block on top and the table below, numbers in Danish display format.
    Formula-like text is neutralised here, in the header lines and the frame as it is written."""
    table = neutralise_frame(table)
    header = [meta.title, *meta.lines()]
    buffer = io.BytesIO()
    number_format = "[$-406]#,##0.00" if meta.lang == "da" else "#,##0.00"
    float_cols = [name for name, dtype in table.schema.items() if dtype == pl.Float64]
    import xlsxwriter  # polars writes through xlsxwriter; the header lines are written beside it

    # Text stays text: never a formula or a link, whatever xlsxwriter would otherwise make of it.
    with xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False}) as workbook:
        sheet = workbook.add_worksheet("data")
        bold = workbook.add_format({"bold": True, "font_size": 13})
        red = workbook.add_format({"bold": True, "font_color": "#b30000"})
        for row, line in enumerate(header):
            stamp = meta.sample and line == t("sample.mark", meta.lang).upper()
            sheet.write_string(row, 0, neutralise(line), red if stamp else (bold if row == 0 else None))
        table.write_excel(
            workbook=workbook, worksheet="data", position=(len(header) + 1, 0),
            column_formats={c: number_format for c in float_cols}, autofit=True, table_style=None,
        )
    return buffer.getvalue()


XLSX_HEADER_ROWS = lambda meta: len(meta.lines()) + 2  # noqa: E731  (title + lines + blank row)
