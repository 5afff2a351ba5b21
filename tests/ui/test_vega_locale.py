"""Vega-Lite's number and date locale (ui.vega_locale): checked by rendering with Vega itself."""

from __future__ import annotations

import re

import altair as alt
import pytest
import vl_convert as vlc

from ui.vega_locale import DA_DK, EN_GB, vega_locale


def _rendered(value: object, kind: str, fmt: str, lang: str) -> str:
    """The text Vega draws for `value` (of type `kind`, Q or T) formatted with `fmt` under the language's locale."""
    chart = alt.Chart(alt.Data(values=[{"v": value}])).mark_text().encode(text=alt.Text(f"v:{kind}", format=fmt))
    svg = vlc.vegalite_to_svg(chart.configure(locale=vega_locale(lang)).to_dict())
    (text,) = re.findall(r">([^<]+)</text>", svg)
    return text


def test_danish_numbers_have_a_decimal_comma_and_a_thousands_dot():
    assert DA_DK["number"] == {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " kr."],
                               "minus": "\u2212"}
    assert _rendered(1234567.5, "Q", ",.1f", "da") == "1.234.567,5"


def test_english_numbers_have_a_decimal_point_and_a_thousands_comma():
    assert (EN_GB["number"]["decimal"], EN_GB["number"]["thousands"]) == (".", ",")
    assert _rendered(1234567.5, "Q", ",.1f", "en") == "1,234,567.5"


@pytest.mark.parametrize(("lang", "text"), [("da", "12. marts 2025"), ("en", "12. March 2025")])
def test_month_names_are_in_the_language(lang, text):
    assert _rendered("2025-03-12T12:00:00", "T", "%d. %B %Y", lang) == text


def test_every_language_but_english_is_danish():
    assert vega_locale("en") is EN_GB
    assert vega_locale("da") is DA_DK and vega_locale("de") is DA_DK
    for locale in (DA_DK, EN_GB):
        assert len(locale["time"]["months"]) == len(locale["time"]["shortMonths"]) == 12
        assert len(locale["time"]["days"]) == len(locale["time"]["shortDays"]) == 7
