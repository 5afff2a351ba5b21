"""A row of download buttons under a chart: PNG, SVG, CSV, XLSX. Files are made only when clicked."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import streamlit as st

from ui.charts import BuiltChart
from ui.charts import built_chart as _built
from ui.export import ChartMeta, export_chart, to_csv, to_png, to_svg, to_xlsx
from ui.i18n import t

_SIZES = ("print", "wide", "square")


@st.fragment  # choosing a size reruns only this row, not the page with all its charts
def download_row(chart: BuiltChart | Callable[[], BuiltChart], meta: ChartMeta, table: pl.DataFrame, *, key: str,
                 code: str) -> None:
    """`chart` may be a builder: a page that draws a cached spec builds the chart only when a file is asked for."""
    lang = meta.lang
    # One row that wraps, each button as wide as its label: st.columns shared the width out and, on a
    # tablet, cut the labels down to their icons.
    row = st.container(horizontal=True, wrap=True, gap="small", vertical_alignment="center")
    size = row.selectbox(
        t("export.size", lang), _SIZES, key=f"{key}_size", label_visibility="collapsed",
        format_func=lambda s: t(f"export.size.{s}", lang), width=190,
    )
    row.download_button(
        t("export.png", lang), data=lambda: to_png(export_chart(_built(chart), meta, size)), file_name=meta.file_name(code, "png", size),
        mime="image/png", key=f"{key}_png", icon=":material/image:", on_click="ignore",
    )
    row.download_button(
        t("export.svg", lang), data=lambda: to_svg(export_chart(_built(chart), meta, size)), file_name=meta.file_name(code, "svg", size),
        mime="image/svg+xml", key=f"{key}_svg", icon=":material/draw:", on_click="ignore",
    )
    row.download_button(
        t("export.csv", lang), data=lambda: to_csv(table, lang), file_name=meta.file_name(code, "csv"), mime="text/csv",
        key=f"{key}_csv", icon=":material/table:", on_click="ignore",
    )
    row.download_button(
        t("export.xlsx", lang), data=lambda: to_xlsx(table, meta), file_name=meta.file_name(code, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx",
        icon=":material/grid_on:", on_click="ignore",
    )
