"""District boundaries: the official polygons, else the schematic tile map (data_access.schematic_map).

The official layer is Københavns Kommune open data (CC BY 4.0). The project commits a simplified copy
(geo/bydele.geojson, see geo/README.md), so a fresh install draws the real map. A newer layer comes from
BYDELE_GEOJSON, or from `python -m data_access boundaries`, which fetches it from the municipality's WFS
into .data/geo/. Without a usable file the app draws the tile map and says why (BoundaryError: in Danish
for logs and the CLI, as a key for the app's languages).

Coordinates must be longitude and latitude (EPSG:4326). A file in the municipality's own projection,
EPSG:25832 (metres), named in its `crs` member or recognisable by its numbers, is refused rather than
drawn in the wrong place; it is not reprojected (that would need pyproj, 10+ MB, for a file the
download command already asks for in EPSG:4326).
"""

from __future__ import annotations

import json
import math
import os
import re
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from data_access.db import REPO_ROOT
from data_access.schematic_map import tile_map

ATTRIBUTION = "Kilde: Københavns Kommune, Open Data DK (CC BY 4.0)"
WFS_URL = (
    "https://wfs-kbhkort.kk.dk/k101/ows?service=WFS&version=1.0.0&request=GetFeature"
    "&typeName=k101:bydel&outputFormat=json&SRSNAME=EPSG:4326"
)
# A newer layer downloaded by `python -m data_access boundaries` goes here and wins over the copy the
# project commits (geo/, simplified; see geo/README.md).
DOWNLOADED_DISTRICTS = REPO_ROOT / ".data" / "geo" / "bydele.geojson"
COMMITTED_DISTRICTS = REPO_ROOT / "geo" / "bydele.geojson"
DOWNLOADED_AREAS = REPO_ROOT / ".data" / "geo" / "udsatte_byomraader.geojson"
COMMITTED_AREAS = REPO_ROOT / "geo" / "udsatte_byomraader.geojson"

@dataclass(frozen=True)
class Boundaries:
    """A GeoJSON FeatureCollection with `bydel_nr` (int) and `navn` on every feature."""

    geojson: dict[str, Any]
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
    """BYDELE_GEOJSON when set, else a downloaded layer, else the project's own copy."""
    return _first(os.environ.get("BYDELE_GEOJSON"), DOWNLOADED_DISTRICTS, COMMITTED_DISTRICTS)


def areas_path() -> Path:
    return _first(os.environ.get("UDSATTE_BYOMRAADER_GEOJSON"), DOWNLOADED_AREAS, COMMITTED_AREAS)


def _first(configured: str | None, downloaded: Path, committed: Path) -> Path:
    if configured:
        return Path(configured)
    return downloaded if downloaded.exists() else committed


# Names of coordinate systems whose coordinates are longitude and latitude in degrees (GeoJSON's own
# CRS84, WGS 84 and ETRS89, which differ by less than a metre): anything else named is refused.
_GEOGRAPHIC_EPSG = {4326, 4258}
_EPSG_CODE = re.compile(r"EPSG[^0-9]*(?:[0-9.]+[:/])?([0-9]+)\s*$", re.IGNORECASE)


def _named_crs(doc: dict[str, Any]) -> str | None:
    """The coordinate system a (pre-2016) GeoJSON names in its `crs` member, or None when it names none."""
    crs = doc.get("crs")
    if not isinstance(crs, dict):
        return None
    props = crs.get("properties")
    if not isinstance(props, dict):
        props = {}
    if str(crs.get("type", "")).upper() == "EPSG" and props.get("code") is not None:
        return f"EPSG:{props['code']}"
    name = props.get("name")
    return name.strip() if isinstance(name, str) and name.strip() else None


def _check_crs(doc: dict[str, Any], source: str) -> None:
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
            "hent filen med python -m data_access boundaries, eller omregn den til EPSG:4326",
            "projected", file=source, crs=crs)


def _positions(coordinates: object, depth: int) -> Iterator[object]:
    """Every position of a Polygon (depth 2) or MultiPolygon (depth 3) coordinate array."""
    if depth == 0:
        yield coordinates
        return
    if not isinstance(coordinates, list):
        raise TypeError
    for item in coordinates:
        yield from _positions(item, depth - 1)


def _check_coordinates(geometry: dict[str, Any], source: str, index: int, code: int) -> None:
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


def parse_districts(raw: bytes, *, source: str) -> dict[str, Any]:
    """Check a district GeoJSON; raise BoundaryError (a ValueError) with a specific message when it is not usable."""
    try:
        doc = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise BoundaryError(f"{source}: ikke gyldig GeoJSON ({err})", "not_json", file=source) from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or not isinstance(features, list) or not features:
        raise BoundaryError(f"{source}: filen har ingen 'features'", "no_features", file=source)
    _check_crs(doc, source)
    seen: set[int] = set()
    for index, item in enumerate(features, start=1):
        feature = item if isinstance(item, dict) else {}
        props = feature.get("properties")
        if not isinstance(props, dict):
            props = {}
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict):
            geometry = {}
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


def load_areas(path: Path | None = None) -> dict[str, Any] | None:
    """The municipality's vulnerable urban areas, or None when not available."""
    path = path or areas_path()
    try:
        doc = json.loads(path.read_bytes())
        if not isinstance(doc, dict) or not doc.get("features"):
            return None
        _check_crs(doc, path.name)  # an overlay in metres would not be drawn where it belongs
        for index, feature in enumerate(doc["features"], start=1):
            geometry = feature.get("geometry") or {}
            if geometry.get("type") in ("Polygon", "MultiPolygon"):
                _check_coordinates(geometry, path.name, index, 0)
        return doc
    except (OSError, ValueError, AttributeError, RecursionError):  # BoundaryError is a ValueError
        return None


def centroid(geometry: dict[str, Any]) -> tuple[float, float]:
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
