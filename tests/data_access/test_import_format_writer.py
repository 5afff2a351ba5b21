"""Files in the import format (data_access.import_format_writer), for `python -m data_access export`."""

from __future__ import annotations

from datetime import date

import pytest

from data_access.import_format_writer import export_observations, format_file, format_number
from data_access.import_parsing import parse_file
from data_access.import_validation import Record
from data_access.importer import import_file


def test_the_whole_sample_exported_in_the_import_format_reimports_unchanged(engine):
    data = export_observations(engine=engine, indicators=["S01", "S05", "S07", "P06", "KM01", "KM04"])
    result = import_file(engine=engine, data=data, filename="eksport.csv", user="test", dry_run=True)
    assert result.problems == []
    assert (result.inserted, result.updated) == (0, 0) and result.unchanged == len(data.splitlines()) - 1


@pytest.mark.parametrize(("value", "decimal", "thousands", "text"), [
    (1234.5, ",", ".", "1.234,5"), (1234.5, ".", "", "1234.5"), (-1234567, ",", ".", "-1.234.567"),
    (2.0, ",", "", "2"), (0.1, ",", "", "0,1"), (1e-7, ".", "", "0.0000001"), (1e20, ".", "", "100000000000000000000"),
    (None, ",", "", ""),
])
def test_numbers_are_written_exactly_without_exponent(value, decimal, thousands, text):
    assert format_number(value, decimal, thousands) == text


RECORDS = [
    Record("S04", date(2024, 1, 1), 3, None, None, 1118.0, 2205.5, None, 2205, "published", "=1+1", "a; b"),
    Record("KM01", date(2024, 4, 1), 3, None, None, None, None, 6.0, 6, "internal"),
]
COLUMNS = "indikator;periode;bydel;enhed;maalgruppe;taeller;naevner;vaerdi;grundlag;proveniens;kilde;note"


def test_a_danish_csv_has_a_bom_semicolons_decimal_commas_and_danish_provenance():
    assert format_file(RECORDS, thousands=True).decode("utf-8").split("\r\n") == [
        "\ufeff" + COLUMNS,
        "S04;2024;3;;;1.118;2.205,5;;2.205;offentliggjort;'=1+1;\"a; b\"",  # a formula start neutralised
        "KM01;2024K2;3;;;;;6;6;intern;;",  # a quarter written as the import reads it
        "",
    ]


def test_an_english_csv_has_commas_decimal_points_and_english_provenance():
    assert format_file(RECORDS, danish=False).decode("utf-8").split("\r\n")[1:3] == [
        "S04,2024,3,,,1118,2205.5,,2205,published,'=1+1,a; b",
        "KM01,2024K2,3,,,,,6,6,internal,,",
    ]


def test_an_xlsx_reads_back_as_the_same_cells():
    rows = parse_file(format_file(RECORDS, fmt="xlsx"), filename="eksport.xlsx").rows
    assert [(r.indicator, r.period.start, r.numerator, r.denominator, r.value, r.base_count, r.provenance)
            for r in rows] == [("S04", date(2024, 1, 1), 1118.0, 2205.5, None, 2205, "published"),
                               ("KM01", date(2024, 4, 1), None, None, 6.0, 6, "internal")]
