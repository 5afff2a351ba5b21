"""The boundary loader: the project's copy of the official file, a newer one configured or downloaded, the
download command, and the tile map when none can be used."""

from __future__ import annotations

import http.server
import json
import threading
from functools import partial
from pathlib import Path

import pytest

from data_access import boundaries
from data_access.__main__ import main as cli
from data_access.boundaries import load_districts
from data_access.schematic_map import tile_map

NAMES = {code: f"Bydel {code}" for code in range(1, 11)} | {4: "Vesterbro/Kongens Enghave"}


def _official() -> Path:
    return boundaries.COMMITTED_DISTRICTS  # the municipality's layer, simplified (geo/README.md)


def test_a_fresh_clone_draws_the_real_map(monkeypatch, tmp_path):
    monkeypatch.delenv("BYDELE_GEOJSON", raising=False)
    monkeypatch.setattr(boundaries, "DOWNLOADED_DISTRICTS", tmp_path / "not-downloaded.geojson")
    assert boundaries.districts_path() == boundaries.COMMITTED_DISTRICTS
    assert not load_districts(NAMES).schematic
    assert boundaries.COMMITTED_DISTRICTS.stat().st_size < 100_000  # simplified: a map, not a survey


def test_a_downloaded_layer_wins_over_the_copy_and_a_configured_path_over_both(monkeypatch, tmp_path):
    downloaded = tmp_path / "bydele.geojson"
    downloaded.write_bytes(_official().read_bytes())
    monkeypatch.delenv("BYDELE_GEOJSON", raising=False)
    monkeypatch.setattr(boundaries, "DOWNLOADED_DISTRICTS", downloaded)
    assert boundaries.districts_path() == downloaded
    monkeypatch.setenv("BYDELE_GEOJSON", str(tmp_path / "configured.geojson"))
    assert boundaries.districts_path() == tmp_path / "configured.geojson"


def test_official_file_is_used_with_the_statistics_spelling():
    got = load_districts(NAMES, _official())
    assert not got.schematic and got.message is None
    assert got.attribution == "Kilde: Københavns Kommune, Open Data DK (CC BY 4.0)"
    codes = sorted(f["properties"]["bydel_nr"] for f in got.geojson["features"])
    assert codes == list(range(1, 11))
    vesterbro = next(f for f in got.geojson["features"] if f["properties"]["bydel_nr"] == 4)
    assert vesterbro["properties"]["navn"] == "Vesterbro/Kongens Enghave"  # the file says "-"


def test_missing_file_gives_the_tile_map(tmp_path):
    got = load_districts(NAMES, tmp_path / "none.geojson")
    assert got.schematic and "ikke hentet" in got.message
    assert len(got.geojson["features"]) == 10


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "ikke gyldig GeoJSON"),
        (b"\xff\xfe\x00binary", "ikke gyldig GeoJSON"),
        (json.dumps({"type": "FeatureCollection", "features": []}).encode(), "ingen 'features'"),
        (json.dumps({"features": [{"properties": {"bydel_nr": 42}, "geometry": {"type": "Polygon"}}]}).encode(),
         "feature 1 har ikke et bydel_nr mellem 1 og 10 (fandt 42)"),
        (json.dumps({"features": [{"properties": {"bydel_nr": 1}, "geometry": {"type": "Point"}}]}).encode(),
         "feature 1 (bydel 1) er ikke en polygon"),
        (json.dumps({"features": tile_map({})["features"][:9]}).encode(),
         "mangler"),
    ],
    ids=["not-json", "binary", "no-features", "bad-code", "not-polygon", "missing-district"],
)
def test_corrupt_file_gives_a_clear_message_and_the_tile_map(tmp_path, content, message):
    path = tmp_path / "bydele.geojson"
    path.write_bytes(content)
    got = load_districts(NAMES, path)
    assert got.schematic
    assert message in got.message and "bydele.geojson" in got.message


@pytest.fixture
def wfs_server():
    """A local HTTP server standing in for the municipality's WFS, serving the official file."""
    directory = _official().parent
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_download_command_fetches_checks_and_writes(wfs_server, tmp_path, capsys):
    target = tmp_path / "geo" / "bydele.geojson"
    code = cli(["boundaries", "--url", f"{wfs_server}/bydele.geojson", "--to", str(target)])
    assert code == 0
    assert "Hentede 10 bydele" in capsys.readouterr().out
    assert target.read_bytes() == _official().read_bytes()
    assert not load_districts(NAMES, target).schematic


def test_download_of_something_else_changes_nothing(wfs_server, tmp_path, capsys):
    target = tmp_path / "bydele.geojson"
    target.write_text("old")
    code = cli(["boundaries", "--url", f"{wfs_server}/udsatte_byomraader.geojson", "--to", str(target)])
    assert code == 1
    assert "bydel_nr" in capsys.readouterr().err
    assert target.read_text() == "old"


