"""The tile of a sign (ui.tiles): its sparkline, an SVG whose line breaks at a missing year; its caption;
the colour of a change."""

from ui.tiles import sparkline_svg


def test_sparkline_breaks_at_gaps_and_scales_to_the_box():
    # width 40, height 10, five years (step 10); y = 10 - 3 - (v - 1) / 3 * 4 for values 1..4
    svg = sparkline_svg([1.0, 2.0, None, 3.0, 4.0], colour="#1a7f4b", width=40, height=10)
    assert svg.count("<polyline") == 2  # 2014-2015 and 2017-2018, never across the gap
    assert 'points="0.0,7.0 10.0,5.7"' in svg
    assert 'points="30.0,4.3 40.0,3.0"' in svg
    assert 'stroke="#1a7f4b"' in svg


def test_too_few_values_draw_nothing():
    assert sparkline_svg([None, 2.0, None], colour="#000") == ""


def test_the_caption_says_what_kind_the_latest_and_the_baseline_are():
    from metrics.status import RIGHT_WAY, Assessment
    from ui.tiles import provenance_caption

    mixed = Assessment(2017, 42.0, 2025, 37.0, -5.0, None, RIGHT_WAY, False, "sample", "published")
    assert provenance_caption(mixed, "pct") == "Eksempeldata · Basisår 2017: 42,0 % (offentliggjort tal)"
    assert provenance_caption(mixed, "pct", "en") == "Sample data · Baseline 2017: 42.0 % (published figure)"
    same = Assessment(2017, 42.0, 2020, 40.0, -2.0, None, RIGHT_WAY, False, "published", "published")
    assert provenance_caption(same, "pct") == "Offentliggjort tal"


def test_a_change_is_green_for_good_news_whichever_way_the_number_moves():
    from metrics.status import NO_DATA, NO_DIRECTION, RIGHT_WAY, UNCHANGED, WRONG_WAY, Assessment
    from registry import load_registry
    from ui.tiles import delta_colour

    down, up = load_registry().indicator("S01"), load_registry().indicator("S04")
    assert (down.direction, up.direction) == ("down", "up")

    def status(kind):
        return Assessment(2017, 42.0, 2025, 37.0, -5.0, None, kind, False)

    # Named colours: good news green and bad news red whichever way the number moved.
    assert [delta_colour(down, status(s)) for s in (RIGHT_WAY, WRONG_WAY)] == ["green", "red"]
    assert [delta_colour(up, status(s)) for s in (RIGHT_WAY, WRONG_WAY)] == ["green", "red"]
    assert {delta_colour(ind, status(s)) for ind in (down, up) for s in (UNCHANGED, NO_DATA, NO_DIRECTION)} == {"gray"}


def test_the_arrow_is_the_way_the_number_moved():
    from metrics.status import RIGHT_WAY, UNCHANGED, Assessment
    from ui.tiles import delta_arrow

    def moved(change):
        return Assessment(2017, 42.0, 2025, 42.0 + (change or 0), change, None, RIGHT_WAY if change else UNCHANGED,
                          False)

    assert [delta_arrow(moved(c)) for c in (-5.0, 3.0, 0.0, None)] == ["down", "up", "off", "off"]


def test_a_break_in_the_sparkline_is_said_in_words_with_its_years():
    from ui.provenance import inner_gaps
    from ui.tiles import sparkline_gap_caption

    years = [2017, 2018, 2019, 2020, 2021, 2022]
    values = [None, 40.0, None, None, 38.0, None]  # no figure before 2018 nor after 2021: no break there
    assert inner_gaps(values, years) == [2019, 2020]
    assert sparkline_gap_caption(values, years) == "Kurven er afbrudt: ingen tal for 2019, 2020."
    assert sparkline_gap_caption(values, years, "en") == "The line is broken: no figure for 2019, 2020."
    # Without the years (a caller that passes only values), the count.
    assert sparkline_gap_caption(values) == "Kurven er afbrudt, hvor et år mangler tal (2 i alt)."
    assert sparkline_gap_caption(values, lang="en") == "The line is broken where a year has no figure (2 in all)."
    assert sparkline_gap_caption([1.0, 2.0, 3.0], [2019, 2020, 2021]) == ""
    assert sparkline_gap_caption([None, 2.0, None], [2019, 2020, 2021]) == ""  # no line at all, nothing broken


def _count_tile(lang: str) -> None:
    from metrics.status import RIGHT_WAY, Assessment
    from registry import load_registry
    from ui.tiles import sign_tile

    s07 = load_registry().indicator("S07")
    sign_tile(s07, Assessment(2017, 1357.0, 2025, 1620.0, 263.0, None, RIGHT_WAY, False, "sample", "published"),
              [1357.0, 1620.0], link="", query={}, lang=lang)


def test_a_count_tile_says_what_it_counts():
    from streamlit.testing.v1 import AppTest

    for lang, value, delta, caption in [
        ("da", "1.620 borgere", "+263 borgere siden 2017", "Eksempeldata · Basisår 2017: 1.357 borgere (offentliggjort tal)"),
        ("en", "1,620 citizens", "+263 citizens since 2017",
         "Sample data · Baseline 2017: 1,357 citizens (published figure)"),
    ]:
        at = AppTest.from_function(_count_tile, args=(lang,)).run()
        assert not at.exception
        (metric,) = at.metric
        assert (metric.value, metric.delta) == (value, delta)
        assert caption in [c.value for c in at.caption]
