"""Files for the press: chart images (vl-convert) and the rows behind a chart (CSV, XLSX).

Every file carries its title, definition, source, data date and filters; whenever any point is
sample data, the image has a stamp across the plot and the tables say so on every row. An image has
a white margin all round, and says under the chart what its band is and when its y axis does not
start at 0. File names say what is in them (indicator, title, filters, period, size), in ASCII.
No Streamlit here: pages call these from download buttons.
"""

from __future__ import annotations

import functools
import io
import math
import re
import textwrap
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import altair as alt
import font_source_sans_pro
import polars as pl
import vl_convert as vlc
from PIL import ImageFont

from data_access.text_safety import neutralise, neutralise_frame
from registry import Indicator
from ui.charts import BuiltChart
from ui.formatting import MINUS, date_text, locale_for, unit_name
from ui.i18n import t
from ui.provenance import gap_column, provenance_labels
from ui.vega_locale import vega_locale

# Plot area (width, height) in pixels for each format; the title block comes on top.
SIZES = {"print": (1000, 420), "wide": (1120, 400), "square": (760, 560)}
PADDING = 32
"""White margin on every side of an image, in pixels before the PNG's scale (so 64 px in a 2x PNG)."""
STAMP_ROOM = 0.8
"""The share of the plot's width and height the turned sample stamp may take, at most."""

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
    # For the file's name: the short title, what the figures are for ("Nørrebro, Hjemløse"), the period.
    name: str = ""
    scope: str = ""
    period: str = ""

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

    def file_name(self, code: str, extension: str, size: str | None = None) -> str:
        """What a file is, in its name: e.g. 'S01_ensomme-borgere_hele-byen_2014-2025_tryk.png' (ASCII)."""
        parts = [code, slug(self.name), *(slug(part) for part in self.scope.split(",")), slug(self.period)]
        if self.sample:
            parts.append(t("sample.stamp", self.lang).replace(" ", ""))
        if size is not None:
            parts.append(t(f"export.file.{size}", self.lang))
        return "_".join(part for part in parts if part) + f".{extension}"


_ASCII_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def slug(text: str) -> str:
    """'Færre ensomme (2025)' -> 'faerre-ensomme-2025': lower-case ASCII words joined by hyphens, æøå
    written as Danes write them without the letters, other accents dropped."""
    plain = unicodedata.normalize("NFKD", text.translate(_ASCII_DANISH))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


@functools.cache
def _stamp_width_per_px(text: str) -> float:
    """The stamp's width per pixel of font size, measured in the bold face the image draws it in."""
    return ImageFont.truetype(str(FONT_DIR / "SourceSansPro-Bold.ttf"), 100).getlength(text) / 100


def stamp_layout(text: str, width: int, height: int) -> tuple[int, float]:
    """Font size and angle (degrees, clockwise as Vega turns text) for the sample stamp, so the turned
    text fits inside the plot (width × height) with room to spare at every size: it rises along the
    plot's diagonal (at most 30°) and is as large as STAMP_ROOM of the plot allows."""
    angle = min(math.atan2(height, width), math.radians(30))
    cos, sin = math.cos(angle), math.sin(angle)
    per_px = _stamp_width_per_px(text)  # a line of text is 1 font size high
    size = STAMP_ROOM * min(width / (per_px * cos + sin), height / (per_px * sin + cos))
    return math.floor(size), 360 - math.degrees(angle)


def _stamp(text: str, width: int, height: int) -> alt.Chart:
    size, angle = stamp_layout(text, width, height)
    return alt.Chart(alt.Data(values=[{}])).mark_text(
        text=text, fontSize=size, fontWeight="bold", angle=angle, color="#b30000", opacity=0.22,
        align="center", baseline="middle",
    ).encode(x=alt.value(width / 2), y=alt.value(height / 2))


def _has_band(spec: object) -> bool:
    """Whether a chart draws a band: an area between two values (y and y2), e.g. the 95 % interval."""
    if isinstance(spec, dict):
        mark = spec.get("mark")
        kind = mark.get("type") if isinstance(mark, dict) else mark
        if kind == "area" and "y2" in spec.get("encoding", {}):
            return True
        return any(_has_band(value) for value in spec.values())
    if isinstance(spec, list):
        return any(_has_band(value) for value in spec)
    return False


def _label_values(group: dict) -> list[tuple[float, float, str]]:
    """(x, y, text) of each label of one axis in a scenegraph."""
    out = []
    for node in group.get("items", []):
        if node.get("role") == "axis-label":
            out += [(item.get("x", 0.0), item.get("y", 0.0), item.get("text", "")) for item in node.get("items", [])]
        elif isinstance(node, dict):
            out += _label_values(node)
    return out


