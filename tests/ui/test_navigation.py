"""Where each page's script lives and its address (ui.navigation)."""

from __future__ import annotations

import re

from registry import load_registry
from tests.conftest import ROOT
from ui import navigation


def _scripts() -> list[str]:
    """Every page script the module names: its constants and the visions' scripts."""
    named = [value for value in vars(navigation).values() if isinstance(value, str) and value.endswith(".py")]
    return named + [script for script, _ in navigation.VISIONS.values()]


def test_every_page_script_exists():
    scripts = _scripts()
    assert len(scripts) >= 11  # overview, goals, districts, family model, 4 visions, meeting, about, admin
    assert [s for s in scripts if not (ROOT / s).is_file()] == []


def test_url_paths_are_unique_plain_addresses_with_the_overview_first():
    paths = navigation.URL_PATHS
    assert len(set(paths)) == len(paths)
    assert all(re.fullmatch(r"[a-z0-9-]+", path) for path in paths)  # no æ, ø, å or spaces in an address
    assert paths[0] == "forside"
    assert {"pejlemaerker", "bydele", "koebenhavnermodel", "om-data", "moede"} <= set(paths)


def test_the_four_visions_have_their_own_script_and_address():
    assert set(navigation.VISIONS) == {v.code for v in load_registry().visions()} == {"V1", "V2", "V3", "V4"}
    assert navigation.VISIONS["V1"] == ("pages/views/vision_v1.py", "et-vaerdigt-liv")
    assert {slug for _, slug in navigation.VISIONS.values()} <= set(navigation.URL_PATHS)
    assert len({script for script, _ in navigation.VISIONS.values()}) == 4
