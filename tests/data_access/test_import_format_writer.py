"""Files in the import format (data_access.import_format_writer), for `python -m data_access export`."""

from __future__ import annotations

from data_access.import_format_writer import export_observations
from data_access.importer import import_file


def test_the_whole_sample_exported_in_the_import_format_reimports_unchanged(engine):
    data = export_observations(engine=engine, indicators=["S01", "S05", "S07", "P06", "KM01", "KM04"])
    result = import_file(engine=engine, data=data, filename="eksport.csv", user="test", dry_run=True)
    assert result.problems == []
    assert (result.inserted, result.updated) == (0, 0) and result.unchanged == len(data.splitlines()) - 1
