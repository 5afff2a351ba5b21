"""Reading import files (data_access.import_parsing), on real files: every malformed case is refused with
its exact Danish message and leaves the database untouched; the valid Danish-Excel-style files are read as
Excel writes them, import, and read back with the exact sums; a CSV mixing encodings is refused at its
line; periods and numbers as people write them. Run on SQLite and PostgreSQL. The files are in
import_cases/ (written by import_cases/make_cases.py). How names resolve to codes is in
test_import_validation.py."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from sqlalchemy import select

from data_access import models
from data_access.access import ALL
from data_access.db import create_db_engine
from data_access.import_parsing import MAX_BYTES, MAX_ROWS, parse_file, parse_number, parse_period
from data_access.importer import import_file
from data_access.queries import fetch_observations
from data_access.sample_db import write_sample_database
from tests.data_access.import_cases.helpers import CASES, small_database, snapshot
from tests.levels import fetch_cell_sums

HEADER = "indikator;periode;bydel;enhed;maalgruppe;taeller;naevner;vaerdi;grundlag;proveniens;kilde;note"

# file -> each problem's Danish message (file, row and column as the spreadsheet shows them; what was
# found; what was expected), as the start of the message or as parts that must all be in one message.
# There must be exactly one problem per entry. Today-dependent text is left out of the future case.
BAD = {
    # --- the file itself
    "bad_empty.csv": ["bad_empty.csv: Filen er tom. Forventet: en overskriftsrække med kolonnenavne og mindst én datarække."],
    "bad_only_bom.csv": ["bad_only_bom.csv: Filen er tom."],
    "bad_header_only.csv": ["bad_header_only.csv: Filen har kolonnenavne, men ingen datarækker. Forventet: mindst én datarække."],
    "bad_binary_renamed.csv": ["bad_binary_renamed.csv: Filen er ikke en tekstfil (CSV) eller en Excel-fil (XLSX); den ser ud til at være binær."],
    "bad_old_excel.csv": ["bad_old_excel.csv: Filen er i det gamle Excel-format (.xls), som ikke kan læses."],
    "bad_not_really.xlsx": ["bad_not_really.xlsx: Filen hedder .xlsx, men er ikke en Excel-projektmappe."],
    "bad_corrupt.xlsx": ["bad_corrupt.xlsx: Filen ligner en XLSX-fil, men kan ikke åbnes (ødelagt ZIP-arkiv)."],
    "bad_report.pdf": ["bad_report.pdf: Filtypen ».pdf« modtages ikke. Forventet: en .csv- eller .xlsx-fil."],
    "bad_macros.xlsm": ["bad_macros.xlsm: Excel-filer med makroer (.xlsm) modtages ikke."],
    "bad_encoding.csv": ["bad_encoding.csv: Filens tegnsæt kan ikke genkendes. Forventet: UTF-8 (med eller uden BOM) eller Windows-1252"],
    "bad_mojibake.csv": [("bad_mojibake.csv, række 2, kolonne C (bydel): Ukendt bydel. Fundet: »NÃ¸rrebro«.",
                          "(teksten ser ud til at have fået forkert tegnsæt; gem filen som CSV UTF-8 og prøv igen)")],
    # --- columns and separators
    "bad_pipe_separator.csv": ["bad_pipe_separator.csv, række 1: Første række skal være kolonnenavnene, men ingen af dem "
                               "genkendes. Første række har kun én kolonne – er skilletegnet semikolon (;) eller komma (,)?"],
    "bad_header_is_data.csv": ["bad_header_is_data.csv, række 1: Første række skal være kolonnenavnene, men ingen af dem "
                               "genkendes. Fundet: »S01;2024;Nørrebro;BCV01;voksne;12;40;40;intern;Brugerundersøgelsen«. "
                               f"Forventet: kolonnerne {HEADER}."],
    "bad_unknown_column.csv": ["bad_unknown_column.csv, række 1, kolonne M (antal): Ukendt kolonne. Fundet: »antal«. "
                               "Forventet: kun kolonnerne indikator, periode, bydel, enhed, maalgruppe, taeller, naevner, "
                               "vaerdi, grundlag, proveniens, kilde, note."],
    "bad_missing_period_column.csv": ["bad_missing_period_column.csv, række 1, kolonne periode: Kolonnen »periode« mangler."],
    "bad_duplicate_column.csv": ["bad_duplicate_column.csv, række 1, kolonne M (district): Kolonnen findes to gange "
                                 "(kolonne C og M). Forventet: hver kolonne én gang."],
    "bad_no_number_columns.csv": ["bad_no_number_columns.csv, række 1: Filen har ingen talkolonne. "
                                  "Forventet: mindst én af kolonnerne taeller, naevner og vaerdi."],
    "bad_comma_separator_decimal_comma.csv": ["bad_comma_separator_decimal_comma.csv, række 2: Rækken har 13 felter, men "
                                              "overskriften har 12. Er der brugt komma både som skilletegn og decimaltegn?"],
    "bad_mixed_separator_row.csv": ["bad_mixed_separator_row.csv, række 3: Rækken bruger et andet skilletegn (»,«) end "
                                    "overskriften (»;«). Fundet: »S04,2024,Amager Øst,,,118,205,,205,offentliggjort,Afgangsprøver,«."],
    "bad_quotes.csv": ["bad_quotes.csv, række 3: Rækken kan ikke læses som CSV: et anførselstegn (\") står midt i et felt "
                       "eller er ikke lukket."],
    "bad_stray_cell.csv": ["bad_stray_cell.csv, række 3: Cellen står i kolonne M, som ikke har et kolonnenavn. Fundet: »glemt«."],
    # --- numbers
    "bad_mixed_decimals.csv": ["bad_mixed_decimals.csv, række 3, kolonne H (vaerdi): Tallet er skrevet med decimalpunktum, "
                               "men resten af filen bruger decimalkomma. Fundet: »96.4«."],
    "bad_number.csv": ["bad_number.csv, række 2, kolonne F (taeller): Ugyldigt tal. Fundet: »12 personer«. "
                       "Forventet: et tal, fx 1.234,5."],
    "bad_dash_for_missing.csv": ["bad_dash_for_missing.csv, række 2, kolonne H (vaerdi): Tegnet står for et manglende tal. "
                                 "Fundet: »-«. Forventet: en tom celle, når tallet mangler."],
    "bad_base_not_integer.csv": ["bad_base_not_integer.csv, række 2, kolonne I (grundlag): Grundlaget skal være et helt tal. "
                                 "Fundet: »40,5«."],
    "bad_xlsx_text_number.xlsx": ["bad_xlsx_text_number.xlsx, række 2, kolonne F (taeller): Ugyldigt tal. Fundet: »118,0,1«."],
    # --- formula-like cells
    "bad_formula_equals.csv": ["bad_formula_equals.csv, række 2, kolonne L (note): Cellen begynder med »=« og ligner en "
                               "formel; den modtages ikke af sikkerhedshensyn. Fundet: »=HYPERLINK(\"http://x\")«. "
                               "Forventet: tekst, der ikke begynder med =, +, - eller @."],
    "bad_formula_plus.csv": ["bad_formula_plus.csv, række 2, kolonne K (kilde): Cellen begynder med »+« og ligner en formel"],
    "bad_formula_minus.csv": ["bad_formula_minus.csv, række 2, kolonne L (note): Cellen begynder med »-« og ligner en formel"],
    "bad_formula_at.csv": ["bad_formula_at.csv, række 2, kolonne A (indikator): Cellen begynder med »@« og ligner en formel"],
    "bad_formula_in_number.csv": ["bad_formula_in_number.csv, række 2, kolonne H (vaerdi): Cellen begynder med »=« og "
                                  "ligner en formel; den modtages ikke af sikkerhedshensyn. Fundet: »=40+2«. Forventet: et tal."],
    "bad_formula_cell.xlsx": ["bad_formula_cell.xlsx, række 3, kolonne H (vaerdi): Cellen indeholder en Excel-formel; "
                              "formler modtages ikke. Fundet: »=H2*2«. Forventet: en værdi (kopiér og indsæt som værdier)."],
    # --- codes and names
    "bad_xlsx_cell.xlsx": ["bad_xlsx_cell.xlsx, række 3, kolonne C (bydel): Ukendt bydel. Fundet: »Amager Nord«. "
                           "Forventet: et bydelsnummer 1–10 eller et bydelsnavn, fx Nørrebro eller Vesterbro/Kongens Enghave."],
    "bad_unknown_indicator.csv": ["bad_unknown_indicator.csv, række 2, kolonne A (indikator): Ukendt indikator. "
                                  "Fundet: »S99«. Forventet: en indikatorkode fra registret, fx S01, P07 eller KM02."],
    "bad_unknown_district.csv": ["bad_unknown_district.csv, række 3, kolonne C (bydel): Ukendt bydel. Fundet: »Nørrebroo«."],
    "bad_unknown_unit.csv": ["bad_unknown_unit.csv, række 2, kolonne D (enhed): Ukendt enhed. Fundet: »BCV99«. "
                             "Forventet: en enhedskode eller et enhedsnavn fra organisationen"],
    "bad_unknown_group.csv": ["bad_unknown_group.csv, række 2, kolonne E (maalgruppe): Ukendt målgruppe. Fundet: »unge«. "
                              "Forventet: en målgruppekode eller et målgruppenavn, fx born_unge eller Børn og unge."],
    "bad_unknown_provenance.csv": ["bad_unknown_provenance.csv, række 2, kolonne J (proveniens): Ukendt proveniens. "
                                   "Fundet: »offentlig«. Forventet: offentliggjort, intern eller eksempel (published, internal, sample)."],
    # --- required fields, breakdowns, duplicates
    "bad_missing_indicator.csv": ["bad_missing_indicator.csv, række 3, kolonne A (indikator): Indikator mangler."],
    "bad_missing_period.csv": ["bad_missing_period.csv, række 2, kolonne B (periode): Periode mangler. "
                               "Forventet: et år (2024) eller et kvartal (2024K1 eller 2024-Q1)."],
    "bad_missing_provenance.csv": ["bad_missing_provenance.csv, række 2, kolonne J (proveniens): Proveniens mangler."],
    "bad_extra_breakdown.csv": ["bad_extra_breakdown.csv, række 2, kolonne D (enhed): S04 er ikke opdelt på enhed. "
                                "Fundet: »BCV01«. Forventet: en tom celle (S04 opdeles kun på bydel)."],
    "bad_duplicate_rows.csv": ["bad_duplicate_rows.csv, række 4: Rækken gentager række 2: samme indikator, periode, bydel, "
                               "enhed og målgruppe. Fundet: »S01 2024 3 BCV01 voksne«."],
    # --- the indicator's rule
    "bad_numerator_gt_denominator.csv": ["bad_numerator_gt_denominator.csv, række 2, kolonne F (taeller): Tælleren (50) er "
                                         "større end nævneren (40). Forventet: en tæller, der højst er lig med nævneren."],
    "bad_zero_denominator.csv": ["bad_zero_denominator.csv, række 2, kolonne G (naevner): Nævneren er 0. Fundet: »0«. "
                                 "Forventet: et tal større end 0."],
    "bad_negative_count.csv": ["bad_negative_count.csv, række 2, kolonne H (vaerdi): Negativt tal. Fundet: »-5«. "
                               "Forventet: et tal på 0 eller derover."],
    "bad_percent_out_of_range.csv": ["bad_percent_out_of_range.csv, række 2, kolonne H (vaerdi): Procenten ligger uden for "
                                     "0–100. Fundet: »120«. Forventet: en procent mellem 0 og 100."],
    "bad_value_mismatch.csv": ["bad_value_mismatch.csv, række 2, kolonne H (vaerdi): Værdien passer ikke med tæller og "
                               "nævner (57,561). Fundet: »40«."],
    "bad_ratio_only_value.csv": [
        "bad_ratio_only_value.csv, række 2, kolonne I (grundlag): Grundlag mangler: en andel givet som procent skal "
        "have sit grundlag (antal besvarelser eller personer), når den gælder en del af byen. Forventet: et helt antal, fx 7094.",
    ],
    "bad_sum_with_numerator.csv": [
        "bad_sum_with_numerator.csv, række 2, kolonne F (taeller): S07 er en optælling og har ingen tæller eller nævner. "
        "Fundet: »42«. Forventet: en tom celle; tallet skal stå i vaerdi.",
        "bad_sum_with_numerator.csv, række 2, kolonne G (naevner): S07 er en optælling og har ingen tæller eller nævner. "
        "Fundet: »100«.",
        "bad_sum_with_numerator.csv, række 2, kolonne H (vaerdi): Værdi mangler: S07 er en optælling (rækken har tæller/nævner).",
    ],
    "bad_weighted_mean_no_base.csv": ["bad_weighted_mean_no_base.csv, række 2, kolonne I (grundlag): Grundlag mangler: S05 "
                                      "er et vægtet gennemsnit, og grundlaget er vægten."],
    "bad_survey_no_base.csv": ["bad_survey_no_base.csv, række 2, kolonne I (grundlag): Grundlag mangler: S01 er en "
                               "spørgeskemaundersøgelse, og grundlaget er antal besvarelser."],
    "bad_too_long_note.csv": [("bad_too_long_note.csv, række 2, kolonne L (note): Teksten er for lang (1.001 tegn).",
                               "Forventet: højst 1.000 tegn.")],
    # --- periods
    "bad_future_period.csv": ["bad_future_period.csv, række 2, kolonne B (periode): Perioden ligger i fremtiden. "
                              "Fundet: »2099«. Forventet: en periode, der er begyndt senest i dag"],
    "bad_quarter_for_yearly.csv": ["bad_quarter_for_yearly.csv, række 2, kolonne B (periode): S04 opgøres årligt, men "
                                   "perioden er et kvartal. Fundet: »2024K1«. Forventet: et år, fx 2024."],
    "bad_year_for_quarterly.csv": ["bad_year_for_quarterly.csv, række 2, kolonne B (periode): KM01 opgøres kvartalsvis, "
                                   "men perioden er et helt år. Fundet: »2024«. Forventet: et kvartal, fx 2024K1."],
    "bad_period.csv": ["bad_period.csv, række 2, kolonne B (periode): Ugyldig periode. Fundet: »2024-13«."],
    "bad_period_not_first_day.csv": ["bad_period_not_first_day.csv, række 2, kolonne B (periode): Ugyldig periode. "
                                     "Fundet: »2024-02-15«."],
}


def test_every_committed_bad_file_has_an_expectation():
    on_disk = {p.name for p in CASES.glob("bad_*")}
    assert on_disk == set(BAD)
    assert len(on_disk) >= 40


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def small_engine(request, tmp_path_factory):
    if request.param == "sqlite":
        engine = create_db_engine(f"sqlite:///{tmp_path_factory.mktemp('import_bad') / 'small.sqlite'}")
    else:
        engine = request.getfixturevalue("new_postgres_database")()
    small_database(engine)
    before = snapshot(engine)
    yield engine, before
    engine.dispose()


def _assert_refused(engine, before, path, expected: list):
    result = import_file(engine=engine, path=path, user="test")
    messages = [str(p) for p in result.problems]
    assert result.status == "rejected" and result.import_id is None
    assert result.inserted == result.updated == result.unchanged == 0
    assert len(messages) == len(expected), messages
    for want in expected:
        parts = want if isinstance(want, tuple) else (want,)
        assert any(all(part in m for part in parts) for m in messages), f"{want!r} not in {messages}"
    assert snapshot(engine) == before  # same row count, same checksum, same build_info, empty audit log
    return messages


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_is_refused_with_its_message_and_nothing_changes(small_engine, name):
    engine, before = small_engine
    _assert_refused(engine, before, CASES / name, BAD[name])


def test_a_file_over_the_size_limit_is_refused_unread(small_engine, tmp_path):
    engine, before = small_engine
    path = tmp_path / "kaempe.csv"
    line = ("S04;2024;Nørrebro;;;118;205;;205;intern;" + "x" * 200 + ";\n").encode()
    with open(path, "wb") as fh:
        fh.write((HEADER + "\n").encode())
        fh.write(line * (MAX_BYTES // len(line) + 1))
    assert path.stat().st_size > MAX_BYTES
    _assert_refused(engine, before, path, ["kaempe.csv: Filen er for stor (20,0 MB). Forventet: højst 20 MB og 200.000 rækker"])


def test_a_file_with_too_many_rows_is_refused(small_engine, tmp_path):
    engine, before = small_engine
    path = tmp_path / "mange.csv"
    rows = "".join(f"S04;{2014 + i % 10};{1 + i % 10};;;1;2;;2;intern;;\n" for i in range(MAX_ROWS + 1))
    path.write_text(HEADER + "\n" + rows, encoding="utf-8")
    assert path.stat().st_size < MAX_BYTES
    _assert_refused(engine, before, path, ["mange.csv: Filen har for mange rækker (mere end 200.000). "
                                           "Forventet: højst 200.000 datarækker; del filen op."])


def test_problems_are_reported_for_every_row_not_only_the_first(small_engine, tmp_path):
    engine, before = small_engine
    path = tmp_path / "flere.csv"
    path.write_text("\n".join([
        HEADER,
        "S04;2024;Nørrebro;;;118;205;;205;intern;;",
        "S04;2024;Nørrebroo;;;118;205;;205;intern;;",
        "S04;2024;Valby;;;300;205;;205;intern;;",
        "S99;2024;Valby;;;1;2;;2;intern;;",
    ]), encoding="utf-8")
    messages = _assert_refused(engine, before, path, [
        "flere.csv, række 3, kolonne C (bydel): Ukendt bydel.",
        "flere.csv, række 4, kolonne F (taeller): Tælleren (300) er større end nævneren (205).",
        "flere.csv, række 5, kolonne A (indikator): Ukendt indikator.",
    ])
    assert [m.split(":")[0] for m in messages] == [
        "flere.csv, række 3, kolonne C (bydel)", "flere.csv, række 4, kolonne F (taeller)",
        "flere.csv, række 5, kolonne A (indikator)",
    ]


# ------------------------------------------------------------------------------------------ valid files

VALID = ["valid_danish_cp1252.csv", "valid_utf8_bom.csv", "valid_comma_point.csv", "valid_utf16_tab.txt",
         "valid_workbook.xlsx", "valid_city_total.csv", "valid_partial_total.csv"]


def test_the_valid_files_are_read_as_excel_writes_them():
    cp1252 = parse_file(CASES / "valid_danish_cp1252.csv")
    assert (cp1252.encoding, cp1252.delimiter, cp1252.decimal) == ("cp1252", ";", ",")
    bom = parse_file(CASES / "valid_utf8_bom.csv")
    assert (bom.encoding, bom.delimiter, bom.decimal) == ("utf-8-sig", ";", ",")
    assert bom.rows[0].row == 2  # the "sep=;" line is hidden by Excel, so the header is row 1
    comma = parse_file(CASES / "valid_comma_point.csv")
    assert (comma.encoding, comma.delimiter, comma.decimal) == ("utf-8", ",", ".")
    utf16 = parse_file(CASES / "valid_utf16_tab.txt")
    assert (utf16.encoding, utf16.delimiter) == ("utf-16", "\t")
    xlsx = parse_file(CASES / "valid_workbook.xlsx")
    assert xlsx.kind == "xlsx" and not xlsx.errors
    assert [r.value for r in xlsx.rows] == [25.0, None, 1500.0]  # a percent cell, none, a text "1.500"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def imported(request, tmp_path_factory):
    """A fresh sample database with every valid file imported."""
    if request.param == "sqlite":
        engine = create_db_engine(f"sqlite:///{tmp_path_factory.mktemp('import_ok') / 'sample.sqlite'}")
    else:
        engine = request.getfixturevalue("new_postgres_database")()
    write_sample_database(engine)
    results = {name: import_file(engine=engine, path=CASES / name, user="test") for name in VALID}
    yield engine, results
    engine.dispose()


def test_valid_files_import_completely(imported):
    _engine, results = imported
    summary = {name: (r.status, r.inserted, r.updated, r.unchanged, [str(p) for p in r.problems])
               for name, r in results.items()}
    assert summary == {
        "valid_danish_cp1252.csv": ("imported", 8, 0, 0, []),
        "valid_utf8_bom.csv": ("imported", 5, 0, 0, []),
        "valid_comma_point.csv": ("imported", 3, 0, 0, []),
        "valid_utf16_tab.txt": ("imported", 2, 0, 0, []),
        "valid_workbook.xlsx": ("imported", 3, 0, 0, []),
        "valid_city_total.csv": ("imported", 1, 0, 0, []),
        "valid_partial_total.csv": ("imported", 1, 0, 0, []),
    }


def test_totals_are_stored_with_null_breakdowns(imported):
    engine, _ = imported
    s04 = fetch_observations(engine=engine, scope=ALL, indicator="S04", year_from=2024, year_to=2024)
    total = s04.filter(pl.col("district_code").is_null())
    assert total.select("numerator", "denominator", "provenance").rows() == [(118.0, 205.0, "published")]
    s01 = fetch_observations(engine=engine, scope=ALL, indicator="S01", year_from=2024, year_to=2024).filter(
        pl.col("unit_code").is_null())
    assert s01.select("district_code", "group_code", "numerator").rows() == [(3, "voksne", 12.0)]


def _sums(engine, indicator, by, columns=("numerator", "denominator", "base_count")):
    frame = fetch_cell_sums(engine=engine, indicator=indicator, by=by, year_from=2026)
    return {tuple(r[k] for k in by): tuple(r[c] for c in columns) for r in frame.to_dicts()}


def test_ratio_cells_read_back_with_exact_sums_and_names_resolved_to_codes(imported):
    engine, _ = imported
    # district names and aliases (Vesterbro-Kongens Enghave, Brønshøj/Husum), numbers with thousands
    # dots and decimal commas, a percent cell, a tab-separated UTF-16 file and an XLSX with numeric codes
    assert _sums(engine, "S04", ("district_code",)) == {
        (1,): (30.0, 120.0, 120),  # valid_workbook.xlsx, "Indre By"
        (2,): (10.0, 40.0, 40),  # valid_utf16_tab.txt, "Østerbro"
        (3,): (118.0, 205.0, 205),  # cp1252, "Nørrebro"
        (4,): (1003.0, 2406.5, 2406),  # cp1252, "Vesterbro-Kongens Enghave", 1.003 / 2.406,5
        (5,): (3.5, 7.0, 7),  # utf16, "Valby", 3,5 / 7
        (6,): (9.0, 10.0, 10),  # xlsx, district given as the number 6
        (7,): (7.0, 20.0, 20),  # cp1252, "Brønshøj/Husum"
    }
    assert _sums(engine, "S04", ("period",)) == {(date(2026, 1, 1),): (1180.5, 2808.5, 2808)}
    # a unit by its name with a plain hyphen (the database says "–"), a group by its Danish name
    assert _sums(engine, "S01", ("district_code", "unit_code", "group_code")) == {(1, "BCV02", "sindslidelse"): (7.0, 31.0, 31)}
    assert _sums(engine, "S06", ("district_code",)) == {(9,): (12.5, 50.0, 50)}


def test_value_cells_read_back_with_exact_sums(imported):
    engine, _ = imported
    value = ("value_sum", "base_count")
    assert _sums(engine, "P05", ("district_code",), value) == {(5,): (1042.0, 1042), (10,): (2017.5, 2018)}
    assert _sums(engine, "S05", ("group_code",), ("value_sum", "weighted_sum", "weight")) == {
        ("aeldre",): (120.5, 1205.0, 10.0),  # "Elderly" (English name)
        ("born_unge",): (94.25, 8482.5, 90.0),  # "Børn og unge"
    }
    assert _sums(engine, "S07", ("group_code",), value) == {("kriminalitet",): (1001.0, 1001), ("misbrug",): (1234.5, 1235)}
    # quarters written 2026K1, 2026-Q2, Q3 2026 and as an XLSX date cell
    assert _sums(engine, "KM01", ("period", "district_code"), value) == {
        (date(2026, 1, 1), 3): (6.0, 6), (date(2026, 4, 1), 3): (7.0, 7), (date(2026, 7, 1), 8): (5.0, 5),
    }
    assert _sums(engine, "KM03", ("period",), value) == {(date(2026, 7, 1),): (1500.0, 1500)}
    assert _sums(engine, "KM04", ("period", "unit_code"), value) == {
        (date(2026, 4, 1), "BCV"): (1.25, 2), (date(2026, 4, 1), "SOF"): (2.5, 3),  # "bcv", "Socialforvaltningen"
    }


def test_texts_and_provenance_are_stored(imported):
    engine, _ = imported
    km04 = fetch_observations(engine=engine, scope=ALL, indicator="KM04", year_from=2026)
    assert sorted(zip(km04["unit_code"], km04["source"], km04["provenance"], strict=True)) == [
        ("BCV", "Lønsystem; årsværk", "internal"), ("SOF", "Lønsystem", "internal"),
    ]
    obs = models.Observation.__table__.c
    with engine.connect() as conn:
        notes = dict(conn.execute(select(obs.group_code, obs.note).where(obs.indicator_code == "S07",
                                                                          obs.period == date(2026, 1, 1))).all())
        provenance = conn.execute(select(obs.provenance).where(obs.indicator_code == "KM01",
                                                               obs.period == date(2026, 7, 1))).scalar()
    assert notes == {"kriminalitet": "a note, with a comma", "misbrug": None}
    assert provenance == "internal"
    s04 = fetch_observations(engine=engine, scope=ALL, indicator="S04", year_from=2026)
    assert set(s04["provenance"]) == {"published", "internal"}


# ------------------------------------------------------------------------------------------ CSV encodings

CSV_HEADER = HEADER + "\n"

UTF8_LINE = "S05;2024;;;Børn og unge;;;96,4;118;intern;;\n".encode()
CP1252_LINE = "S05;2023;;;Børn og unge;;;96,4;118;intern;;\n".encode("cp1252")
assert b"B\xf8rn" in CP1252_LINE and "Børn".encode() in UTF8_LINE


@pytest.mark.parametrize(("data", "message"), [
    (CSV_HEADER.encode() + UTF8_LINE + CP1252_LINE,
     "blandet.csv: Filen blander tegnsæt: linje 2 er skrevet i UTF-8, men linje 3 har et tegn i et andet tegnsæt "
     "(fx Windows-1252): »ø« (byte 0xF8). Fundet: »S05;2023;;;Børn og unge;;;96,4;118;intern;«. "
     "Forventet: ét tegnsæt i hele filen: gem filen igen som »CSV UTF-8« i Excel."),
    (CSV_HEADER.encode() + CP1252_LINE + UTF8_LINE,
     "blandet.csv: Filen blander tegnsæt: linje 3 er skrevet i UTF-8, men linje 2 har et tegn i et andet tegnsæt"),
    (b"\xef\xbb\xbf" + CSV_HEADER.encode() + UTF8_LINE + UTF8_LINE.replace(b"2024", b"2022") + CP1252_LINE,
     "blandet.csv: Filen blander tegnsæt: filen begynder med UTF-8-mærket (BOM), men linje 4 har et tegn"),
    (b"\xef\xbb\xbf" + CSV_HEADER.encode() + CP1252_LINE,
     "blandet.csv: Filen blander tegnsæt: filen begynder med UTF-8-mærket (BOM), men linje 2 har et tegn"),
], ids=["utf8-then-cp1252", "cp1252-then-utf8", "bom-then-cp1252", "bom-only-cp1252"])
def test_mixed_encodings_are_refused_at_the_line(small_engine, data, message):
    engine, before = small_engine
    result = import_file(engine=engine, data=data, filename="blandet.csv", user="test")
    assert result.status == "rejected" and result.import_id is None and snapshot(engine) == before
    messages = [str(p) for p in result.problems]
    assert len(messages) == 1 and messages[0].startswith(message), messages
    assert "Ã" not in messages[0]


@pytest.mark.parametrize(("data", "encoding"), [
    (CSV_HEADER.encode("cp1252") + CP1252_LINE, "cp1252"),
    (CSV_HEADER.encode() + UTF8_LINE, "utf-8"),
    (b"\xef\xbb\xbf" + CSV_HEADER.encode() + UTF8_LINE, "utf-8-sig"),
], ids=["cp1252", "utf8", "utf8-bom"])
def test_one_encoding_imports_as_before(small_engine, data, encoding):
    engine, _before = small_engine
    parsed = parse_file(data, filename="ren.csv")
    assert (parsed.encoding, parsed.errors) == (encoding, [])
    assert [r.group for r in parsed.rows] == ["Børn og unge"]
    result = import_file(engine=engine, data=data, filename="ren.csv", user="test", dry_run=True)
    assert (result.status, result.inserted + result.updated + result.unchanged, result.problems) == ("dry_run", 1, [])


# ------------------------------------------------------------------------------------------ periods and numbers


@pytest.mark.parametrize(("text", "start", "kind"), [
    ("2024", date(2024, 1, 1), "year"),
    ("2024K1", date(2024, 1, 1), "quarter"),
    ("2024k3", date(2024, 7, 1), "quarter"),
    ("2024-Q2", date(2024, 4, 1), "quarter"),
    ("2024 Q4", date(2024, 10, 1), "quarter"),
    ("K2 2024", date(2024, 4, 1), "quarter"),
    ("2024-10-01", date(2024, 10, 1), "date"),
    ("01-07-2024", date(2024, 7, 1), "date"),
    ("2024-02-01", None, None),
    ("2024K5", None, None),
    ("24", None, None),
    ("1899", None, None),
])
def test_periods(text, start, kind):
    period = parse_period(text)
    assert (period.start, period.kind) == (start, kind) if start else period is None


@pytest.mark.parametrize(("text", "decimal", "value"), [
    ("1.234,5", ",", 1234.5), ("1234,5", ",", 1234.5), ("1.234", ",", 1234.0), ("1 234,5", ",", 1234.5),
    ("1\u00a0234", ",", 1234.0), ("-3,25", ",", -3.25), ("\u22123", ",", -3.0), ("12.5", ",", None),
    ("1,234.5", ".", 1234.5), ("1234.5", ".", 1234.5), ("1,234", ".", 1234.0), ("12,5", ".", None),
    ("1.2.3", ",", None), ("1e5", ".", None), ("nan", ".", None), ("", ",", None),
])
def test_numbers(text, decimal, value):
    parsed = parse_number(text, decimal)
    assert (parsed[0] if parsed else None) == value
