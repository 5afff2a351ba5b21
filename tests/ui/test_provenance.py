"""Words for where a figure comes from and why one is missing (ui.provenance), in Danish and English."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_series_equal

from ui.provenance import (
    gap_column,
    gap_notes,
    gap_reasons,
    gap_text,
    has_sample,
    missing_text,
    provenance_labels,
    share_text,
)

CITY_ONLY = "Kun opgjort for hele byen"
NOT_ADDITIVE = "Kan ikke lægges sammen (tallene findes kun som procenter)"
SERIES = pl.DataFrame({"year": [2018, 2019, 2020, 2021], "gap": ["coarser", "coarser", "not_additive", None],
                       "coarser": ["district", "district", None, None]})


def test_provenance_labels():
    assert provenance_labels() == {"published": "offentliggjort", "internal": "intern", "sample": "eksempeldata"}
    assert provenance_labels("en") == {"published": "published", "internal": "internal", "sample": "sample"}


@pytest.mark.parametrize(("gap", "coarser", "lang", "text"), [
    ("coarser", "district", "da", CITY_ONLY),
    ("coarser", "district,group", "da", "Kun opgjort for hele byen og alle målgrupper"),
    ("coarser", "unit", "en", "Only measured for the whole administration"),
    ("not_additive", None, "da", NOT_ADDITIVE),
    ("not_additive", None, "en", "Cannot be added up (the figures exist only as percentages)"),
    ("coarser", None, "da", ""),  # a coarser gap without the breakdowns it lacks says nothing
    (None, None, "da", ""),
])
def test_gap_text(gap, coarser, lang, text):
    assert gap_text(gap, coarser, lang) == text


def test_gap_column_has_a_reason_per_row_and_null_where_there_is_none():
    assert_series_equal(gap_column(SERIES), pl.Series([CITY_ONLY, CITY_ONLY, NOT_ADDITIVE, None], dtype=pl.Utf8),
                        check_names=False)
    assert gap_column(SERIES.select("year")).to_list() == [None] * 4


def test_gap_notes_list_the_periods_of_each_reason():
    assert gap_notes(SERIES) == [f"{CITY_ONLY}: 2018, 2019.", f"{NOT_ADDITIVE}: 2020."]
    assert gap_notes(SERIES.rename({"year": "kvartal"}), "en", period_col="kvartal")[0] == (
        "Only measured for the whole city: 2018, 2019.")
    assert gap_notes(SERIES.select("year")) == []


def test_a_year_without_any_figure_inside_the_line_is_said_as_the_tiles_say_it():
    # 2016 before the first figure breaks nothing; 2019 is hidden (said by the page's own note); 2020 breaks
    series = pl.DataFrame({"year": [2016, 2017, 2018, 2019, 2020, 2021], "value": [None, 1.0, 2.0, None, None, 3.0],
                           "suppressed": [False, False, False, True, False, False], "gap": [None] * 6,
                           "coarser": [None] * 6}, schema_overrides={"gap": pl.Utf8, "coarser": pl.Utf8})
    assert gap_notes(series) == ["Kurven er afbrudt: ingen tal for 2020."]
    assert gap_notes(series, "en") == ["The line is broken: no figure for 2020."]


def test_gap_reasons_each_once_in_order():
    assert gap_reasons(SERIES) == [NOT_ADDITIVE, CITY_ONLY]
    assert gap_reasons(SERIES.select("year")) == []


def test_has_sample():
    assert has_sample(pl.DataFrame({"provenance": ["published", "sample"]}))
    assert not has_sample(pl.DataFrame({"provenance": ["published", None]}))
    assert not has_sample(pl.DataFrame({"value": [1.0]}))


@pytest.mark.parametrize(("share", "da", "en"), [
    (0.37, "37,0 %", "37.0 %"),
    (0.005, "Under 1 %", "Under 1 %"),  # a little sample is never rounded away to 0 %
    (0.995, "Over 99 %", "Over 99 %"),  # nor a little real data to 100 %
    (1.0, "100,0 %", "100.0 %"),
    (0.0, "0,0 %", "0.0 %"),
])
def test_share_text(share, da, en):
    assert (share_text(share), share_text(share, "en")) == (da, en)


def test_missing_text_prefers_protection_over_the_gap():
    row = {"suppressed": True, "gap": "coarser", "coarser": "district"}
    assert missing_text(row) == "skjult for at beskytte enkeltpersoner"
    assert missing_text(row | {"suppressed": False}, "en") == "Only measured for the whole city"
    assert missing_text({"suppressed": False, "gap": None, "coarser": None}) is None
