"""The row of download buttons under a chart (ui.downloads): a size picker, then PNG, SVG, CSV and XLSX
named after the indicator, its title, filters, period and size (stamped when sample), each file made only
when its button is clicked."""

from __future__ import annotations

import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest


def _script(lang: str, sample: bool) -> None:
    from datetime import date

    import altair as alt
    import polars as pl

    from ui.downloads import download_row
    from ui.export import ChartMeta

    chart = alt.Chart(alt.Data(values=[{"year": 2017, "value": 42.5}])).mark_point().encode(x="year:Q", y="value:Q")
    meta = ChartMeta("Ensomhed", "Andel ensomme", "Sundhedsprofilen", date(2025, 3, 12), "Hele byen", sample, lang,
                     name="Ensomme borgere" if lang == "da" else "Lonely citizens", scope="Hele byen, Nørrebro",
                     period="2014–2025")
    download_row(chart, meta, pl.DataFrame({"periode": ["2017"], "værdi": [42.5]}), key="s01", code="S01")


@pytest.fixture
def buttons(monkeypatch):
    """What each download button was given: label -> (file name, MIME type, the callable that makes the file)."""
    given: dict[str, tuple] = {}
    original = DeltaGenerator.download_button

    def spy(self, label, data=None, *args, **kwargs):
        given[label] = (kwargs["file_name"], kwargs["mime"], data)
        return original(self, label, data, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", spy)
    return given


def test_four_files_named_after_the_indicator_title_filters_period_and_size(buttons):
    at = AppTest.from_function(_script, args=("da", True)).run()
    assert not at.exception
    (size,) = at.selectbox
    assert (size.options, size.value) == (["Trykformat", "16:9", "Kvadrat"], "print")
    assert {label: given[:2] for label, given in buttons.items()} == {
        "PNG": ("S01_ensomme-borgere_hele-byen_noerrebro_2014-2025_EKSEMPELDATA_tryk.png", "image/png"),
        "SVG": ("S01_ensomme-borgere_hele-byen_noerrebro_2014-2025_EKSEMPELDATA_tryk.svg", "image/svg+xml"),
        "CSV": ("S01_ensomme-borgere_hele-byen_noerrebro_2014-2025_EKSEMPELDATA.csv", "text/csv"),
        "XLSX": ("S01_ensomme-borgere_hele-byen_noerrebro_2014-2025_EKSEMPELDATA.xlsx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    }
    assert all(b.proto.HasField("deferred_file_id") for b in at.get("download_button"))  # made on click only
    size.set_value("square").run()
    assert buttons["PNG"][0] == "S01_ensomme-borgere_hele-byen_noerrebro_2014-2025_EKSEMPELDATA_kvadrat.png"
    size.set_value("wide").run()
    assert buttons["SVG"][0] == "S01_ensomme-borgere_hele-byen_noerrebro_2014-2025_EKSEMPELDATA_16x9.svg"


def test_english_files_hold_the_rows_and_the_chart(buttons):
    at = AppTest.from_function(_script, args=("en", False)).run()
    assert at.selectbox[0].options == ["Print size", "16:9", "Square"]
    assert buttons["CSV"][0] == "S01_lonely-citizens_hele-byen_noerrebro_2014-2025.csv"  # real data: no stamp
    assert buttons["PNG"][0] == "S01_lonely-citizens_hele-byen_noerrebro_2014-2025_print.png"
    assert buttons["CSV"][2]() == "\ufeffperiode,værdi\n2017,42.50\n".encode()
    svg = buttons["SVG"][2]()
    assert "Ensomhed" in svg and "Data updated 12 Mar 2025" in svg
