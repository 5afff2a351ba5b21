"""On-screen tables. Streamlit's table toolbar offers its own CSV download, which bypasses ui.export,
so every table is neutralised against formula injection before it is drawn."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl
import streamlit as st

from data_access.import_parsing import Problem
from data_access.text_safety import neutralise_frame
from registry import Indicator
from ui.formatting import locale_for, number, value_text
from ui.i18n import t

# The columns of a chart's file (ui.export.export_table) that its on-screen table shows, in order.
_CHART_COLUMNS = ("period", "breakdown", "value", "ci_low", "ci_high", "base", "provenance", "note")


def data_table(frame: pl.DataFrame, **kwargs) -> None:
    """st.dataframe of `frame` with every formula-like text cell prefixed by an apostrophe."""
    st.dataframe(neutralise_frame(frame), hide_index=True, width="stretch", **kwargs)


def chart_table(table: pl.DataFrame, indicator: Indicator, lang: str = "da") -> None:
    """The rows behind a chart as an HTML table, which a screen reader reads as a table and a keyboard
    reaches (st.dataframe draws a canvas)."""
    st.table(neutralise_frame(chart_rows(table, indicator, lang)), hide_index=True)


def chart_rows(table: pl.DataFrame, indicator: Indicator, lang: str = "da") -> pl.DataFrame:
    """A chart's file rows (ui.export.export_table) as the screen shows them: period, breakdown,
    figures in the page's number format with their unit, provenance and note; empty columns left out."""
    locale = locale_for(lang)
    columns = [name for key in _CHART_COLUMNS if (name := t(f"export.col.{key}", lang)) in table.columns]
    measured = {t(f"export.col.{key}", lang) for key in ("value", "ci_low", "ci_high")}

    def text(name: str, value: Any) -> str:
        if value is None:
            return ""
        if name in measured:
            return value_text(float(value), indicator, locale=locale)
        if name == t("export.col.base", lang):
            return number(float(value), 0, locale=locale)
        return str(value)

    return pl.DataFrame({name: [text(name, v) for v in table[name]] for name in columns
                         if table[name].null_count() < table.height})


def problems_table(problems: Iterable[Problem]) -> None:
    """An import's problems, one row each: row, column, what is wrong, what was found and expected."""
    data_table(pl.DataFrame(
        [{"række": p.row, "kolonne": p.column, "problem": p.message, "fundet": p.found, "forventet": p.expected}
         for p in problems],
        schema={"række": pl.Int64, "kolonne": pl.Utf8, "problem": pl.Utf8, "fundet": pl.Utf8, "forventet": pl.Utf8},
    ))
