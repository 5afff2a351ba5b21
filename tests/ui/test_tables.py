"""On-screen tables are neutralised: Streamlit's own CSV download of a table must not carry a formula."""

import polars as pl
from streamlit.testing.v1 import AppTest


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
