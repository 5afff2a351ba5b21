"""Checking parsed import rows and resolving names to codes (data_access.import_validation)."""

from __future__ import annotations

import pytest

from data_access.db import create_db_engine
from data_access.import_parsing import parse_file
from data_access.import_validation import check, load_lookup
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
