"""The schematic district map: one square per district, placed as on a real map (the fallback when no
boundary file can be used)."""

from __future__ import annotations

from typing import Any

# (column, row) of each district, row 0 at the top, ordered as on a real map (Brønshøj-Husum in the
# north-west, Amager Øst in the south-east; the gap is Frederiksberg's place).
TILE_GRID = {7: (0, 0), 8: (1, 0), 2: (2, 0), 6: (0, 1), 3: (1, 1), 1: (2, 1), 5: (0, 2), 4: (1, 2), 10: (2, 2), 9: (3, 2)}
_TILE_ORIGIN = (12.47, 55.725)  # lon, lat of the top-left corner
_TILE_SIZE = (0.045, 0.025)  # degrees: roughly square on the ground at 55.7° N


def tile_map(names: dict[int, str]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of squares with `bydel_nr` and `navn`, like the official layer."""
    features: list[dict[str, Any]] = []
    lon0, lat0 = _TILE_ORIGIN
    width, height = _TILE_SIZE
    for code, (col, row) in TILE_GRID.items():
        west, north = lon0 + col * width, lat0 - row * height
        east, south = west + width * 0.94, north - height * 0.92
        ring = [[west, north], [east, north], [east, south], [west, south], [west, north]]
        features.append({
            "type": "Feature",
            "properties": {"bydel_nr": code, "navn": names.get(code, str(code))},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        })
    return {"type": "FeatureCollection", "features": features}
