"""The schematic tile map (data_access.schematic_map): one square per district, placed as on a real map."""

from __future__ import annotations

import pytest

from data_access.boundaries import centroid
from data_access.schematic_map import TILE_GRID, tile_map

NAMES = {code: f"Bydel {code}" for code in range(1, 11)} | {4: "Vesterbro/Kongens Enghave"}


def test_tile_map_is_geographically_ordered():
    features = {f["properties"]["bydel_nr"]: f for f in tile_map(NAMES)["features"]}
    x = {code: centroid(f["geometry"])[0] for code, f in features.items()}
    y = {code: centroid(f["geometry"])[1] for code, f in features.items()}
    assert x[6] < x[3] < x[1] < x[9]  # Vanløse, Nørrebro, Indre By, Amager Øst: west to east
    assert y[8] > y[3] > y[4]  # Bispebjerg, Nørrebro, Vesterbro: north to south
    assert set(TILE_GRID) == set(range(1, 11))


def test_ten_closed_squares_named_like_the_official_layer():
    doc = tile_map({3: "Nørrebro"})
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 10
    props = {f["properties"]["bydel_nr"]: f["properties"]["navn"] for f in doc["features"]}
    assert props[3] == "Nørrebro" and props[9] == "9"  # a district without a name is called by its number
    for feature in doc["features"]:
        (ring,) = feature["geometry"]["coordinates"]
        assert feature["geometry"]["type"] == "Polygon" and len(ring) == 5 and ring[0] == ring[-1]


def test_the_top_left_square_starts_at_the_origin_with_a_gap_to_its_neighbours():
    squares = {f["properties"]["bydel_nr"]: f["geometry"]["coordinates"][0] for f in tile_map({})["features"]}
    west, north = squares[7][0]  # Brønshøj-Husum, column 0, row 0
    east, south = squares[7][2]
    assert (west, north) == pytest.approx((12.47, 55.725))
    assert (east, south) == pytest.approx((12.47 + 0.045 * 0.94, 55.725 - 0.025 * 0.92))
    next_west = squares[8][0][0]  # Bispebjerg, the next column
    assert next_west == pytest.approx(12.47 + 0.045) and next_west > east
