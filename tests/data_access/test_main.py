"""The command line (python -m data_access): import, rollback, log and export, on a copy of the sample
database; its messages exactly as a user reads them. (init: test_production_database.py.)"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from data_access.__main__ import main
from tests.conftest import ROOT

EXAMPLE = ROOT / "docs" / "example_import.csv"


@pytest.fixture
def cli_db(tmp_path, sqlite_template):
    path = tmp_path / "cli.sqlite"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


def test_cli_imports_reimports_and_rolls_back(cli_db, capsys):
    # Import 1 is the published figures the sample database is built with.
    assert main(["import", str(EXAMPLE), "--dry-run", "--database-url", cli_db, "--user", "cli"]) == 0
    assert capsys.readouterr().out.strip() == "Prøvekørsel (intet gemt): 10 nye, 0 ændrede, 0 uændrede rækker"
    assert main(["import", str(EXAMPLE), "--database-url", cli_db, "--user", "cli"]) == 0
    assert capsys.readouterr().out.strip() == "Importeret: 10 nye, 0 ændrede, 0 uændrede rækker (import 2)"
    assert main(["import", str(EXAMPLE), "--database-url", cli_db]) == 0
    assert capsys.readouterr().out.strip() == "Importeret: 0 nye, 0 ændrede, 10 uændrede rækker (import 3)"
    assert main(["rollback", "2", "--database-url", cli_db]) == 0
    assert capsys.readouterr().out.strip() == (
        "Import 2 er rullet tilbage: 10 rækker fjernet, 0 rækker har fået deres tidligere værdier igen")
    assert main(["rollback", "2", "--database-url", cli_db]) == 1
    assert "Import 2 er allerede rullet tilbage" in capsys.readouterr().err
    assert main(["log", "--database-url", cli_db]) == 0
    assert "rolled_back" in capsys.readouterr().out


def test_cli_lists_the_problems_and_exits_1(cli_db, capsys):
    bad = ROOT / "tests" / "data_access" / "import_cases" / "bad_sum_with_numerator.csv"
    assert main(["import", str(bad), "--database-url", cli_db]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "Intet importeret: 3 problemer i bad_sum_with_numerator.csv.",
        "  bad_sum_with_numerator.csv, række 2, kolonne F (taeller): S07 er en optælling og har ingen tæller eller "
        "nævner. Fundet: »42«. Forventet: en tom celle; tallet skal stå i vaerdi.",
        "  bad_sum_with_numerator.csv, række 2, kolonne G (naevner): S07 er en optælling og har ingen tæller eller "
        "nævner. Fundet: »100«. Forventet: en tom celle; tallet skal stå i vaerdi.",
        "  bad_sum_with_numerator.csv, række 2, kolonne H (vaerdi): Værdi mangler: S07 er en optælling (rækken har "
        "tæller/nævner). Forventet: et tal i vaerdi.",
    ]
    assert main(["import", str(ROOT / "findes-ikke.csv"), "--database-url", cli_db]) == 1
    assert "Filen findes ikke" in capsys.readouterr().err


def test_cli_runs_as_a_module(cli_db):
    done = subprocess.run(
        [sys.executable, "-m", "data_access", "import", str(EXAMPLE), "--dry-run", "--database-url", cli_db],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Prøvekørsel (intet gemt): 10 nye, 0 ændrede, 0 uændrede rækker"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_cli_exports_stored_figures_that_import_again_unchanged(cli_db, tmp_path, capsys, suffix):
    target = tmp_path / f"s04{suffix}"
    assert main(["export", str(target), "--indicator", "S04", "--database-url", cli_db]) == 0
    assert f"Skrev {target}" in capsys.readouterr().out
    assert main(["import", str(target), "--dry-run", "--database-url", cli_db]) == 0
    assert "0 nye, 0 ændrede, 120 uændrede" in capsys.readouterr().out
