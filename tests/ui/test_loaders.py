"""The pure parts of ui.loaders: which filters an indicator takes, and the unit labels of the picker."""

import polars as pl
import pytest

from metrics.status import assess
from registry import load_registry
from ui import loaders
from ui.loaders import ROOT_UNIT, _unit_labels, applicable
from ui.url_filters import Filters

REGISTRY = load_registry()
S01 = REGISTRY.indicator("S01")  # district, unit, group
S05 = REGISTRY.indicator("S05")  # group only
S12 = REGISTRY.indicator("S12")  # unit only

CITY = Filters(2014, 2025)
ALL_THREE = Filters(2014, 2025, district=3, unit="BCV", group="hjemloeshed")


def test_breakdowns_of_the_indicators_used_here():
    assert S01.breakdowns == ("district", "unit", "group")
    assert S05.breakdowns == ("group",)
    assert S12.breakdowns == ("unit",)


@pytest.mark.parametrize(
    "indicator, filters, kwargs, ignored",
    [
        pytest.param(S01, CITY, {}, [], id="S01-city"),
        pytest.param(S01, ALL_THREE, {"district": 3, "unit": "BCV", "group": "hjemloeshed"}, [], id="S01-all"),
        pytest.param(S01, Filters(2016, 2020, district=3), {"district": 3}, [], id="S01-district"),
        pytest.param(S12, CITY, {}, [], id="S12-city"),
        pytest.param(S12, Filters(2014, 2025, district=3), {}, ["district"], id="S12-district-ignored"),
        pytest.param(S12, Filters(2014, 2025, unit="BCV"), {"unit": "BCV"}, [], id="S12-unit"),
        pytest.param(S12, ALL_THREE, {"unit": "BCV"}, ["district", "group"], id="S12-all"),
        pytest.param(S05, Filters(2014, 2025, group="misbrug"), {"group": "misbrug"}, [], id="S05-group"),
        pytest.param(S05, ALL_THREE, {"group": "hjemloeshed"}, ["district", "unit"], id="S05-all"),
        pytest.param(S05, Filters(2014, 2025, unit="BCV"), {}, ["unit"], id="S05-unit-ignored"),
    ],
)
def test_applicable(indicator, filters, kwargs, ignored):
    assert applicable(indicator, filters) == (kwargs, ignored)


def units(rows) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"code": pl.Utf8, "name": pl.Utf8, "parent_code": pl.Utf8}, orient="row")


def test_unit_labels_hierarchy_order_and_indentation():
    frame = units(
        [
            ("SOF", "Socialforvaltningen", None),
            ("OTHER", "En anden forvaltning", None),
            ("OTHER1", "Enhed i den anden forvaltning", "OTHER"),
            ("BCV", "Borgercenter Voksne", "SOF"),
            ("BCV02", "Borgercenter Voksne – Enhed Syd", "BCV"),
            ("BCV01", "Borgercenter Voksne – Enhed Nord", "BCV"),
            ("BBU", "Borgercenter Børn og Unge", "SOF"),
            ("BBU01", "Borgercenter Børn og Unge – Enhed Nord", "BBU"),
            ("BBU01A", "Team A", "BBU01"),
            ("AAA", "Ældrecenter", "SOF"),  # code first, name last: ordered by name
        ]
    )
    labels = _unit_labels(frame, ROOT_UNIT)
    assert list(labels.items()) == [
        ("BBU", "Borgercenter Børn og Unge"),
        ("BBU01", "\u2003Borgercenter Børn og Unge – Enhed Nord"),
        ("BBU01A", "\u2003\u2003Team A"),
        ("BCV", "Borgercenter Voksne"),
        ("BCV01", "\u2003Borgercenter Voksne – Enhed Nord"),
        ("BCV02", "\u2003Borgercenter Voksne – Enhed Syd"),
        ("AAA", "Ældrecenter"),
    ]
    # The root itself and units of other trees are not offered.
    assert "SOF" not in labels and "OTHER" not in labels and "OTHER1" not in labels


def test_unit_labels_of_an_unknown_root_is_empty():
    assert _unit_labels(units([("SOF", "Socialforvaltningen", None)]), "NOPE") == {}


@pytest.mark.parametrize("filters", [Filters(2014, 2025), Filters(2014, 2025, district=3), Filters(2014, 2020)])
def test_a_cached_assessment_is_the_assessment_of_the_cached_series(filters):
    for code in ("S01", "S05", "S07"):
        ind = load_registry().indicator(code)
        assert loaders.assessment(ind, filters) == assess(loaders.series(ind, filters), ind)
