"""The boundary loader: the official file, the download command, and the tile map when neither works."""

from __future__ import annotations

import http.server
import json
import threading
from functools import partial
from pathlib import Path

import pytest

from data_access import boundaries
from data_access.boundaries import TILE_GRID, centroid, load_districts, tile_map

SHARED_GEO = Path(__file__).resolve().parents[3] / "shared" / "geo"
NAMES = {code: f"Bydel {code}" for code in range(1, 11)} | {4: "Vesterbro/Kongens Enghave"}


def _official() -> Path:
    path = SHARED_GEO / "bydele.geojson"
    if not path.exists():
        pytest.skip("../shared/geo/bydele.geojson is not beside the project")
    return path


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


def test_tile_map_is_geographically_ordered():
    features = {f["properties"]["bydel_nr"]: f for f in tile_map(NAMES)["features"]}
    x = {code: centroid(f["geometry"])[0] for code, f in features.items()}
    y = {code: centroid(f["geometry"])[1] for code, f in features.items()}
    assert x[6] < x[3] < x[1] < x[9]  # Vanløse, Nørrebro, Indre By, Amager Øst: west to east
    assert y[8] > y[3] > y[4]  # Bispebjerg, Nørrebro, Vesterbro: north to south
    assert set(TILE_GRID) == set(range(1, 11))


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
    code = boundaries.main(["download", "--url", f"{wfs_server}/bydele.geojson", "--to", str(target)])
    assert code == 0
    assert "Hentede 10 bydele" in capsys.readouterr().out
    assert target.read_bytes() == _official().read_bytes()
    assert not load_districts(NAMES, target).schematic


def test_download_of_something_else_changes_nothing(wfs_server, tmp_path, capsys):
    target = tmp_path / "bydele.geojson"
    target.write_text("old")
    code = boundaries.main(["download", "--url", f"{wfs_server}/udsatte_byomraader.geojson", "--to", str(target)])
    assert code == 1
    assert "bydel_nr" in capsys.readouterr().err
    assert target.read_text() == "old"
