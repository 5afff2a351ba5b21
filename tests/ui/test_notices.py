"""Notices every page shares (ui.notices): the sample banner says what share of the shown points was
sample; the data date, the pinned vintage and the permalink, in Danish and English (drawn with
Streamlit's AppTest)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _banner_script(lang: str, kinds: list[str]) -> None:
    import polars as pl
    import streamlit as st

    from ui.notices import record_shown, sample_banner, sample_share, start_page

    record_shown([pl.DataFrame({"provenance": ["sample"] * 5})])  # a page before this one: forgotten
    start_page()
    banner = st.empty()  # the banner sits at the top, filled once the page has run
    frame = pl.DataFrame({"provenance": kinds}, schema={"provenance": pl.Utf8})
    record_shown([frame, frame, pl.DataFrame({"value": [1.0]})])  # a frame without provenance is not counted
    st.text(repr(sample_share()))
    sample_banner(banner, lang)


def test_the_banner_says_what_share_of_the_shown_points_was_sample():
    at = AppTest.from_function(_banner_script, args=("da", ["sample", "published", "published", "internal", None])).run()
    assert at.text[0].value == "0.25"  # 2 of 8 points with a provenance
    assert [w.value for w in at.warning] == [
        "**Eksempeldata — ikke virkelige tal.** 25,0 % af tallene på denne side er eksempeldata; de er markeret "
        "med en trekant (△) i graferne og »eksempeldata« i filerne. Tallene er kunstige og kun til afprøvning "
        "af dashboardet; de må ikke citeres eller bruges som grundlag for beslutninger."]


@pytest.mark.parametrize(("kinds", "share"), [(["published"], "0.0"), ([], "None")])
def test_no_banner_without_sample(kinds, share):
    at = AppTest.from_function(_banner_script, args=("en", kinds)).run()
    assert (at.text[0].value, len(at.warning)) == (share, 0)


def _dates_script(lang: str) -> None:
    from datetime import date

    from ui.notices import data_date_caption, permalink, pinned_banner

    data_date_caption(date(2025, 3, 12), lang)
    data_date_caption(None, lang)  # no date: nothing
    pinned_banner(date(2025, 3, 1), lang)
    pinned_banner(None, lang)
    permalink("/bydele", lang)


@pytest.mark.parametrize(("lang", "updated", "pinned", "copy"), [
    ("da", "Data opdateret 12.03.2025", "Data pr. 01.03.2025: tallene er fastfrosset og viser ikke data, der er "
     "kommet til siden.", "Kopiér link til denne visning"),
    ("en", "Data updated 12 Mar 2025", "Data as of 1 Mar 2025: the figures are pinned and do not show data that has "
     "arrived since.", "Copy link to this view"),
])
def test_dates_and_the_permalink_in_each_language(lang, updated, pinned, copy):
    at = AppTest.from_function(_dates_script, args=(lang,))
    at.query_params["bydel"] = "3"
    at.run()
    assert [c.value for c in at.caption] == [updated, copy]
    assert [i.value for i in at.info] == [pinned]
    assert [c.value for c in at.code] == ["http://localhost:8501/bydele?bydel=3"]  # the view's own parameters
