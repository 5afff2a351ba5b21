"""From an empty database to real figures: init, units, figures; and clear messages on the way.

End to end, across modules on purpose: setup (init_database, database_state), import_units, importer
(import and rollback), queries and the command line, in the order an administrator uses them. Runs on
SQLite and on PostgreSQL. No sample row may exist anywhere in such a database."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from data_access.__main__ import main
from data_access.db import create_db_engine
from data_access.import_units import import_units
from data_access.importer import import_file, rollback_import
from data_access.queries import fetch_imports, fetch_indicator_status, fetch_org_units
from data_access.setup import EMPTY, READY, UNINITIALISED, UNREACHABLE, database_state, init_database
from tests.conftest import ROOT
from tests.levels import view_series

PUBLISHED = ROOT / "published_figures" / "offentliggjorte_tal.csv"
UNITS = "kode;navn;overordnet;gyldig_fra;gyldig_til\r\nBCV;Borgercenter Voksne;SOF;;\r\n" \
        "BCV01;Borgercenter Voksne – Enhed Syd;BCV;01-01-2024;\r\nHUE;Borgercenter Hjemløse;SOF;;31-12-2030\r\n"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty(request, tmp_path):
    if request.param == "sqlite":
        return create_db_engine(f"sqlite:///{tmp_path / 'prod.sqlite'}")
    return request.getfixturevalue("new_postgres_database")()


def test_init_import_units_and_figures_gives_real_figures_and_no_sample(empty):
    assert database_state(empty) == UNINITIALISED
    init_database(empty)
    init_database(empty)  # idempotent
    assert database_state(empty) == EMPTY
    units = import_units(engine=empty, data=UNITS.encode("utf-8-sig"), filename="enheder.csv", user="it")
    # BCV is in the registry already; HUE gets a new name and an end date; BCV01 is new
    assert units.summary() == "Importeret: 1 nye, 1 ændrede, 1 uændrede enheder (import 1)"
    org = fetch_org_units(engine=empty)
    assert org.filter(pl.col("code") == "BCV01")["parent_code"].item() == "BCV"
    figures = import_file(engine=empty, path=PUBLISHED, user="it")
    assert figures.ok and figures.inserted == pl.read_csv(PUBLISHED, separator=";").height
    assert database_state(empty) == READY
    assert fetch_indicator_status(engine=empty)["sample_rows"].sum() == 0
    # S01 2017 for the whole city: 42 % of 7,094 answers, published, with its interval from p and n
    city = view_series(engine=empty, indicator="S01", years=(2017, 2017))
    assert city.select("value", "base_count", "provenance").rows() == [(42.0, 7094, "published")]
    assert city["ci_low"].item() == pytest.approx(40.85, abs=0.01)


@pytest.mark.parametrize(("filters", "view", "coarser"), [
    ({"district": 3}, ("district",), "district"),
    ({"unit": "BCV"}, ("unit",), "unit"),
    ({"group": "born_unge"}, ("group",), "group"),
])
def test_only_a_city_total_gives_filtered_views_a_gap_with_its_reason(empty, filters, view, coarser):
    init_database(empty)
    import_units(engine=empty, data=UNITS.encode(), filename="enheder.csv", user="it")
    import_file(engine=empty, path=PUBLISHED, user="it")
    got = view_series(engine=empty, indicator="S01", year_to=2017, **filters)
    assert view == tuple(filters)
    assert got.select("value", "gap", "coarser").rows() == [(None, "coarser", coarser)]


def test_a_units_import_is_validated_and_rolls_back(empty):
    init_database(empty)
    bad = "kode;navn;overordnet;gyldig_fra\r\nX1;=HYPERLINK(1);SOF;\r\nX2;Enhed;FINDES;32-01-2024\r\nX3;Ring;X3;\r\n"
    result = import_units(engine=empty, data=bad.encode(), filename="enheder.csv", user="it")
    assert [str(p) for p in result.problems] == [
        "enheder.csv, række 2, kolonne B (navn): Cellen ligner en formel og modtages ikke af sikkerhedshensyn. "
        "Fundet: »=HYPERLINK(1)«. Forventet: tekst, der ikke begynder med =, +, - eller @.",
        "enheder.csv, række 3, kolonne D (gyldig_fra): Datoen kan ikke læses. Fundet: »32-01-2024«. "
        "Forventet: en dato, fx 01-01-2024 eller 2024-01-01.",
        "enheder.csv, række 4, kolonne C (overordnet): En enhed kan ikke ligge under sig selv. Fundet: »X3«. "
        "Forventet: en anden enheds kode.",
    ]
    assert fetch_imports(engine=empty).height == 0
    first = import_units(engine=empty, data=UNITS.encode(), filename="enheder.csv", user="it")
    # the second file moves HUE's end date, which the first file had set: the first cannot go back first
    renamed = UNITS.replace("31-12-2030", "31-12-2031")
    second = import_units(engine=empty, data=renamed.encode(), filename="enheder2.csv", user="it")
    assert (second.inserted, second.updated, second.unchanged) == (0, 1, 2)
    blocked = rollback_import(engine=empty, import_id=first.import_id, user="it")
    assert [p.message for p in blocked.problems] == [
        f"Import {first.import_id} kan ikke rulles tilbage, fordi en senere import ({second.import_id}) har ændret "
        "nogle af de samme rækker."]
    assert rollback_import(engine=empty, import_id=second.import_id, user="it").ok
    hue = fetch_org_units(engine=empty).filter(pl.col("code") == "HUE")
    assert hue["valid_to"].item() == date(2030, 12, 31)
    assert rollback_import(engine=empty, import_id=first.import_id, user="it").ok
    assert "BCV01" not in fetch_org_units(engine=empty)["code"].to_list()
    assert fetch_org_units(engine=empty).filter(pl.col("code") == "SOF").height == 1  # the registry's stay


def test_the_cli_on_an_uninitialised_database_names_the_init_command(empty, capsys):
    url = empty.url.render_as_string(hide_password=False)
    assert main(["import", str(PUBLISHED), "--database-url", url]) == 2
    assert capsys.readouterr().err.strip() == "Databasen er ikke sat op. Kør først: python -m data_access init"
    assert main(["init", "--database-url", url]) == 0
    assert capsys.readouterr().out.startswith("Databasen er klar:")
    assert main(["units", "-", "--database-url", url]) == 1  # no such file: a message, not a traceback
    assert "Filen findes ikke" in capsys.readouterr().err
    assert main(["import", str(PUBLISHED), "--database-url", url]) == 0
    assert capsys.readouterr().out.startswith("Importeret: 7 nye")


def test_the_cli_on_an_unreachable_database_says_so_in_one_line(capsys):
    url = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"
    assert database_state(create_db_engine(url)) == UNREACHABLE
    assert main(["import", str(PUBLISHED), "--database-url", url]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "Databasen kan ikke nås. Kontrollér DATABASE_URL, og at databaseserveren kører."
    assert main(["init", "--database-url", url]) == 2


def test_a_period_after_today_is_refused_for_totals_too(empty):
    init_database(empty)
    data = ("indikator;periode;bydel;enhed;maalgruppe;vaerdi;grundlag;proveniens\r\n"
            f"S01;{date.today().year + 1};;;;40;100;offentliggjort\r\n").encode()
    result = import_file(engine=empty, data=data, filename="fremtid.csv", user="it")
    assert [p.message for p in result.problems] == ["Perioden ligger i fremtiden."]


def test_a_total_that_disagrees_with_its_real_cells_is_imported_with_a_warning(empty, tmp_path, capsys):
    url = empty.url.render_as_string(hide_password=False)
    init_database(empty)
    header = "indikator;periode;bydel;enhed;maalgruppe;taeller;naevner;vaerdi;grundlag;proveniens\r\n"
    cells = tmp_path / "celler.csv"
    cells.write_text(header + "S04;2024;Nørrebro;;;30;100;;100;intern\r\nS04;2024;Bispebjerg;;;10;100;;100;intern\r\n",
                     encoding="utf-8")
    total = tmp_path / "total.csv"  # the city: 42 %, but its cells say 40/200 = 20 %
    total.write_text(header + "S04;2024;;;;;;42;200;offentliggjort\r\n", encoding="utf-8")
    assert main(["import", str(cells), "--database-url", url]) == 0
    capsys.readouterr()
    assert main(["import", str(total), "--database-url", url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["Importeret: 1 nye, 0 ændrede, 0 uændrede rækker (import 2)",
                   "  Advarsel: S04 2024, Hele byen: totalen 42,0 % afviger fra summen af de virkelige celler "
                   "(20,0 %). Totalen vises."]
