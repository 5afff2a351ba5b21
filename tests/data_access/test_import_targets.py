"""Units' own targets (data_access.import_targets): every problem named by row and column, nothing
written unless the whole file is good, a dry run that writes nothing, XLSX like CSV, and reads that keep
to the viewer's scope."""

from __future__ import annotations

import io

import polars as pl
import pytest

from data_access.access import ALL, managing
from data_access.import_targets import fetch_unit_targets, import_targets
from data_access.queries import fetch_imports

HEADER = "enhed;indikator;aar;maal\r\n"


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(f"{row}\r\n" for row in rows)).encode()


def test_unit_targets_import_and_are_read_inside_the_scope_only(sample_copy):
    data = _csv("BCV01;S01;2026;35", "BCV01;S02;2026;62,5", "BCV02;S01;2026;40")
    result = import_targets(engine=sample_copy, data=data, filename="maal.csv", user="it")
    assert (result.status, result.inserted) == ("imported", 3)
    again = import_targets(engine=sample_copy, data=data, filename="maal.csv", user="it")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    own = fetch_unit_targets(engine=sample_copy, unit="BCV01", scope=managing(["BCV01"]))
    assert own.select("indicator_code", "year", "value").rows() == [("S01", 2026, 35.0), ("S02", 2026, 62.5)]
    assert fetch_unit_targets(engine=sample_copy, unit="BCV02", scope=managing(["BCV01"])).is_empty()


def test_a_changed_target_is_updated_and_each_import_is_logged(sample_copy):
    import_targets(engine=sample_copy, data=_csv("BCV01;S01;2026;35"), filename="maal.csv", user="it")
    changed = import_targets(engine=sample_copy, data=_csv("BCV01;S01;2026;36"), filename="maal2.csv", user="it")
    assert (changed.inserted, changed.updated, changed.unchanged) == (0, 1, 0)
    assert fetch_unit_targets(engine=sample_copy, unit="BCV01", scope=ALL)["value"].to_list() == [36.0]
    log = fetch_imports(engine=sample_copy).filter(pl.col("kind") == "unit_targets")
    assert log.select("filename", "inserted", "updated").rows() == [("maal2.csv", 0, 1), ("maal.csv", 1, 0)]


def test_a_dry_run_counts_and_writes_nothing(sample_copy):
    result = import_targets(engine=sample_copy, data=_csv("BCV01;S01;2026;35"), filename="m.csv", user="it",
                            dry_run=True)
    assert (result.status, result.inserted) == ("dry_run", 1)
    assert result.summary() == "Prøvekørsel (intet gemt): 1 nye, 0 ændrede, 0 uændrede mål"
    assert fetch_unit_targets(engine=sample_copy, unit="BCV01", scope=ALL).is_empty()


def test_an_xlsx_file_imports_like_the_csv(sample_copy, tmp_path):
    buffer = io.BytesIO()
    pl.DataFrame({"enhed": ["BCV01"], "indikator": ["S02"], "aar": [2026], "maal": [62.5]}).write_excel(buffer)
    result = import_targets(engine=sample_copy, data=buffer.getvalue(), filename="maal.xlsx", user="it")
    assert (result.status, result.inserted) == ("imported", 1)
    assert fetch_unit_targets(engine=sample_copy, unit="BCV01", scope=ALL).select(
        "indicator_code", "year", "value").rows() == [("S02", 2026, 62.5)]


BAD_ROWS = [
    ("XX9;S01;2026;35", "Ukendt enhed. Fundet: »XX9«. Forventet: en enhedskode fra enhedslisten, fx BCV01.", "A (enhed)"),
    ("BCV01;ZZ;2026;1", "Ukendt indikator. Fundet: »ZZ«. Forventet: en indikatorkode fra registret, fx S01.",
     "B (indikator)"),
    ("BCV01;P01;2026;1", "Indikatoren er ikke opdelt på enheder. Fundet: »P01«. Forventet: et tegn på succes, der "
     "måles pr. enhed.", "B (indikator)"),
    ("BCV01;S01;20x6;1", "Ugyldigt år. Fundet: »20x6«. Forventet: et årstal, fx 2026.", "C (aar)"),
    ("BCV01;S01;1999;1", "Ugyldigt år. Fundet: »1999«. Forventet: et årstal, fx 2026.", "C (aar)"),
    ("BCV01;S01;2026;abc", "Ugyldigt mål. Fundet: »abc«. Forventet: et tal, fx 35 eller 62,5.", "D (maal)"),
    ("BCV01;S02;2026;120", "En andel skal ligge mellem 0 og 100. Fundet: »120«. Forventet: en procent mellem 0 "
     "og 100.", "D (maal)"),
]


@pytest.mark.parametrize(("row", "message", "column"), BAD_ROWS, ids=[r[0] for r in BAD_ROWS])
def test_a_bad_row_is_named_with_its_row_and_column_and_nothing_is_written(sample_copy, row, message, column):
    data = _csv("BCV01;S01;2026;35", row)  # a good first row, not written either
    result = import_targets(engine=sample_copy, data=data, filename="maal.csv", user="it")
    assert result.status == "rejected"
    assert [str(p) for p in result.problems] == [f"maal.csv, række 3, kolonne {column}: {message}"]
    assert fetch_unit_targets(engine=sample_copy, unit="BCV01", scope=ALL).is_empty()


def test_a_target_given_twice_names_the_first_row(sample_copy):
    result = import_targets(engine=sample_copy, data=_csv("BCV01;S01;2027;3", "BCV01;S01;2027;4"),
                            filename="maal.csv", user="it")
    assert [str(p) for p in result.problems] == [
        "maal.csv, række 3, kolonne C (aar): Målet findes også i række 2. Fundet: »2027«. Forventet: hvert mål én gang."]


def test_a_missing_column_is_named(sample_copy):
    result = import_targets(engine=sample_copy, data=b"enhed;indikator;aar\r\nBCV01;S01;2026\r\n", filename="m.csv",
                            user="it")
    assert [str(p) for p in result.problems] == [
        "m.csv, række 1, kolonne maal: Kolonnen »maal« mangler. Forventet: kolonnerne enhed, indikator, aar, maal."]
