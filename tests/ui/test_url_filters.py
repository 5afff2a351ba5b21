"""The URL <-> filters mapping of ui.url_filters: pure functions, no Streamlit session needed."""

import pytest

from data_access.setup import CITY_CODE
from ui.url_filters import Choices, Filters, default_filters, describe, parse_query, to_query

CHOICES = Choices(
    years=(2014, 2025),
    districts={1: "Indre By", 3: "Nørrebro", 10: "Amager Vest"},
    units={"BCV": "Borgercenter Voksne", "BCV01": "\u2003Borgercenter Voksne – Enhed Nord", "HUE": "Hjemløse- og Udsatteenheden"},
    groups={"hjemloeshed": "Hjemløshed", "misbrug": "Misbrug"},
)
DEFAULT = Filters(year_from=2014, year_to=2025)
YEARS = "(år skal ligge mellem 2014 og 2025)."
REVERSED = "Perioden i linket var omvendt og blev vendt."


def test_default_filters_span_all_years_for_the_whole_city():
    assert default_filters(CHOICES) == DEFAULT
    assert DEFAULT.district == CITY_CODE and DEFAULT.chosen_district is None and DEFAULT.unit is None and DEFAULT.group is None
    assert not DEFAULT.narrowed


@pytest.mark.parametrize(
    "params, expected, notices",
    [
        pytest.param({}, DEFAULT, [], id="empty"),
        pytest.param({"fra": "2014", "til": "2025"}, DEFAULT, [], id="explicit-defaults"),
        pytest.param({"bydel": "3"}, Filters(2014, 2025, district=3), [], id="district"),
        pytest.param({"bydel": "10"}, Filters(2014, 2025, district=10), [], id="district-two-digits"),
        pytest.param({"enhed": "BCV01"}, Filters(2014, 2025, unit="BCV01"), [], id="unit"),
        pytest.param({"maalgruppe": "misbrug"}, Filters(2014, 2025, group="misbrug"), [], id="group"),
        pytest.param({"fra": "2016", "til": "2020"}, Filters(2016, 2020), [], id="period"),
        pytest.param({"fra": "2025"}, Filters(2025, 2025), [], id="from-last-year"),
        pytest.param({"til": "2014"}, Filters(2014, 2014), [], id="to-first-year"),
        pytest.param(
            {"fra": "2017", "til": "2021", "bydel": "1", "enhed": "HUE", "maalgruppe": "hjemloeshed"},
            Filters(2017, 2021, district=1, unit="HUE", group="hjemloeshed"),
            [],
            id="all-at-once",
        ),
        # Ignored with a notice each
        pytest.param({"bydel": "99"}, DEFAULT, ["'bydel=99' blev ignoreret (ukendt bydel)."], id="unknown-district"),
        pytest.param({"bydel": "0"}, DEFAULT, ["'bydel=0' blev ignoreret (ukendt bydel)."], id="city-code-not-a-district"),
        pytest.param({"bydel": "-3"}, DEFAULT, ["'bydel=\\-3' blev ignoreret (ukendt bydel)."], id="negative-district"),
        pytest.param({"bydel": "Nørrebro"}, DEFAULT, ["'bydel=Nørrebro' blev ignoreret (ukendt bydel)."], id="district-name"),
        pytest.param({"bydel": ""}, DEFAULT, ["'bydel=' blev ignoreret (ukendt bydel)."], id="empty-district"),
        pytest.param({"fra": "abc"}, DEFAULT, [f"'fra=abc' blev ignoreret {YEARS}"], id="non-numeric-year"),
        pytest.param({"fra": " 2016"}, DEFAULT, [f"'fra= 2016' blev ignoreret {YEARS}"], id="year-with-space"),
        pytest.param({"fra": "2013"}, DEFAULT, [f"'fra=2013' blev ignoreret {YEARS}"], id="year-before-range"),
        pytest.param({"til": "2026"}, DEFAULT, [f"'til=2026' blev ignoreret {YEARS}"], id="year-after-range"),
        pytest.param(
            {"fra": "2013", "til": "2020"}, Filters(2014, 2020), [f"'fra=2013' blev ignoreret {YEARS}"],
            id="bad-from-good-to",
        ),
        pytest.param({"fra": "2020", "til": "2016"}, Filters(2016, 2020), [REVERSED], id="reversed-period"),
        pytest.param({"enhed": "XYZ"}, DEFAULT, ["'enhed=XYZ' blev ignoreret (ukendt enhed)."], id="unknown-unit"),
        pytest.param({"enhed": "bcv"}, DEFAULT, ["'enhed=bcv' blev ignoreret (ukendt enhed)."], id="unit-case-matters"),
        pytest.param(
            {"maalgruppe": "Misbrug"}, DEFAULT, ["'maalgruppe=Misbrug' blev ignoreret (ukendt målgruppe)."],
            id="unknown-group",
        ),
        pytest.param(
            {"fra": "x", "til": "1999", "bydel": "99", "enhed": "BCV", "maalgruppe": "?"},
            Filters(2014, 2025, unit="BCV"),
            [
                f"'fra=x' blev ignoreret {YEARS}",
                f"'til=1999' blev ignoreret {YEARS}",
                "'bydel=99' blev ignoreret (ukendt bydel).",
                "'maalgruppe=?' blev ignoreret (ukendt målgruppe).",
            ],
            id="several-bad-in-order",
        ),
        pytest.param({"side": "2", "bydel": "3"}, Filters(2014, 2025, district=3), [], id="other-params-ignored-silently"),
    ],
)
def test_parse_query(params, expected, notices):
    assert parse_query(params, CHOICES) == (expected, notices)


