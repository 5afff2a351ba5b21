"""District boundaries: the official polygons when configured, else the project's schematic tile map.

The official layer is Københavns Kommune open data (CC BY 4.0), not committed to the project. It is
read from BYDELE_GEOJSON (default .data/geo/bydele.geojson); `python -m data_access.boundaries
download` fetches it from the municipality's WFS into that path. Without a usable file the app draws
the tile map and says why.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from data_access.db import REPO_ROOT

ATTRIBUTION = "Kilde: Københavns Kommune, Open Data DK (CC BY 4.0)"
WFS_URL = (
    "https://wfs-kbhkort.kk.dk/k101/ows?service=WFS&version=1.0.0&request=GetFeature"
    "&typeName=k101:bydel&outputFormat=json&SRSNAME=EPSG:4326"
)
DEFAULT_DISTRICTS = REPO_ROOT / ".data" / "geo" / "bydele.geojson"
DEFAULT_AREAS = REPO_ROOT / ".data" / "geo" / "udsatte_byomraader.geojson"

# The schematic tile map: (column, row) of each district, row 0 at the top, ordered as on a real map
# (Brønshøj-Husum in the north-west, Amager Øst in the south-east; the gap is Frederiksberg's place).
TILE_GRID = {7: (0, 0), 8: (1, 0), 2: (2, 0), 6: (0, 1), 3: (1, 1), 1: (2, 1), 5: (0, 2), 4: (1, 2), 10: (2, 2), 9: (3, 2)}
_TILE_ORIGIN = (12.47, 55.725)  # lon, lat of the top-left corner
_TILE_SIZE = (0.045, 0.025)  # degrees: roughly square on the ground at 55.7° N


@dataclass(frozen=True)
class Boundaries:
    """A GeoJSON FeatureCollection with `bydel_nr` (int) and `navn` on every feature."""

    geojson: dict
    schematic: bool
    message: str | None = None  # why the tile map is shown, if it is (Danish, for logs and the CLI)
    reason: str | None = None  # "missing" | "invalid", for the app to say it in the reader's language
    detail: str | None = None  # what was wrong with an invalid file
    attribution: str | None = None


def districts_path() -> Path:
    return Path(os.environ.get("BYDELE_GEOJSON") or DEFAULT_DISTRICTS)


def areas_path() -> Path:
    return Path(os.environ.get("UDSATTE_BYOMRAADER_GEOJSON") or DEFAULT_AREAS)


def tile_map(names: dict[int, str]) -> dict:
    """The committed schematic map: one square per district, placed as on a real map."""
    features = []
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


def parse_districts(raw: bytes, *, source: str) -> dict:
    """Check a district GeoJSON; raise ValueError with a specific message when it is not usable."""
    try:
        doc = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"{source}: ikke gyldig GeoJSON ({err})") from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list) or not features:
        raise ValueError(f"{source}: filen har ingen 'features'")
    seen = set()
    for index, feature in enumerate(features, start=1):
        props = (feature or {}).get("properties") or {}
        geometry = (feature or {}).get("geometry") or {}
        code = props.get("bydel_nr")
        if not isinstance(code, int) or not 1 <= code <= 10:
            raise ValueError(f"{source}: feature {index} har ikke et bydel_nr mellem 1 og 10 (fandt {code!r})")
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise ValueError(f"{source}: feature {index} (bydel {code}) er ikke en polygon")
        seen.add(code)
    missing = sorted(set(range(1, 11)) - seen)
    if missing:
        raise ValueError(f"{source}: bydel {', '.join(map(str, missing))} mangler")
    return doc


def load_districts(names: dict[int, str], path: Path | None = None) -> Boundaries:
    """The official polygons from `path`, or the tile map with the reason when they cannot be used."""
    path = path or districts_path()
    if not path.exists():
        return Boundaries(tile_map(names), schematic=True, reason="missing",
                          message="De officielle bydelsgrænser er ikke hentet; kortet er skematisk.")
    try:
        doc = parse_districts(path.read_bytes(), source=path.name)
    except ValueError as err:
        return Boundaries(tile_map(names), schematic=True, reason="invalid", detail=str(err),
                          message=f"Bydelsgrænserne kunne ikke bruges: {err}. Kortet er skematisk.")
    for feature in doc["features"]:  # statistics spell the districts with a slash; use one name
        code = feature["properties"]["bydel_nr"]
        feature["properties"]["navn"] = names.get(code, feature["properties"].get("navn"))
    return Boundaries(doc, schematic=False, attribution=ATTRIBUTION)


def load_areas(path: Path | None = None) -> dict | None:
    """The municipality's vulnerable urban areas, or None when not available."""
    path = path or areas_path()
    try:
        doc = json.loads(path.read_bytes())
        return doc if doc.get("features") else None
    except (OSError, ValueError, AttributeError):
        return None


def centroid(geometry: dict) -> tuple[float, float]:
    """Area-weighted centroid of a (Multi)Polygon's outer rings, for placing labels."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    total = cx = cy = 0.0
    for polygon in polygons:
        ring = polygon[0]
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            cross = x0 * y1 - x1 * y0
            total += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if total == 0:
        xs, ys = zip(*polygons[0][0])
        return sum(xs) / len(xs), sum(ys) / len(ys)
    return cx / (3 * total), cy / (3 * total)


def download(url: str, target: Path, *, timeout: float = 60) -> int:
    """Fetch the official layer into `target` (checked first, written atomically). Returns features."""
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (the configured WFS)
        raw = response.read()
    doc = parse_districts(raw, source=url)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(raw)
    os.replace(tmp, target)
    return len(doc["features"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Hent Københavns Kommunes bydelsgrænser (WFS, k101:bydel).")
    parser.add_argument("command", choices=["download"])
    parser.add_argument("--url", default=WFS_URL, help="WFS-adresse (standard: kommunens lag k101:bydel)")
    parser.add_argument("--to", type=Path, default=None, help=f"mål (standard: BYDELE_GEOJSON eller {DEFAULT_DISTRICTS.relative_to(REPO_ROOT)})")
    args = parser.parse_args(argv)
    target = args.to or districts_path()
    try:
        count = download(args.url, target)
    except (OSError, ValueError) as err:
        print(f"Fejl: {err}", file=sys.stderr)
        return 1
    print(f"Hentede {count} bydele til {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
