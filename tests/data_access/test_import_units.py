"""Importing the organisation's units (data_access.import_units): the file checked row by row, then
upserted by code (all or nothing) and counted as units."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from data_access import models
from data_access.db import create_db_engine
from data_access.import_units import UnitRecord, check_units, import_units
from data_access.setup import init_database

HEADER = "kode;navn;overordnet;gyldig_fra;gyldig_til\r\n"


def _problems(text: str, known: frozenset = frozenset({"SOF"})) -> list[str]:
    records, problems = check_units("enheder.csv", text.encode(), known=set(known))
    assert records == []  # all or nothing: one bad row and no unit is imported
    return [str(p) for p in problems]


def test_a_valid_file_gives_its_units_with_dates():
    records, problems = check_units("enheder.csv", (
        HEADER + "BCV;Borgercenter Voksne;SOF;;\r\nBCV01;Borgercenter Voksne – Enhed Syd;BCV;01-01-2024;31.12.2025\r\n"
    ).encode(), known={"SOF"})
    assert problems == []
    assert records == [
        UnitRecord("BCV", "Borgercenter Voksne", "SOF", None, None, row=2),
        UnitRecord("BCV01", "Borgercenter Voksne – Enhed Syd", "BCV", date(2024, 1, 1), date(2025, 12, 31), row=3),
    ]


def test_english_column_names_and_a_comma_are_read_too():
    records, problems = check_units("units.csv", b"code,name,parent\r\nA1,Unit A,SOF\r\n", known={"SOF"})
    assert (records, problems) == ([UnitRecord("A1", "Unit A", "SOF", None, None, row=2)], [])


def test_every_bad_row_is_named_with_its_row_and_column():
    assert _problems(HEADER + "A1;Enhed A;B1;;\nB1;Enhed B;A1;;\nC1;Enhed C;C1;;\nD 1;Enhed D;;;\n"
                     "E1;Enhed E;;2024-13-01;\nF1;Enhed F;;01-02-2024;01-01-2024\nA1;Igen;;;\n"
                     "G1;=HYPERLINK(1);;;\n;Uden kode;;;\nH1;Enhed H;XX;;\n") == [
        "enheder.csv, række 2, kolonne C (overordnet): Enhederne ligger under hinanden i ring. Fundet: »B1«. "
        "Forventet: et træ: ingen enhed under sig selv.",
        "enheder.csv, række 3, kolonne C (overordnet): Enhederne ligger under hinanden i ring. Fundet: »A1«. "
        "Forventet: et træ: ingen enhed under sig selv.",
        "enheder.csv, række 4, kolonne C (overordnet): En enhed kan ikke ligge under sig selv. Fundet: »C1«. "
        "Forventet: en anden enheds kode.",
        "enheder.csv, række 5, kolonne A (kode): Koden må kun have bogstaver, tal, punktum, bindestreg og "
        "understregning (højst 40). Fundet: »D 1«. Forventet: fx BCV01.",
        "enheder.csv, række 6, kolonne D (gyldig_fra): Datoen kan ikke læses. Fundet: »2024-13-01«. "
        "Forventet: en dato, fx 01-01-2024 eller 2024-01-01.",
        "enheder.csv, række 7, kolonne E (gyldig_til): Slutdatoen ligger før startdatoen. Fundet: »01-01-2024«. "
        "Forventet: en dato efter gyldig_fra.",
        "enheder.csv, række 8, kolonne A (kode): Koden findes også i række 2. Fundet: »A1«. Forventet: hver enhed én gang.",
        "enheder.csv, række 9, kolonne B (navn): Cellen ligner en formel og modtages ikke af sikkerhedshensyn. "
        "Fundet: »=HYPERLINK(1)«. Forventet: tekst, der ikke begynder med =, +, - eller @.",
        "enheder.csv, række 10, kolonne A (kode): Kode mangler. Forventet: en enhedskode, fx BCV01.",
        "enheder.csv, række 11, kolonne C (overordnet): Ukendt overordnet enhed. Fundet: »XX«. "
        "Forventet: en kode fra filen eller fra organisationen.",
    ]


def test_the_header_must_name_code_and_name():
    assert _problems("kode;titel\nA;B\n") == [
        "enheder.csv, række 1, kolonne B (titel): Ukendt kolonne. Fundet: »titel«. "
        "Forventet: kun kolonnerne kode, navn, overordnet, gyldig_fra, gyldig_til.",
        "enheder.csv, række 1, kolonne navn: Kolonnen »navn« mangler. "
        "Forventet: kolonnerne kode, navn, overordnet, gyldig_fra, gyldig_til.",
    ]
    assert _problems("kode;navn\n") == ["enheder.csv: Filen har ingen enheder. Forventet: en overskrift og mindst én række."]


@pytest.fixture
def initialised(tmp_path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'units.sqlite'}")
    init_database(engine)  # the registry's top units: KK, SOF, BCV, …
    yield engine
    engine.dispose()


def test_units_are_inserted_then_updated_by_code(initialised):
    first = HEADER + "BCV01;Enhed Nord;BCV;;\r\nBCV02;Enhed Syd;BCV;;\r\n"
    dry = import_units(engine=initialised, data=first.encode(), filename="enheder.csv", user="test", dry_run=True)
    assert dry.summary() == "Prøvekørsel (intet gemt): 2 nye, 0 ændrede, 0 uændrede enheder"
    done = import_units(engine=initialised, data=first.encode(), filename="enheder.csv", user="test")
    assert done.summary() == f"Importeret: 2 nye, 0 ændrede, 0 uændrede enheder (import {done.import_id})"
    renamed = HEADER + "BCV01;Enhed Nord;BCV;;\r\nBCV02;Enhed Sydhavn;BCV;01-01-2025;\r\n"
    again = import_units(engine=initialised, data=renamed.encode(), filename="enheder.csv", user="test")
    assert (again.status, again.inserted, again.updated, again.unchanged) == ("imported", 0, 1, 1)
    unit = models.OrgUnit.__table__.c
    with initialised.connect() as conn:
        row = conn.execute(select(unit.name, unit.parent_code, unit.valid_from).where(unit.code == "BCV02")).one()
    assert tuple(row) == ("Enhed Sydhavn", "BCV", date(2025, 1, 1))


def test_a_refused_units_file_writes_nothing(initialised):
    result = import_units(engine=initialised, data=(HEADER + "X1;Ny;UKENDT;;\r\n").encode(), filename="e.csv",
                          user="test")
    assert (result.status, result.import_id, result.summary()) == ("rejected", None, "Intet importeret: 1 problem i e.csv.")
    with initialised.connect() as conn:
        assert conn.execute(select(models.OrgUnit.code).where(models.OrgUnit.code == "X1")).first() is None