@pytest.mark.parametrize("params", [{"bydel": "²"}, {"fra": "²"}], ids=["district", "year"])
def test_parse_query_unicode_digit_is_a_notice_not_a_crash(params):
    filters, notices = parse_query(params, CHOICES)
    assert filters == DEFAULT
    assert len(notices) == 1


@pytest.mark.parametrize(
    "filters, expected",
    [
        pytest.param(DEFAULT, {}, id="defaults-plain"),
        pytest.param(Filters(2016, 2025), {"fra": "2016"}, id="from"),
        pytest.param(Filters(2014, 2020), {"til": "2020"}, id="to"),
        pytest.param(Filters(2014, 2025, district=3), {"bydel": "3"}, id="district"),
        pytest.param(Filters(2014, 2025, unit="BCV"), {"enhed": "BCV"}, id="unit"),
        pytest.param(Filters(2014, 2025, group="misbrug"), {"maalgruppe": "misbrug"}, id="group"),
        pytest.param(
            Filters(2017, 2021, district=1, unit="HUE", group="hjemloeshed"),
            {"fra": "2017", "til": "2021", "bydel": "1", "enhed": "HUE", "maalgruppe": "hjemloeshed"},
            id="all",
        ),
    ],
)
def test_to_query(filters, expected):
    assert to_query(filters, CHOICES) == expected


@pytest.mark.parametrize(
    "filters",
    [
        DEFAULT,
        Filters(2016, 2020),
        Filters(2025, 2025),
        Filters(2014, 2014, district=10),
        Filters(2014, 2025, unit="BCV01"),
        Filters(2019, 2025, group="hjemloeshed"),
        Filters(2017, 2021, district=1, unit="HUE", group="misbrug"),
    ],
    ids=str,
)
def test_round_trip(filters):
    assert parse_query(to_query(filters, CHOICES), CHOICES) == (filters, [])


@pytest.mark.parametrize(
    "filters, narrowed",
    [
        (Filters(2016, 2020), False),
        (Filters(2014, 2025, district=3), True),
        (Filters(2014, 2025, unit="BCV"), True),
        (Filters(2014, 2025, group="misbrug"), True),
    ],
)
def test_narrowed_ignores_the_period(filters, narrowed):
    assert filters.narrowed is narrowed


@pytest.mark.parametrize(
    "params, shown",
    [
        pytest.param({"bydel": "[Klik her](https://example.org)"},
                     "'bydel=\\[Klik her\\]\\(https\\:\\/\\/example\\.org\\)' blev ignoreret (ukendt bydel).", id="link"),
        pytest.param({"enhed": "![x](https://example.org/x.png)"},
                     "'enhed=\\!\\[x\\]\\(https\\:\\/\\/example\\.org\\/x\\.png\\)' blev ignoreret (ukendt enhed).",
                     id="image"),
        pytest.param({"maalgruppe": "<img src=x onerror=alert(1)>"},
                     "'maalgruppe=\\<img src\\=x onerror\\=alert\\(1\\)\\>' blev ignoreret (ukendt målgruppe).", id="html"),
        pytest.param({"fra": "`x`\n# Overskrift"}, f"'fra=\\`x\\`␊\\# Overskrift' blev ignoreret {YEARS}", id="code-and-newline"),
        pytest.param({"pr": "**fed**"}, "'pr=\\*\\*fed\\*\\*' blev ignoreret", id="pinned-bold"),
    ],
)
def test_a_value_from_the_url_is_escaped_in_its_notice(params, shown):
    filters, notices = parse_query(params, CHOICES)
    assert filters == DEFAULT
    assert len(notices) == 1 and notices[0].startswith(shown), notices


def test_a_long_value_from_the_url_is_shortened_in_its_notice():
    notices = parse_query({"enhed": "x" * 5000}, CHOICES)[1]
    assert notices == ["'enhed=" + "x" * 79 + "…' blev ignoreret (ukendt enhed)."]


@pytest.mark.parametrize(
    "filters, da, en",
    [
        (DEFAULT, "2014–2025, Hele byen", "2014–2025, Whole city"),
        (Filters(2016, 2020, district=3, unit="BCV01", group="misbrug"),
         "2016–2020, Nørrebro, Borgercenter Voksne – Enhed Nord, Misbrug",
         "2016–2020, Nørrebro, Borgercenter Voksne – Enhed Nord, Misbrug"),
    ],
)
def test_describe_says_the_filters_in_words(filters, da, en):
    assert describe(filters, CHOICES) == da
    assert describe(filters, CHOICES, "en") == en


def test_the_chosen_district_is_none_for_the_whole_city():
    assert DEFAULT.chosen_district is None
    assert Filters(2014, 2025, district=3).chosen_district == 3
