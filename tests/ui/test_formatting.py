"""Danish numbers and dates in text (ui.formatting, through Babel)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry import load_registry
from ui.formatting import (
    as_shown,
    axis_title,
    change_text,
    date_text,
    decimals_for,
    number,
    period_text,
    shown_change,
    value_text,
)


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (1234.5, 1, "1.234,5"),
        (1234.5, 0, "1.234"),  # half to even: 1234.5 -> 1234
        (1234567.891, 2, "1.234.567,89"),
        (0, 1, "0,0"),
        (-1234.5, 1, "\u22121.234,5"),  # a real minus sign
        (999.96, 1, "1.000,0"),
        (42, 0, "42"),
    ],
)
def test_number(value, decimals, expected):
    assert number(value, decimals) == expected


def test_number_defaults_to_one_decimal():
    assert number(1234.5) == "1.234,5"


def test_number_in_another_locale():
    assert number(1234.5, locale="en_US") == "1,234.5"


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (42.04, "pct", "42,0 %"),
        (37.0, "pct", "37,0 %"),
        (21430, "count", "21.430"),
        (1620.4, "count", "1.620"),
        (131, "days", "131,0 dage"),
        (1234.56, "fte", "1.234,6 årsværk"),
        (None, "pct", "–"),
        (None, "count", "–"),
    ],
)
def test_value_text(value, unit, expected):
    assert value_text(value, unit) == expected


@pytest.mark.parametrize(
    "change, unit, expected",
    [
        (-4.96, "pct", "\u22125,0 procentpoint"),
        (6.0, "pct", "+6,0 procentpoint"),
        (0, "count", "±0"),
        (0, "pct", "±0,0 procentpoint"),
        (263, "count", "+263"),
        (-1050, "count", "\u22121.050"),
        (35.0, "days", "+35,0 dage"),
        (-2.25, "fte", "\u22122,2 årsværk"),  # half to even
        (None, "pct", "–"),
        (None, "count", "–"),
    ],
)
def test_change_text(change, unit, expected):
    assert change_text(change, unit) == expected


def test_change_text_uses_a_real_minus_sign_and_tiles_say_the_arrow_themselves():
    assert change_text(-1, "count").startswith("\u2212")  # st.metric gets delta_arrow and a named colour


@pytest.mark.parametrize(
    "day, expected",
    [(date(2025, 3, 12), "12.03.2025"), (date(2014, 1, 1), "01.01.2014"), (date(2026, 11, 26), "26.11.2026")],
)
def test_date_text(day, expected):
    assert date_text(day) == expected


def test_an_english_date_names_its_month():
    assert date_text(date(2026, 12, 1), locale="en_GB") == "1 Dec 2026"


@pytest.mark.parametrize("unit, decimals", [("pct", 1), ("days", 1), ("count", 0), ("fte", 1)])
def test_decimals_for(unit, decimals):
    assert decimals_for(unit) == decimals


@pytest.mark.parametrize(
    "unit, title", [("pct", "Andel (%)"), ("days", "Dage"), ("count", "Antal"), ("fte", "Årsværk")]
)
def test_axis_title(unit, title):
    assert axis_title(unit) == title


def test_danish_sort_key_orders_like_a_danish_reader():
    from ui.formatting import danish_sort_key

    names = ["Øst", "Den boligsociale anvisning", "Ås", "Den Sociale Døgnvagt", "Æble", "zebra"]
    assert sorted(names, key=danish_sort_key) == [
        "Den boligsociale anvisning", "Den Sociale Døgnvagt", "zebra", "Æble", "Øst", "Ås",
    ]


@pytest.mark.parametrize(
    "day, frequency, lang, text",
    [
        (date(2023, 1, 1), "year", "da", "2023"),
        (date(2023, 1, 1), "quarter", "da", "2023 K1"),
        (date(2023, 10, 1), "quarter", "en", "2023 Q4"),
        (date(2023, 5, 1), "quarter", "da", "2023 K2"),
        (None, "quarter", "da", "–"),
    ],
)
def test_period_text(day, frequency, lang, text):
    assert period_text(day, frequency, lang) == text


def test_a_utc_time_is_shown_as_copenhagens_clock_in_both_languages():
    from datetime import UTC, datetime

    from ui.formatting import datetime_text

    winter, summer = datetime(2026, 1, 15, 13, 5, tzinfo=UTC), datetime(2026, 7, 15, 13, 5, tzinfo=UTC)
    assert datetime_text(winter, locale="da_DK") == "15.01.2026 14.05"  # CET, UTC+1
    assert datetime_text(summer, locale="da_DK") == "15.07.2026 15.05"  # CEST, UTC+2
    assert datetime_text(summer, locale="en_GB") == "15 Jul 2026 15:05"
    assert datetime_text(datetime(2026, 7, 15, 13, 5), locale="da_DK") == "15.07.2026 15.05"  # naive = UTC


REGISTRY_COUNTS = load_registry()


@pytest.mark.parametrize(
    "code, value, locale, expected",
    [
        ("S07", 1620, "da_DK", "1.620 borgere"),
        ("S07", 1620, "en_GB", "1,620 citizens"),
        ("S07", 1, "da_DK", "1 borger"),  # CLDR's plural forms, through Babel
        ("S07", 1, "en_GB", "1 citizen"),
        ("S07", 0, "da_DK", "0 borgere"),
        ("S07", 0.6, "en_GB", "1 citizen"),  # the form of the number as shown
        ("P02", 1234.4, "da_DK", "1.234 udsættelser"),
        ("P03", 1, "en_GB", "1 young person"),
        ("P05", 14600, "da_DK", "14.600 københavnere"),
        ("KM01", 35, "en_GB", "35 families"),
        ("KM03", 70, "da_DK", "70 kontaktpersoner"),
    ],
)
def test_a_count_names_what_it_counts(code, value, locale, expected):
    assert value_text(value, REGISTRY_COUNTS.indicator(code), locale=locale) == expected


def test_a_count_change_names_what_it_counts_and_other_units_keep_theirs():
    p02, s01 = REGISTRY_COUNTS.indicator("P02"), REGISTRY_COUNTS.indicator("S01")
    assert change_text(-80, p02) == "\u221280 udsættelser"
    assert change_text(1, p02, locale="en_GB") == "+1 eviction"
    assert change_text(0, p02) == "±0 udsættelser"
    assert value_text(None, p02) == "–"
    assert value_text(37.04, s01) == "37,0 %" and change_text(-2.5, s01) == "\u22122,5 procentpoint"
    assert value_text(96, REGISTRY_COUNTS.indicator("S05"), locale="en_GB") == "96.0 days"


def test_a_counts_axis_and_unit_say_what_it_counts():
    from ui.formatting import unit_name

    s07 = REGISTRY_COUNTS.indicator("S07")
    assert (axis_title(s07), axis_title(s07, "en")) == ("Antal borgere", "Number of citizens")
    assert (unit_name(s07), unit_name(s07, "en")) == ("antal borgere", "number of citizens")
    assert unit_name(REGISTRY_COUNTS.indicator("S01")) == "procent"


# ------------------------------------------------------------------ a change as the values are shown


def test_a_change_is_the_difference_of_the_values_as_shown():
    # 47,96 % and 55,04 % are shown as 48,0 % and 55,0 %: the change reads +7,0, as the reader works it
    # out, where the unrounded 7,08 would say +7,1
    assert change_text(shown_change(55.04, 47.96, "pct"), "pct") == "+7,0 procentpoint"
    assert change_text(55.04 - 47.96, "pct") == "+7,1 procentpoint"
    assert shown_change(None, 47.9, "pct") is None
    assert shown_change(1620.4, 1500.6, "count") == 119.0  # counts are shown whole: 1.620 - 1.501


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.sampled_from(["pct", "count", "days", "fte"]))
def test_as_shown_is_what_babel_writes(value, unit):
    decimals = 0 if unit == "count" else 1
    written = number(value, decimals, locale="en_GB").replace(",", "").replace("\u2212", "-")
    assert as_shown(value, unit) == float(written)
