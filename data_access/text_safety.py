"""Text a spreadsheet could run as a formula (CSV/formula injection, OWASP ASVS 5.0 1.2.10).

The one home of the characters that start such text and of the neutralising: every CSV and XLSX
the project writes (the press files in `ui.export`, the import format in `data_access.importer`)
prefixes such a text cell with an apostrophe, as OWASP recommends, and the importers refuse such
text in their input with the same characters. Numbers are never touched: a Float64 -3.5 stays a
number; only text cells (and column names) are neutralised.

No Streamlit here, so both `data_access` and `ui` can use it.
"""

from __future__ import annotations

import re
from typing import TypeGuard, overload

import polars as pl

# "=", "+", "-", "@" start a formula; TAB, CR and NUL are dropped or shift a cell by some
# spreadsheets, after which the rest of the text starts the formula.
FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\x00")
_CONTROL_NAMES_DA = {"\t": "tabulator", "\r": "vognretur (CR)", "\x00": "NUL-tegn"}
_TEXT_DTYPES = (pl.String, pl.Categorical, pl.Enum)


def is_formula_like(text: str | None) -> TypeGuard[str]:
    """True when a spreadsheet could read `text` as a formula (it begins with one of FORMULA_START)."""
    return text is not None and text.startswith(FORMULA_START)


@overload
def neutralise(value: str) -> str: ...
@overload
def neutralise(value: None) -> None: ...
def neutralise(value: str | None) -> str | None:
    """A text cell that a spreadsheet would run as a formula, prefixed with an apostrophe; else unchanged."""
    return "'" + value if is_formula_like(value) else value


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame as it may be written to a CSV or XLSX file: every text cell and column name that
    begins with a formula character is prefixed with an apostrophe (categorical columns become text).
    Call it on the whole frame after its last change, right before the file's bytes are written.
    Numeric columns are left as they are."""
    text_cols = [name for name, dtype in frame.schema.items() if isinstance(dtype, _TEXT_DTYPES)]
    safe = frame.with_columns(
        pl.when(pl.any_horizontal([pl.col(c).cast(pl.String).str.starts_with(s) for s in FORMULA_START]))
        .then(pl.lit("'") + pl.col(c).cast(pl.String))
        .otherwise(pl.col(c).cast(pl.String))
        .alias(c)
        for c in text_cols
    )
    return safe.rename({name: neutralise(name) for name in safe.columns if is_formula_like(name)})


# Control characters a database cannot store (NUL: PostgreSQL refuses it) or that no label needs.
_STORED_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_problem_da(text: str) -> tuple[str, str] | None:
    """(what is wrong, what was expected) in Danish for import text holding a control character, else None."""
    found = _STORED_CONTROL.search(text)
    if found is None:
        return None
    char = found.group()
    name = _CONTROL_NAMES_DA.get(char, f"U+{ord(char):04X}")
    return (f"Teksten indeholder et styretegn ({name}) på plads {found.start() + 1}, som ikke kan gemmes.",
            "almindelig tekst uden styretegn")


def formula_problem_da(text: str) -> tuple[str, str]:
    """(what is wrong, what was expected) in Danish for import text that looks like a formula."""
    first = text[0]
    if first in _CONTROL_NAMES_DA:
        return (f"Cellen begynder med et styretegn ({_CONTROL_NAMES_DA[first]}) og kan læses som en formel; "
                "den modtages ikke af sikkerhedshensyn.",
                "tekst, der ikke begynder med tabulator, vognretur eller NUL-tegn")
    return (f"Cellen begynder med »{first}« og ligner en formel; den modtages ikke af sikkerhedshensyn.",
            "tekst, der ikke begynder med =, +, - eller @")
