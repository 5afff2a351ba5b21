"""Simplify the municipality's GeoJSON layers to the size a dashboard map needs (reproducible).

    python -m geo.simplify ../shared/geo/bydele.geojson geo/bydele.geojson
    python -m geo.simplify ../shared/geo/udsatte_byomraader.geojson geo/udsatte_byomraader.geojson

Each ring is simplified by Douglas-Peucker with TOLERANCE degrees (about 3 m east-west and 5.5 m
north-south at 55.7° N, far below a pixel at city zoom) and every coordinate is rounded to DECIMALS
places (about 1 m). Rings that would fall below four points keep their original points. Properties
and the EPSG:4326 `crs` member are kept as they are; the output is byte-identical on every run.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

TOLERANCE = 0.00005
DECIMALS = 5


def _distance(point, start, end) -> float:
    """Perpendicular distance of `point` from the segment start-end (in degrees, planar)."""
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return ((x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2) ** 0.5


def douglas_peucker(points: list, tolerance: float) -> list:
    """The points of a line that keep it within `tolerance` (iterative, so long rings cannot overflow)."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, None
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring: list, tolerance: float = TOLERANCE) -> list:
    simple = douglas_peucker(ring, tolerance)
    if len(simple) < 4:
        simple = ring
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in simple]


def simplify(doc: dict, tolerance: float = TOLERANCE) -> dict:
    for feature in doc["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            geometry["coordinates"] = [simplify_ring(r, tolerance) for r in geometry["coordinates"]]
        elif geometry["type"] == "MultiPolygon":
            geometry["coordinates"] = [[simplify_ring(r, tolerance) for r in polygon] for polygon in geometry["coordinates"]]
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    args = parser.parse_args(argv)
    doc = simplify(json.loads(args.source.read_bytes()), args.tolerance)
    args.target.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.source} ({args.source.stat().st_size:,} B) -> {args.target} ({args.target.stat().st_size:,} B)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
