"""On-screen tables are neutralised (Streamlit's own CSV download of a table must not carry a formula), and a
chart's table shows its file's rows in the page's number format."""

import polars as pl
from streamlit.testing.v1 import AppTest

from registry import load_registry
from ui.export import export_table
from ui.tables import chart_rows

REG = load_registry()


def _script():
    import polars as pl

    from ui.tables import data_table

    data_table(pl.DataFrame({"fundet": ["=HYPERLINK(\"http://x\")", "Nørrebro", "\x00=1+1"], "række": [2, 3, 4]}))


def test_a_formula_in_a_shown_table_is_neutralised_and_numbers_stay_numbers():
    at = AppTest.from_function(_script).run()
    shown = at.dataframe[0].value
    shown = pl.from_pandas(shown) if not isinstance(shown, pl.DataFrame) else shown
    assert shown["fundet"].to_list() == ["'=HYPERLINK(\"http://x\")", "Nørrebro", "'\x00=1+1"]
    assert shown["række"].to_list() == [2, 3, 4]


SERIES = pl.DataFrame({
    "year": [2017, 2018, 2019], "value": [42.0, None, 1620.0], "ci_low": [40.8, None, None],
    "ci_high": [43.2, None, None], "base_count": [7094, None, None], "suppressed": [False, True, False],
    "provenance": ["published", None, "sample"], "gap": [None, None, None], "coarser": [None, None, None],
}, schema_overrides={"gap": pl.Utf8, "coarser": pl.Utf8, "provenance": pl.Utf8})


def test_a_charts_table_shows_its_file_rows_in_the_pages_number_format():
    s01 = REG.indicator("S01")
    rows = chart_rows(export_table(SERIES, s01, breakdown="Hele byen"), s01)
    assert rows.columns == ["periode", "opdeling", "værdi", "95 % fra", "95 % til", "grundlag", "proveniens"]
    assert rows.row(0) == ("2017", "Hele byen", "42,0 %", "40,8 %", "43,2 %", "7.094", "offentliggjort")
    assert rows.row(1)[2] == ""  # hidden: no figure, and the file says why


def test_a_count_in_a_charts_table_says_what_it_counts_in_english_too():
    s07 = REG.indicator("S07")
    rows = chart_rows(export_table(SERIES.select("year", "value", "suppressed", "provenance", "gap", "coarser")
                                   .with_columns(pl.lit(None, pl.Float64).alias("ci_low"),
                                                 pl.lit(None, pl.Float64).alias("ci_high"),
                                                 pl.lit(None, pl.Int64).alias("base_count")), s07,
                                   breakdown="Whole city", lang="en"), s07, "en")
    assert rows["value"].to_list()[2] == "1,620 citizens"
    assert "95 % from" not in rows.columns and "base count" not in rows.columns  # empty columns left out
