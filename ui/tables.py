"""On-screen tables. Streamlit's table toolbar offers its own CSV download, which bypasses ui.export,
so every table is neutralised against formula injection before it is drawn."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
import streamlit as st

from data_access.import_parsing import Problem
from data_access.text_safety import neutralise_frame


def data_table(frame: pl.DataFrame, **kwargs) -> None:
    """st.dataframe of `frame` with every formula-like text cell prefixed by an apostrophe."""
    st.dataframe(neutralise_frame(frame), hide_index=True, width="stretch", **kwargs)


def problems_table(problems: Iterable[Problem]) -> None:
    """An import's problems, one row each: row, column, what is wrong, what was found and expected."""
    data_table(pl.DataFrame(
        [{"række": p.row, "kolonne": p.column, "problem": p.message, "fundet": p.found, "forventet": p.expected}
         for p in problems],
        schema={"række": pl.Int64, "kolonne": pl.Utf8, "problem": pl.Utf8, "fundet": pl.Utf8, "forventet": pl.Utf8},
    ))
