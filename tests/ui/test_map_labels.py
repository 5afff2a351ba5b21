"""District names on the maps (ui.map_labels): measured in the map's font, placed without overlap."""

from __future__ import annotations

import pytest

from data_access.boundaries import Boundaries, centroid, load_districts
from data_access.schematic_map import tile_map
from registry import load_registry
from ui.map_labels import Box, label_box, label_offsets, label_size, pixel_position
from ui.maps import district_deck, map_zoom

NAMES = {d.code: d.name for d in load_registry().districts}


def _labels(boundaries: Boundaries) -> list[tuple[str, float, float]]:
    return [(f["properties"]["navn"].replace("/", "/\n"), *centroid(f["geometry"]))
            for f in boundaries.geojson["features"]]


def test_a_name_is_measured_in_the_maps_font_and_two_lines_are_twice_as_tall():
    width, height = label_size("Valby")
    assert 30 < width < 45 and height == 13 + 2
    assert label_size("Vesterbro/\nKongens Enghave")[1] == 2 * 13 + 2
    assert label_size("Brønshøj-Husum")[0] > label_size("Valby")[0]


def test_pixels_follow_deck_gl_web_mercator_with_a_512_px_world():
    assert pixel_position(0, 0, 0) == pytest.approx((256, 256))
    x1, _ = pixel_position(12.5, 55.7, 10)
    x2, _ = pixel_position(12.5, 55.7, 11)
    assert x2 == pytest.approx(2 * x1)


def test_a_name_that_would_overlap_is_moved_and_the_other_stays():
    # two names on the same point: the longer is placed first and stays, the shorter moves off it
    offsets = label_offsets([("Valby", 12.5, 55.68), ("Brønshøj-Husum", 12.5, 55.68)], zoom=10.45)
    assert offsets[1] == (0, 0) and offsets[0] != (0, 0)
    boxes = [label_box("Valby", 12.5, 55.68, 10.45, offsets[0]), label_box("Brønshøj-Husum", 12.5, 55.68, 10.45)]
    assert not boxes[0].overlaps(boxes[1])


def test_boxes_that_only_touch_do_not_overlap():
    assert not Box(0, 0, 10, 10).overlaps(Box(10, 0, 20, 10))
    assert Box(0, 0, 10, 10).overlaps(Box(9, 9, 20, 20))


@pytest.mark.parametrize("boundaries", [load_districts(NAMES), Boundaries(tile_map(NAMES), schematic=True)],
                         ids=["real", "schematic"])
def test_no_two_district_names_overlap_on_the_map_as_drawn(boundaries):
    zoom = map_zoom(boundaries)
    deck = district_deck(boundaries, {}, {})
    drawn = next(layer for layer in deck.layers if layer.id == "navne").data
    boxes = [label_box(d["navn"], *d["position"], zoom, tuple(d["offset"])) for d in drawn]
    assert len(boxes) == 10
    overlapping = [(drawn[i]["navn"], drawn[j]["navn"]) for i, a in enumerate(boxes) for j, b in enumerate(boxes)
                   if i < j and a.overlaps(b)]
    assert overlapping == []
    assert all(abs(dx) <= 24 and abs(dy) <= 24 for d in drawn for dx, dy in [d["offset"]])


def test_the_real_map_needs_no_nudge_at_its_zoom():
    boundaries = load_districts(NAMES)
    assert not boundaries.schematic
    assert set(label_offsets(_labels(boundaries), map_zoom(boundaries))) == {(0, 0)}