def _axes(node: object) -> list[dict]:
    if isinstance(node, dict):
        if node.get("role") == "axis":
            return [node]
        return [axis for value in node.values() for axis in _axes(value)]
    if isinstance(node, list):
        return [axis for value in node for axis in _axes(value)]
    return []


def y_axis_starts_above_zero(spec: dict) -> bool:
    """Whether the chart's vertical number axis starts above 0 (or ends below it), as Vega draws it:
    read from the rendered scene (the axis' lowest and highest labels), not guessed from the data.
    `spec` is unconfigured, so the labels are in Vega's default format (1,300.0; −2)."""
    _register_fonts()
    for axis in _axes(vlc.vegalite_to_scenegraph(spec)):
        labels = _label_values(axis)
        if len(labels) < 2 or len({round(x) for x, _, _ in labels}) != 1:
            continue  # not a vertical axis (its labels stand in one column)
        try:
            values = [float(text.replace(",", "").replace(MINUS, "-")) for _, _, text in labels]
        except ValueError:
            continue  # names (a bar chart's categories), not numbers
        return min(values) > 0 or max(values) < 0
    return False


def chart_notes(spec: dict, lang: str = "da") -> list[str]:
    """The lines under an exported chart: what its band is, and that its y axis does not start at 0."""
    notes = []
    if _has_band(spec):
        notes.append(t("note.band", lang))
    if y_axis_starts_above_zero(spec):
        notes.append(t("note.axis_not_zero", lang))
    return notes


def _notes(lines: list[str], width: int) -> alt.Chart:
    line_height = 18
    return alt.Chart(alt.Data(values=[{}])).mark_text(
        text=lines, align="left", baseline="top", fontSize=13, lineHeight=line_height, color="#333",
    ).encode(x=alt.value(0), y=alt.value(0)).properties(
        width=width, height=line_height * len(lines), view=alt.ViewBackground(stroke=None),
    )


def export_chart(chart: BuiltChart, meta: ChartMeta, size: str = "print") -> dict:
    """The chart as a Vega-Lite spec for a file: sized, titled, stamped when sample, with its notes
    under it and a white margin all round, localised."""
    width, height = SIZES[size]
    body = chart.properties(width=width, height=height)
    notes = chart_notes(body.to_dict(), meta.lang)
    if meta.sample:
        body = alt.layer(body, _stamp(t("sample.stamp", meta.lang), width, height))
    title = alt.TitleParams(
        text=textwrap.wrap(meta.title, 80), subtitle=meta.lines(), anchor="start", fontSize=20,
        subtitleFontSize=13, subtitleColor="#333", offset=14,
    )
    # The notes come last, under the chart's own legend (a concat's shared legend would go below them).
    own_legends = alt.Resolve(legend=alt.LegendResolveMap(color="independent", shape="independent",
                                                          strokeDash="independent", fill="independent"))
    whole = alt.vconcat(body, _notes(notes, width), spacing=18, resolve=own_legends) if notes else body
    return whole.properties(title=title, padding=PADDING, background="white").configure(
        locale=vega_locale(meta.lang), font=FONT,
    ).to_dict()


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
        pl.lit(unit_name(indicator, lang)).alias(col("unit")),  # a count says what it counts
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


def lines_table(lines: list[tuple[pl.DataFrame, str]], indicator: Indicator, *, lang: str = "da",
                pinned: date | None = None) -> pl.DataFrame:
    """The rows behind a chart of several lines (e.g. a district beside the whole city), each line's rows
    named by its label: export_table for each, one under the other, as the chart draws them."""
    return pl.concat([export_table(frame, indicator, breakdown=label, lang=lang, pinned=pinned) for frame, label in lines])


def to_csv(table: pl.DataFrame, lang: str = "da") -> bytes:
    """CSV as Danish Excel reads it (`;`, decimal comma, UTF-8 with BOM); English: `,` and `.`.
    Formula-like text is neutralised here, on the frame as it is written (data_access.text_safety)."""
    table = neutralise_frame(table)
    if lang == "da":
        body = table.write_csv(separator=";", decimal_comma=True, float_precision=2)
    else:
        body = table.write_csv(separator=",", float_precision=2)
    return ("\ufeff" + body).encode("utf-8")


def xlsx_table_row(meta: ChartMeta) -> int:
    """The (0-based) row of a workbook's column names: below the title, the meta lines and a blank row.
    A reader of the file (e.g. polars' read_excel header_row) starts there."""
    return 1 + len(meta.lines()) + 1


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
            workbook=workbook, worksheet="data", position=(xlsx_table_row(meta), 0),
            column_formats={c: number_format for c in float_cols}, autofit=True, table_style=None,
        )
    return buffer.getvalue()

