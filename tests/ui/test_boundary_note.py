"""The notice under a schematic map is wholly in the reader's language, the reason included."""

from __future__ import annotations

import json

import pytest

from data_access.boundaries import load_districts
from data_access.schematic_map import tile_map
from ui.i18n import TEXTS
from ui.maps import boundary_note

NAMES = {code: f"Bydel {code}" for code in range(1, 11)}
DANISH_WORDS = ("bydel ", "ikke", "mangler", "koordinater", "meter", "filen", "hent")


def _metres() -> dict:
    doc = tile_map(NAMES)
    for feature in doc["features"]:
        ring = feature["geometry"]["coordinates"][0]
        feature["geometry"]["coordinates"] = [[[720000 + x * 1000, 6170000 + y * 1000] for x, y in ring]]
    return doc


CASES = {
    "unreadable": None,  # a directory where the file should be
    "not_json": b"{not json",
    "no_features": json.dumps({"features": []}).encode(),
    "bad_code": json.dumps({"features": [{"properties": {"bydel_nr": 42}, "geometry": {"type": "Polygon"}}]}).encode(),
    "not_polygon": json.dumps({"features": [{"properties": {"bydel_nr": 1}, "geometry": {"type": "Point"}}]}).encode(),
    "bad_coordinates": json.dumps({"features": [{"properties": {"bydel_nr": 1},
                                                 "geometry": {"type": "Polygon", "coordinates": []}}]}).encode(),
    "missing": json.dumps({"features": tile_map(NAMES)["features"][:9]}).encode(),
    "projected": json.dumps(tile_map(NAMES) | {"crs": {"type": "name",
                                                       "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}}}).encode(),
    "metres": json.dumps(_metres()).encode(),
}


@pytest.mark.parametrize("key", sorted(CASES))
def test_the_reason_is_said_in_the_readers_language(tmp_path, key):
    path = tmp_path / "bydele.geojson"
    if CASES[key] is None:
        path.mkdir()
    else:
        path.write_bytes(CASES[key])
    got = load_districts(NAMES, path)
    assert got.schematic and got.detail_key == key
    assert f"map.invalid.{key}" in TEXTS

    english, attribution = boundary_note(got, "en")
    assert attribution is None
    assert english.startswith("The district boundaries could not be used (bydele.geojson")
    assert not [word for word in DANISH_WORDS if word in english.lower()], english

    danish, _ = boundary_note(got, "da")
    assert danish.startswith("Bydelsgrænserne kunne ikke bruges (bydele.geojson")


def test_metres_are_named_as_such_in_both_languages(tmp_path):
    path = tmp_path / "bydele.geojson"
    path.write_bytes(CASES["metres"])
    got = load_districts(NAMES, path)
    assert "coordinates in metres" in boundary_note(got, "en")[0] and "EPSG:25832" in boundary_note(got, "en")[0]
    assert "koordinater i meter" in boundary_note(got, "da")[0]


def test_a_missing_file_and_official_polygons(tmp_path):
    assert boundary_note(load_districts(NAMES, tmp_path / "none.geojson"), "en")[0].startswith("The official")
    path = tmp_path / "bydele.geojson"
    path.write_text(json.dumps(tile_map(NAMES)), encoding="utf-8")
    assert boundary_note(load_districts(NAMES, path), "en") == (None, TEXTS["map.attribution"]["en"])
