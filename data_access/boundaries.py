"""District boundaries: the official polygons when configured, else the project's schematic tile map.

The official layer is Københavns Kommune open data (CC BY 4.0), not committed to the project. It is
read from BYDELE_GEOJSON (default .data/geo/bydele.geojson); `python -m data_access.boundaries
download` fetches it from the municipality's WFS into that path. Without a usable file the app draws
the tile map and says why (BoundaryError: in Danish for logs and the CLI, as a key for the app's languages).

Coordinates must be longitude and latitude (EPSG:4326). A file in the municipality's own projection,
EPSG:25832 (metres), named in its `crs` member or recognisable by its numbers, is refused rather than
drawn in the wrong place; it is not reprojected (that would need pyproj, 10+ MB, for a file the
download command already asks for in EPSG:4326).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
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
    detail: str | None = None  # what was wrong with an invalid file (Danish)
    attribution: str | None = None
    detail_key: str | None = None  # the same in words the app translates: ui.i18n "map.invalid.<key>"
    detail_values: tuple[tuple[str, str], ...] = ()  # (placeholder, value) pairs for that text


class BoundaryError(ValueError):
    """A district file that cannot be used. str() is the Danish sentence (for logs and the CLI); `key`
    and `values` say the same for the app, which words it in the reader's language."""

    def __init__(self, danish: str, key: str, **values: object) -> None:
        super().__init__(danish)
        self.key = key
        self.values = {name: str(value) for name, value in values.items()}


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


# Names of coordinate systems whose coordinates are longitude and latitude in degrees (GeoJSON's own
# CRS84, WGS 84 and ETRS89, which differ by less than a metre): anything else named is refused.
_GEOGRAPHIC_EPSG = {4326, 4258}
_EPSG_CODE = re.compile(r"EPSG[^0-9]*(?:[0-9.]+[:/])?([0-9]+)\s*$", re.IGNORECASE)


def _named_crs(doc: dict) -> str | None:
    """The coordinate system a (pre-2016) GeoJSON names in its `crs` member, or None when it names none."""
    crs = doc.get("crs")
    if not isinstance(crs, dict):
        return None
    props = crs.get("properties") if isinstance(crs.get("properties"), dict) else {}
    if str(crs.get("type", "")).upper() == "EPSG" and props.get("code") is not None:
        return f"EPSG:{props['code']}"
    name = props.get("name")
    return name.strip() if isinstance(name, str) and name.strip() else None


def _check_crs(doc: dict, source: str) -> None:
    """Refuse a file whose `crs` names a projection (e.g. the municipality's EPSG:25832, in metres)."""
    name = _named_crs(doc)
    if name is None or "CRS84" in name.upper():
        return
    match = _EPSG_CODE.search(name)
    if match and int(match.group(1)) not in _GEOGRAPHIC_EPSG:
        crs = f"EPSG:{int(match.group(1))}"
        named = f"{crs} ({name})" if name != crs else crs
        raise BoundaryError(
            f"{source}: koordinaterne er i {named}, ikke i længde- og breddegrader (EPSG:4326); "
            "hent filen med python -m data_access.boundaries download, eller omregn den til EPSG:4326",
            "projected", file=source, crs=crs)


def _positions(coordinates, depth: int):
    """Every position of a Polygon (depth 2) or MultiPolygon (depth 3) coordinate array."""
    if depth == 0:
        yield coordinates
        return
    if not isinstance(coordinates, list):
        raise TypeError
    for item in coordinates:
        yield from _positions(item, depth - 1)


