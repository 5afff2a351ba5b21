"""Pages read the one suppression pattern: a figure hidden only to protect another (not small itself)
is hidden on the vision page too, in Danish and English, and the page never says why."""

from __future__ import annotations

import polars as pl

from data_access.db import get_engine
from metrics.suppression import MIN_BASE_COUNT
from tests.levels import fetch_cell_sums, fetch_district_hidden
from tests.pages.apptest_helpers import new_app, show
from ui.navigation import VISIONS

VANLOESE, YEAR = 6, 2021


def _s04_caption(at) -> str:
    return next(c.value for c in at.caption if "Kilde: Børne- og Ungdomsforvaltningen" in c.value
                or "Source: Børne- og Ungdomsforvaltningen" in c.value)


def test_the_sample_holds_a_secondary_cell_for_s04():
    sums = fetch_cell_sums(engine=get_engine(), indicator="S04", by=("period", "district_code"))
    vanloese = sums.filter((pl.col("district_code") == VANLOESE) & (pl.col("period").dt.year() == YEAR))
    assert vanloese["base_count"].item() >= MIN_BASE_COUNT  # not small itself
    hidden = fetch_district_hidden(engine=get_engine(), indicator="S04")
    assert (hidden["period"].dt.year() == YEAR).any() and VANLOESE in hidden["district_code"].to_list()


def test_a_vision_page_hides_what_the_map_hides_and_says_only_that_it_protects_individuals():
    at = show(new_app(bydel=str(VANLOESE)), VISIONS["V2"][0])
    caption = _s04_caption(at)
    assert f"Skjult for at beskytte enkeltpersoner: {YEAR}" in caption
    assert "under 5" not in caption and "for få" not in caption and "sekundær" not in caption


def test_english_mode_hides_the_same_years():
    at = show(new_app(bydel=str(VANLOESE), lang="en"), VISIONS["V2"][0])
    assert f"Hidden to protect individuals: {YEAR}" in _s04_caption(at)
