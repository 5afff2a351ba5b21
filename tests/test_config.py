"""The Streamlit configuration agrees with the importer: the upload limit is the importer's size limit,
XSRF protection is on, no traceback reaches a browser, and no full garbage collection follows every run."""

from __future__ import annotations

import tomllib
from pathlib import Path

from data_access.import_parsing import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_upload_limit_is_the_importers_limit():
    # Streamlit counts maxUploadSize in MiB (size * 1024 * 1024), as MAX_BYTES does.
    assert CONFIG["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES


def test_no_uploader_overrides_the_configured_limit():
    sources = [*(ROOT / "pages").rglob("*.py"), *(ROOT / "ui").rglob("*.py"), ROOT / "dashboard.py"]
    assert [p.name for p in sources if "max_upload_size" in p.read_text(encoding="utf-8")] == []


def test_xsrf_protection_is_on_explicitly():
    assert CONFIG["server"]["enableXsrfProtection"] is True


def test_no_error_details_reach_the_browser():
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_no_full_garbage_collection_after_every_script_run():
    # gc.collect(2) after each run was half the server's CPU per click (bench/results.md, figure 7).
    assert CONFIG["runner"]["postScriptGC"] is False
