"""The schematic tile map (data_access.schematic_map): one square per district, placed as on a real map."""

from __future__ import annotations

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
