"""Numbers and dates in text, Danish by default, through Babel (never hand-rolled separators)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from registry import Indicator, Noun
from ui.i18n import BABEL_LOCALE, t

LOCALE = "da_DK"
# st.metric reads the sign of a leading ASCII hyphen, so changes use "-" rather than "−".
_UNIT_SUFFIX = {
    "da": {"pct": " %", "days": " dage", "count": "", "fte": " årsværk"},
    "en": {"pct": " %", "days": " days", "count": "", "fte": " FTE"},
}
_CHANGE_SUFFIX = {
    "da": {"pct": " procentpoint", "days": " dage", "count": "", "fte": " årsværk"},
    "en": {"pct": " percentage points", "days": " days", "count": "", "fte": " FTE"},
}


def _lang(locale: str) -> str:
    return "en" if locale.startswith("en") else "da"


def locale_for(lang: str) -> str:
    return BABEL_LOCALE[lang]


def decimals_for(unit: str) -> int:
    return 0 if unit == "count" else 1


MINUS = "\u2212"
"""A real minus sign (−) in text, not the hyphen Babel writes."""


def number(value: float, decimals: int = 1, *, locale: str = LOCALE) -> str:
    """1234.5 -> '1.234,5' (da_DK) or '1,234.5' (en_GB); -2.5 -> '−2,5' with a real minus sign."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(value, format=pattern, locale=locale)
    return MINUS + text[1:] if text.startswith("-") else text


Measure = str | Indicator
"""What a number is: an indicator (a count then names what it counts: '1.620 borgere'), or a bare unit."""


def _unit_and_noun(measure: Measure, lang: str) -> tuple[str, Noun | None]:
    if isinstance(measure, Indicator):
        return measure.unit, measure.noun(lang)
    return measure, None


def noun_for(value: float, noun: Noun, *, locale: str = LOCALE) -> str:
    """The noun's form for a number as shown (a count has no decimals), by the locale's plural rules
    (Babel/CLDR): 1 borger, 2 borgere, 0 borgere; 1 citizen, 0 citizens."""
    return noun.one if Locale.parse(locale).plural_form(abs(round(value))) == "one" else noun.other


def value_text(value: float | None, measure: Measure, *, locale: str = LOCALE) -> str:
    """37.04 -> '37,0 %'; a count with its noun: 1620 -> '1.620 borgere' (English '1,620 citizens')."""
    if value is None:
        return "–"
    unit, noun = _unit_and_noun(measure, _lang(locale))
    text = number(value, decimals_for(unit), locale=locale)
    if noun is not None:
        return f"{text} {noun_for(value, noun, locale=locale)}"
    return text + _UNIT_SUFFIX[_lang(locale)][unit]


def as_shown(value: float, measure: Measure) -> float:
    """The value as the page shows it: rounded to the unit's decimals, half to even as Babel rounds."""
    unit, _ = _unit_and_noun(measure, "da")
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals_for(unit)), rounding=ROUND_HALF_EVEN))


def shown_change(latest: float | None, baseline: float | None, measure: Measure) -> float | None:
    """The change between two values as they are shown, so that "fra 47,9 % til 55,0 %" comes with
    "+7,1 procentpoint", never the "+7,0" of the unrounded 7,04. (The status is judged unrounded.)"""
    if latest is None or baseline is None:
        return None
    return as_shown(latest, measure) - as_shown(baseline, measure)


def change_text(change: float | None, measure: Measure, *, locale: str = LOCALE) -> str:
    """-80 -> '−80 udsættelser', 2.5 (pct) -> '+2,5 procentpoint'."""
    if change is None:
        return "–"
    unit, noun = _unit_and_noun(measure, _lang(locale))
    sign = "+" if change > 0 else (MINUS if change < 0 else "±")
    text = sign + number(abs(change), decimals_for(unit), locale=locale)
    if noun is not None:
        return f"{text} {noun_for(change, noun, locale=locale)}"
    return text + _CHANGE_SUFFIX[_lang(locale)][unit]


def unit_name(measure: Measure, lang: str = "da") -> str:
    """The unit in words, e.g. for a file's unit column: 'procent', 'antal borgere' ('number of citizens')."""
    unit, noun = _unit_and_noun(measure, lang)
    if noun is not None:
        return t("unit.count_of", lang, noun=noun.other)
    return t(f"unit.{unit}", lang)


def axis_title(measure: Measure, lang: str = "da") -> str:
    """'Andel (%)', 'Dage'; a count names what it counts: 'Antal borgere' ('Number of citizens')."""
    unit, noun = _unit_and_noun(measure, lang)
    if noun is not None:
        return t("axis.count_of", lang, noun=noun.other)
    return t(f"axis.{unit}", lang)


TIME_ZONE = "Europe/Copenhagen"
"""Times are stored in UTC and shown as the clock in Copenhagen says them."""


def datetime_text(moment: datetime, *, locale: str = LOCALE) -> str:
    """A UTC time as Copenhagen's clock shows it, e.g. '12.03.2025 14.05' (da_DK) or '12 Mar 2025 14:05'."""
    pattern = "dd.MM.yyyy HH.mm" if _lang(locale) == "da" else f"{_EN_DATE} HH:mm"
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return format_datetime(aware, format=pattern, tzinfo=ZoneInfo(TIME_ZONE), locale=locale)


# English dates name the month: 01/12/2026 is 1 December in Britain and 12 January to many readers.
_EN_DATE = "d MMM y"


def date_text(day: date, *, locale: str = LOCALE) -> str:
    """date(2025, 3, 12) -> '12.03.2025' (da_DK) or '12 Mar 2025' (en_GB)."""
    return format_date(day, format="dd.MM.yyyy" if _lang(locale) == "da" else _EN_DATE, locale=locale)


QUARTER_LETTER = {"da": "K", "en": "Q"}
"""2023 K1 (kvartal) in Danish, 2023 Q1 in English."""


def period_text(day: date | None, frequency: str, lang: str = "da") -> str:
    """A period by its first day, as it is named: '2023' for a year, '2023 K1' (English '2023 Q1') for a
    quarter; '–' for none."""
    if day is None:
        return "–"
    if frequency == "year":
        return str(day.year)
    return f"{day.year} {QUARTER_LETTER[lang]}{(day.month - 1) // 3 + 1}"


_DANISH_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})  # the three code points after z


def danish_sort_key(text: str) -> str:
    """Sort as a Danish reader expects: case-insensitive, with æ, ø, å after z."""
    return text.casefold().translate(_DANISH_ORDER)
