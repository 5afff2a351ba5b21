"""Checking parsed import rows against the registry and the database, and resolving names to codes
(data_access.import_validation). Run on SQLite and PostgreSQL (the units come from the database)."""

from __future__ import annotations

from datetime import date

import pytest

from data_access.db import create_db_engine
from data_access.import_parsing import parse_file
from data_access.import_validation import Record, check, load_lookup, match_name
from tests.data_access.import_cases.helpers import empty_database

HEADER = "indikator;periode;bydel;enhed;maalgruppe;taeller;naevner;vaerdi;grundlag;proveniens;kilde;note"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def lookup(request, tmp_path_factory):
    """The spellings of a database with the registry and the sample units."""
    if request.param == "sqlite":
        engine = create_db_engine(f"sqlite:///{tmp_path_factory.mktemp('lookup') / 'units.sqlite'}")
    else:
        engine = request.getfixturevalue("new_postgres_database")()
    empty_database(engine)
    yield load_lookup(engine)
    engine.dispose()


@pytest.mark.parametrize(("column", "spelling", "code"), [
    ("bydel", "Vesterbro/Kongens Enghave", 4),
    ("bydel", "Vesterbro-Kongens Enghave", 4),
    ("bydel", "Vesterbro / Kongens Enghave", 4),
    ("bydel", "vesterbro – kongens enghave", 4),
    ("bydel", "04", 4),
    ("bydel", "Brønshøj-Husum", 7),
    ("bydel", "Brønshøj/Husum", 7),
    ("bydel", "Oesterbro", 2),
    ("bydel", "AMAGER ØST", 9),
    ("enhed", "bcv01", "BCV01"),
    ("enhed", "Borgercenter Voksne – Enhed Nord", "BCV01"),
    ("enhed", "Borgercenter Voksne - Enhed Nord", "BCV01"),
    ("enhed", "Socialforvaltningen", "SOF"),
    ("maalgruppe", "Børn og unge", "born_unge"),
    ("maalgruppe", "Children and young people", "born_unge"),
    ("maalgruppe", "HJEMLOESHED", "hjemloeshed"),
    ("maalgruppe", "Hjemløshed", "hjemloeshed"),
])
def test_names_and_aliases_resolve_to_codes(lookup, column, spelling, code):
    cells = {"bydel": "Nørrebro", "enhed": "BCV01", "maalgruppe": "voksne"} | {column: spelling}
    data = f"{HEADER}\nS01;2024;{cells['bydel']};{cells['enhed']};{cells['maalgruppe']};1;2;;2;intern;;\n"
    records, problems = check(parse_file(data.encode(), filename="navne.csv"), lookup=lookup)
    assert problems == []
    attribute = {"bydel": "district_code", "enhed": "unit_code", "maalgruppe": "group_code"}[column]
    assert getattr(records[0], attribute) == code


def _check(lookup, *rows: str, today: date | None = None) -> tuple[list[Record], list[str]]:
    data = "\n".join([HEADER, *rows]) + "\n"
    records, problems = check(parse_file(data.encode(), filename="v.csv"), lookup=lookup, today=today)
    return records, [str(p) for p in problems]


def test_a_ratio_cell_becomes_a_record_with_codes(lookup):
    records, problems = _check(lookup, "S04;2024;Nørrebro;;;118;205;;205;offentliggjort;Afgangsprøver;")
    assert problems == []
    (record,) = records
    assert record == Record("S04", date(2024, 1, 1), 3, None, None, 118.0, 205.0, None, 205, "published",
                            "Afgangsprøver", None)
    assert record.key == ("S04", date(2024, 1, 1), 3, None, None)
    assert record.values == (118.0, 205.0, None, 205, "published", "Afgangsprøver", None)


def test_a_published_percentage_for_the_whole_city_is_kept_as_a_value(lookup):
    records, problems = _check(lookup, "S01;2017;Hele byen;;;;;42;7094;offentliggjort;;")
    assert (records, problems) == ([Record("S01", date(2017, 1, 1), None, None, None, None, None, 42.0, 7094,
                                           "published")], [])


def test_a_count_keeps_its_value_and_group(lookup):
    records, _ = _check(lookup, "S07;2024;;;misbrug;;;1234,5;1235;intern;;")
    assert [(r.group_code, r.numerator, r.value, r.base_count) for r in records] == [("misbrug", None, 1234.5, 1235)]


def test_a_period_after_today_is_refused_with_the_date(lookup):
    records, problems = _check(lookup, "KM01;2024K2;3;;;;;6;6;intern;;", today=date(2024, 2, 1))
    assert records == []
    assert problems == ["v.csv, række 2, kolonne B (periode): Perioden ligger i fremtiden. Fundet: »2024K2«. "
                        "Forventet: en periode, der er begyndt senest i dag (01.02.2024)."]


def test_one_bad_row_and_no_row_is_imported(lookup):
    records, problems = _check(lookup, "S04;2024;Nørrebro;;;118;205;;205;intern;;",
                               "S04;2024;Nørrebroo;;;1;2;;2;intern;;")
    assert records == []
    assert problems == ["v.csv, række 3, kolonne C (bydel): Ukendt bydel. Fundet: »Nørrebroo«. Forventet: et "
                        "bydelsnummer 1–10 eller et bydelsnavn, fx Nørrebro eller Vesterbro/Kongens Enghave."]


def test_the_same_cell_twice_is_refused_even_when_spelled_differently(lookup):
    _, problems = _check(lookup, "S04;2024;3;;;118;205;;205;intern;;", "S04;2024;Nørrebro;;;1;2;;2;intern;;")
    assert problems == ["v.csv, række 3: Rækken gentager række 2: samme indikator, periode, bydel, enhed og "
                        "målgruppe. Fundet: »S04 2024 3«. Forventet: én række pr. indikator, periode, bydel, enhed "
                        "og målgruppe."]


@pytest.mark.parametrize(("text", "key"), [
    ("  Vesterbro / Kongens  Enghave ", "vesterbro-kongens enghave"),
    ("Brønshøj–Husum", "broenshoej-husum"),
    ("ÆBLEÅ", "aebleaa"),
])
def test_match_name_ignores_case_dashes_slashes_spaces_and_spells_out_danish_letters(text, key):
    assert match_name(text) == key
