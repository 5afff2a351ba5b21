"""Where the district names go on a map, so that no two overlap.

The map has a fixed zoom (ui.maps.map_zoom), so the distance in pixels between two districts' label
points is the same at every screen width: the names can be placed once, here, in pixel space. Each
name is measured in the font the map draws it in (Source Sans, the app's font; the same design as the
Source Sans Pro files from the font package), then nudged from its point, up, down or sideways, until
it overlaps no name placed before it. Pure: no Streamlit, no pydeck.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import font_source_sans_pro
from PIL import ImageFont

FONT_FAMILY = "'Source Sans', 'Source Sans Pro', sans-serif"  # Streamlit's web font first
FONT_SIZE = 13  # pixels
PADDING = (3, 1)  # the label's white background, pixels on each side (x, y)
_FONT_FILE = Path(font_source_sans_pro.__file__).parent / "files" / "SourceSansPro-Semibold.ttf"
# Tried in order: the point itself, then ever further from it; the first free place wins.
_STEPS = (0, 6, 12, 18, 24)
_DIRECTIONS = ((0, -1), (0, 1), (-1, 0), (1, 0), (-1, -1), (1, -1), (-1, 1), (1, 1))


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.left + dx, self.top + dy, self.right + dx, self.bottom + dy)


@functools.cache
def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_FONT_FILE), FONT_SIZE)


def label_size(text: str) -> tuple[float, float]:
    """Width and height in pixels of a (possibly two-line) name with its background."""
    lines = text.split("\n")
    width = max(_font().getlength(line) for line in lines)
    return width + 2 * PADDING[0], len(lines) * FONT_SIZE + 2 * PADDING[1]


def pixel_position(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel coordinates at `zoom`, as deck.gl's map view draws them (a 512 px world at zoom 0)."""
    scale = 512 * 2**zoom
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2
    return scale * (lon + 180) / 360, scale * y


def label_box(text: str, lon: float, lat: float, zoom: float, offset: tuple[float, float] = (0, 0)) -> Box:
    """The name's box, centred on its point moved by `offset` pixels (deck.gl's pixel offset)."""
    x, y = pixel_position(lon, lat, zoom)
    width, height = label_size(text)
    return Box(x - width / 2, y - height / 2, x + width / 2, y + height / 2).moved(*offset)


def label_offsets(labels: list[tuple[str, float, float]], zoom: float) -> list[tuple[int, int]]:
    """A pixel offset for each (name, lon, lat), so that no two names overlap where that is possible
    within 24 px of their points. The longest names are placed first (they have the fewest free
    places); the result keeps the input's order."""
    boxes = [label_box(text, lon, lat, zoom) for text, lon, lat in labels]
    order = sorted(range(len(labels)), key=lambda i: -(boxes[i].right - boxes[i].left))
    placed: list[Box] = []
    offsets: dict[int, tuple[int, int]] = {}
    for i in order:
        candidates = [(dx * step, dy * step) for step in _STEPS for dx, dy in (_DIRECTIONS if step else ((0, 0),))]
        chosen = next((c for c in candidates if not any(boxes[i].moved(*c).overlaps(p) for p in placed)), (0, 0))
        offsets[i] = chosen
        placed.append(boxes[i].moved(*chosen))
    return [offsets[i] for i in range(len(labels))]