def _check_coordinates(geometry: dict, source: str, index: int, code: int) -> None:
    """Positions must be [longitude, latitude] in degrees; metres (a projection such as EPSG:25832) are refused."""
    depth = 3 if geometry["type"] == "MultiPolygon" else 2
    count = 0
    try:
        for position in _positions(geometry.get("coordinates"), depth):
            if not isinstance(position, list) or len(position) < 2:
                raise TypeError
            x, y = position[0], position[1]
            if isinstance(x, bool) or isinstance(y, bool) or not isinstance(x, int | float) \
                    or not isinstance(y, int | float) or not (math.isfinite(x) and math.isfinite(y)):
                raise TypeError
            if abs(x) > 180 or abs(y) > 90:
                point = f"{x:.0f}, {y:.0f}"
                raise BoundaryError(
                    f"{source}: feature {index} (bydel {code}) har koordinater i meter ({point}), ikke længde- "
                    "og breddegrader (EPSG:4326) – formentlig kommunens projektion EPSG:25832; hent filen med "
                    "python -m data_access.boundaries download, eller omregn den til EPSG:4326",
                    "metres", file=source, index=index, code=code, point=point)
            count += 1
    except TypeError:
        count = 0
    if count < 3:
        raise BoundaryError(f"{source}: feature {index} (bydel {code}) har ugyldige koordinater",
                            "bad_coordinates", file=source, index=index, code=code)


def parse_districts(raw: bytes, *, source: str) -> dict:
    """Check a district GeoJSON; raise BoundaryError (a ValueError) with a specific message when it is not usable."""
    try:
        doc = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise BoundaryError(f"{source}: ikke gyldig GeoJSON ({err})", "not_json", file=source) from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list) or not features:
        raise BoundaryError(f"{source}: filen har ingen 'features'", "no_features", file=source)
    _check_crs(doc, source)
    seen = set()
    for index, feature in enumerate(features, start=1):
        feature = feature if isinstance(feature, dict) else {}
        props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        geometry = feature.get("geometry") if isinstance(feature.get("geometry"), dict) else {}
        code = props.get("bydel_nr")
        if not isinstance(code, int) or isinstance(code, bool) or not 1 <= code <= 10:
            raise BoundaryError(f"{source}: feature {index} har ikke et bydel_nr mellem 1 og 10 (fandt {code!r})",
                                "bad_code", file=source, index=index, found=repr(code))
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise BoundaryError(f"{source}: feature {index} (bydel {code}) er ikke en polygon",
                                "not_polygon", file=source, index=index, code=code)
        _check_coordinates(geometry, source, index, code)
        seen.add(code)
    missing = sorted(set(range(1, 11)) - seen)
    if missing:
        codes = ", ".join(map(str, missing))
        raise BoundaryError(f"{source}: bydel {codes} mangler", "missing", file=source, codes=codes)
    return doc


def load_districts(names: dict[int, str], path: Path | None = None) -> Boundaries:
    """The official polygons from `path`, or the tile map with the reason when they cannot be used."""
    path = path or districts_path()
    if not path.exists():
        return Boundaries(tile_map(names), schematic=True, reason="missing",
                          message="De officielle bydelsgrænser er ikke hentet; kortet er skematisk.")
    try:
        doc = parse_districts(path.read_bytes(), source=path.name)
    except OSError as err:
        return Boundaries(tile_map(names), schematic=True, reason="invalid", detail=f"{path.name}: {err.strerror}",
                          message=f"Bydelsgrænserne kunne ikke læses ({path.name}: {err}). Kortet er skematisk.",
                          detail_key="unreadable", detail_values=(("file", path.name),))
    except BoundaryError as err:
        return Boundaries(tile_map(names), schematic=True, reason="invalid", detail=str(err),
                          message=f"Bydelsgrænserne kunne ikke bruges: {err}. Kortet er skematisk.",
                          detail_key=err.key, detail_values=tuple(err.values.items()))
    for feature in doc["features"]:  # statistics spell the districts with a slash; use one name
        code = feature["properties"]["bydel_nr"]
        feature["properties"]["navn"] = names.get(code, feature["properties"].get("navn"))
    return Boundaries(doc, schematic=False, attribution=ATTRIBUTION)


def load_areas(path: Path | None = None) -> dict | None:
    """The municipality's vulnerable urban areas, or None when not available."""
    path = path or areas_path()
    try:
        doc = json.loads(path.read_bytes())
        if not doc.get("features"):
            return None
        _check_crs(doc, path.name)  # an overlay in metres would not be drawn where it belongs
        for index, feature in enumerate(doc["features"], start=1):
            geometry = feature.get("geometry") or {}
            if geometry.get("type") in ("Polygon", "MultiPolygon"):
                _check_coordinates(geometry, path.name, index, 0)
        return doc
    except (OSError, ValueError, AttributeError, RecursionError):  # BoundaryError is a ValueError
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