# ------------------------------------------------------------------------------------------ projections
# Small fixtures written in tmp_path: these tests never skip.


def _collection(**extra) -> dict:
    return {"type": "FeatureCollection", **extra, "features": tile_map(NAMES)["features"]}


def _in_metres(doc: dict) -> dict:
    """The tile map moved into UTM-like metres (roughly where Copenhagen lies in EPSG:25832)."""
    for feature in doc["features"]:
        ring = feature["geometry"]["coordinates"][0]
        feature["geometry"]["coordinates"] = [[[720000 + (x - 12.4) * 63000, 6170000 + (y - 55.6) * 111000]
                                               for x, y in ring]]
    return doc


def _write(tmp_path, doc) -> Path:
    path = tmp_path / "bydele.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize("crs", [
    {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}},
    {"type": "name", "properties": {"name": "EPSG:25832"}},
    {"type": "name", "properties": {"name": "http://www.opengis.net/def/crs/EPSG/0/25832"}},
    {"type": "EPSG", "properties": {"code": 25832}},
], ids=["urn", "short", "uri", "old-epsg"])
def test_a_file_naming_epsg_25832_is_refused(tmp_path, crs):
    got = load_districts(NAMES, _write(tmp_path, _in_metres(_collection(crs=crs))))
    assert got.schematic and got.reason == "invalid"
    assert "bydele.geojson: koordinaterne er i EPSG:25832" in got.message
    assert got.detail_key == "projected" and dict(got.detail_values)["crs"] == "EPSG:25832"


def test_a_file_in_metres_without_a_crs_is_refused(tmp_path):
    got = load_districts(NAMES, _write(tmp_path, _in_metres(_collection())))
    assert got.schematic and got.reason == "invalid" and got.detail_key == "metres"
    assert "bydele.geojson: feature 1 (bydel 7) har koordinater i meter (" in got.message
    assert "EPSG:25832" in got.message


def test_metres_are_not_downloaded_either(tmp_path):
    with pytest.raises(boundaries.BoundaryError, match="meter"):
        boundaries.parse_districts(json.dumps(_in_metres(_collection())).encode(), source="wfs")


@pytest.mark.parametrize("name", ["urn:ogc:def:crs:EPSG::4326", "EPSG:4326", "urn:ogc:def:crs:OGC:1.3:CRS84",
                                  "http://www.opengis.net/def/crs/EPSG/0/4258", "something unknown"])
def test_longitude_and_latitude_files_are_used(tmp_path, name):
    got = load_districts(NAMES, _write(tmp_path, _collection(crs={"type": "name", "properties": {"name": name}})))
    assert not got.schematic and got.message is None


def test_a_projection_named_even_with_degree_like_numbers_is_refused(tmp_path):
    # the name wins: coordinates in some other system can look like degrees
    got = load_districts(NAMES, _write(tmp_path, _collection(crs={"type": "name", "properties": {"name": "EPSG:3857"}})))
    assert got.schematic and got.detail_key == "projected" and "EPSG:3857" in got.message


@pytest.mark.parametrize("coordinates", [None, [], [[["a", "b"], [1, 2], [3, 4]]], [[[12.5, 55.7]]],
                                         [[[12.5, 55.7], [12.6, True], [12.5, 55.8]]], "12,55"],
                         ids=["none", "empty", "text", "one-point", "bool", "string"])
def test_invalid_coordinates_are_refused(tmp_path, coordinates):
    doc = _collection()
    doc["features"][2]["geometry"]["coordinates"] = coordinates
    got = load_districts(NAMES, _write(tmp_path, doc))
    assert got.schematic and got.detail_key == "bad_coordinates"
    assert "bydele.geojson: feature 3 (bydel 2) har ugyldige koordinater" in got.message


def test_features_that_are_not_objects_are_refused_not_crashed_on(tmp_path):
    got = load_districts(NAMES, _write(tmp_path, {"features": [1, [], "x"]}))
    assert got.schematic and got.detail_key == "bad_code"


def test_an_unreadable_path_gives_the_tile_map(tmp_path):
    (tmp_path / "bydele.geojson").mkdir()
    got = load_districts(NAMES, tmp_path / "bydele.geojson")
    assert got.schematic and got.reason == "invalid" and got.detail_key == "unreadable"


def test_areas_in_metres_are_left_out(tmp_path):
    path = tmp_path / "udsatte.geojson"
    path.write_text(json.dumps(_in_metres(_collection())), encoding="utf-8")
    assert boundaries.load_areas(path) is None
    path.write_text(json.dumps(_collection()), encoding="utf-8")
    assert boundaries.load_areas(path) is not None
