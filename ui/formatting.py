"""Numbers and dates in text, Danish by default, through Babel (never hand-rolled separators)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "da_DK"
# Unicode minus would read better, but st.metric reads the sign of a leading ASCII hyphen.
_UNIT_SUFFIX = {"pct": " %", "days": " dage", "count": "", "fte": " årsværk"}
_CHANGE_SUFFIX = {"pct": " procentpoint", "days": " dage", "count": "", "fte": " årsværk"}
_AXIS_TITLE = {"pct": "Andel (%)", "days": "Dage", "count": "Antal", "fte": "Årsværk"}


def decimals_for(unit: str) -> int:
    return 0 if unit == "count" else 1


def number(value: float, decimals: int = 1, *, locale: str = LOCALE) -> str:
    """1234.5 -> '1.234,5' (da_DK)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale)


def value_text(value: float | None, unit: str, *, locale: str = LOCALE) -> str:
    if value is None:
        return "–"
    return number(value, decimals_for(unit), locale=locale) + _UNIT_SUFFIX[unit]


def change_text(change: float | None, unit: str, *, locale: str = LOCALE) -> str:
    if change is None:
        return "–"
    sign = "+" if change > 0 else ("-" if change < 0 else "±")
    return sign + number(abs(change), decimals_for(unit), locale=locale) + _CHANGE_SUFFIX[unit]


def axis_title(unit: str) -> str:
    return _AXIS_TITLE[unit]


def date_text(day: date, *, locale: str = LOCALE) -> str:
    """date(2025, 3, 12) -> '12.03.2025'."""
    return format_date(day, format="dd.MM.yyyy", locale=locale)


_DANISH_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})  # the three code points after z


def danish_sort_key(text: str) -> str:
    """Sort as a Danish reader expects: case-insensitive, with æ, ø, å after z."""
    return text.casefold().translate(_DANISH_ORDER)
