"""District maps (pydeck, no basemap needed) and their legend, coloured by class of the shown value.

The good end of the scale is the same colour on every map (purple); the bad end is orange. Hidden
districts are grey and labelled "for få tal"; districts without the programme are "ikke tilbudt".
"""

from __future__ import annotations

import copy
import html
import json
from urllib.parse import quote

import polars as pl
import pydeck as pdk

from data_access.boundaries import Boundaries, centroid
from metrics.districts import class_of, uses_rate_per_1000
from registry import Indicator
from ui.formatting import locale_for, number, unit_name, value_text
from ui.i18n import TEXTS, t
from ui.map_labels import FONT_FAMILY as LABEL_FONT
from ui.map_labels import FONT_SIZE as LABEL_SIZE
from ui.map_labels import PADDING as LABEL_PADDING
from ui.map_labels import label_offsets
from ui.provenance import missing_text

BAD_TO_GOOD = [(179, 88, 6), (241, 163, 64), (254, 224, 182), (153, 142, 195), (84, 39, 136)]
NEUTRAL = [(222, 235, 247), (189, 215, 238), (107, 174, 214), (49, 130, 189), (8, 81, 156)]
SUPPRESSED = (189, 189, 189)
NOT_OFFERED = (240, 240, 240)
CLICK_LAYER = "valg"


def palette(indicator: Indicator, classes: int) -> list[tuple[int, int, int]]:
    """Colours from the lowest class to the highest, so that 'good' is always purple."""
    if indicator.direction == "none":
        colours = NEUTRAL
    elif indicator.direction == "up":
        colours = BAD_TO_GOOD
    else:
        colours = list(reversed(BAD_TO_GOOD))
    if classes >= len(colours):
        return colours
    step = (len(colours) - 1) / max(classes - 1, 1)
    return [colours[round(i * step)] for i in range(classes)]


def hex_colour(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def map_unit_label(indicator: Indicator, lang: str = "da") -> str:
    """What the map's numbers are: '%', 'udsættelser pr. 1.000 indbyggere' (a count names what it counts)."""
    noun = indicator.noun(lang)
    if uses_rate_per_1000(indicator):
        return t("map.per_1000_of", lang, noun=noun.other) if noun else t("map.per_1000", lang)
    if noun:
        return unit_name(indicator, lang)
    return t(f"map.unit.{indicator.unit}", lang)


def map_value_text(value: float | None, indicator: Indicator, lang: str = "da") -> str:
    if value is None:
        return "–"
    if uses_rate_per_1000(indicator):
        return f"{number(value, 1, locale=locale_for(lang))} {map_unit_label(indicator, lang)}"
    return value_text(value, indicator, locale=locale_for(lang))


def district_colours(frame: pl.DataFrame, indicator: Indicator, breaks: list[float]) -> dict[int, tuple]:
    """district_code -> colour, from the frame's map_value, suppression and offered flags."""
    colours = palette(indicator, len(breaks) + 1)
    out = {}
    for row in frame.iter_rows(named=True):
        if not row.get("offered", True):
            out[row["district_code"]] = NOT_OFFERED
        elif row["suppressed"] or row["map_value"] is None:
            out[row["district_code"]] = SUPPRESSED
        else:
            out[row["district_code"]] = colours[class_of(row["map_value"], breaks)]
    return out


def tooltip_rows(frame: pl.DataFrame, indicator: Indicator, period_label: str, lang: str = "da") -> dict[int, dict]:
    """What the tooltip says per district: the same suppressed values as the map and the table."""
    locale = locale_for(lang)
    rows = {}
    for row in frame.iter_rows(named=True):
        if not row.get("offered", True):
            value, base = t("map.not_offered", lang), ""
        elif row["suppressed"]:
            value, base = t("map.suppressed", lang), t("map.base_small", lang)
        elif missing := missing_text(row, lang):  # only a coarser total: never the city's number on a district
            value, base = missing, ""
        else:
            value = map_value_text(row["map_value"], indicator, lang)
            if uses_rate_per_1000(indicator) and row["value"] is not None:
                value += f" ({t('map.total', lang, n=value_text(row['value'], indicator, locale=locale))})"
            base = t("map.base", lang, n=number(row["base_count"], 0, locale=locale)) if row["base_count"] is not None else ""
        rows[row["district_code"]] = {"vaerdi": value, "grundlag": base, "periode": period_label}
    return rows


def map_table(frame: pl.DataFrame, tooltips: dict[int, dict], lang: str = "da") -> pl.DataFrame:
    """The map as a table (a text alternative, and the touch screen's way to read every district): each
    district's name with the same words as its tooltip."""
    rows = [(name, tooltips.get(code, {}).get("vaerdi", ""), tooltips.get(code, {}).get("grundlag", ""))
            for code, name in frame.select("district_code", "navn").iter_rows()]
    return pl.DataFrame(rows, schema={t("map.col.district", lang): pl.Utf8, t("map.col.value", lang): pl.Utf8,
                                      t("map.col.base", lang): pl.Utf8}, orient="row")


# The map's base: a blank MapLibre style, inline as a data: URL, so nothing is fetched from another host.
# map_style=None would make Streamlit's frontend load Carto's style and tiles from basemaps.cartocdn.com,
# and pydeck's default (no style at all) draws without MapLibre: no zoom buttons and unreadable labels.
BLANK_MAP_STYLE = "data:application/json," + quote(json.dumps({
    "version": 8, "sources": {}, "layers": [{"id": "background", "type": "background",
                                             "paint": {"background-color": "#ffffff"}}],
}, separators=(",", ":")))


def district_deck(
    boundaries: Boundaries,
    colours: dict[int, tuple],
    tooltips: dict[int, dict],
    *,
    selected: int | None = None,
    areas: dict | None = None,
) -> pdk.Deck:
    """The map: coloured districts with names, the selected one outlined, optional overlay."""
    geojson = copy.deepcopy(boundaries.geojson)
    labels = []
    for feature in geojson["features"]:
        props = feature["properties"]
        code = props["bydel_nr"]
        props["fill"] = [*colours.get(code, SUPPRESSED), 235]
        props.update(tooltips.get(code, {"vaerdi": "–", "grundlag": "", "periode": ""}))
        props["navn_html"] = html.escape(props["navn"])
        lon, lat = centroid(feature["geometry"])
        labels.append({"navn": props["navn"].replace("/", "/\n"), "position": [lon, lat], "bydel_nr": code,
                       **{k: props[k] for k in ("navn_html", "vaerdi", "grundlag", "periode")}})
    zoom = map_zoom(boundaries)
    for label, offset in zip(labels, label_offsets([(lb["navn"], *lb["position"]) for lb in labels], zoom)):
        label["offset"] = list(offset)  # nudged so that no two names overlap (ui.map_labels)
    layers = [
        pdk.Layer(
            # Not pickable: a pickable polygon layer stops Streamlit from reporting any click at all.
            "GeoJsonLayer", id="bydele", data=geojson, pickable=False,
            stroked=True, filled=True, get_fill_color="properties.fill",
            get_line_color=[255, 255, 255], line_width_min_pixels=2,
        )
    ]
    if selected:
        chosen = {"type": "FeatureCollection",
                  "features": [f for f in geojson["features"] if f["properties"]["bydel_nr"] == selected]}
        layers.append(pdk.Layer("GeoJsonLayer", id="valgt", data=chosen, filled=False, stroked=True,
                                get_line_color=[20, 20, 20], line_width_min_pixels=4))
    if areas:
        layers.append(pdk.Layer("GeoJsonLayer", id="udsatte", data=areas, filled=True, stroked=True,
                                get_fill_color=[200, 30, 30, 40], get_line_color=[200, 30, 30],
                                line_width_min_pixels=2))
    # Streamlit reports clicks on point layers but not on polygons, so each district has a round
    # target under its name: hovering it shows the tooltip, a click selects the district.
    layers.append(
        pdk.Layer("ScatterplotLayer", id=CLICK_LAYER, data=labels, get_position="position", pickable=True,
                  auto_highlight=True,
                  get_radius=450, radius_min_pixels=16, radius_max_pixels=40, get_fill_color=[255, 255, 255, 90],
                  stroked=True, get_line_color=[40, 40, 40, 120], line_width_min_pixels=1)
    )
    layers.append(
        pdk.Layer("TextLayer", id="navne", data=labels, get_position="position", get_text="navn",
                  get_pixel_offset="offset", get_size=LABEL_SIZE, get_color=[20, 20, 20], font_weight=600,
                  # measured in the same font by ui.map_labels; in double quotes, or pydeck reads an expression
                  font_family=f'"{LABEL_FONT}"',
                  # deck.gl draws only the characters it is given; Danish names need æ, ø, å. A quoted
                  # string is passed through by pydeck as a plain string, not as an expression.
                  character_set="'" + "".join(sorted({ch for item in labels for ch in item["navn"]} - {"'"})) + "'",
                  background=True, get_background_color=[255, 255, 255, 200], background_padding=list(LABEL_PADDING))
    )
    (west, south), (east, north) = bounding_box(geojson)
    view = pdk.ViewState(longitude=(west + east) / 2, latitude=(south + north) / 2, zoom=zoom)
    return pdk.Deck(
        layers=layers, initial_view_state=view, map_style=BLANK_MAP_STYLE, map_provider=None,
        tooltip={"html": "<b>{navn_html}</b><br/>{vaerdi}<br/>{grundlag}<br/>{periode}",
                 "style": {"fontSize": "14px"}},
    )


def bounding_box(geojson: dict) -> tuple[tuple[float, float], tuple[float, float]]:
    """((west, south), (east, north)) of each district's main polygon: the map is centred on the city
    itself, not on the districts' label points (Amager reaches far south of them) nor on the sea forts
    far out in the Sound."""
    points = [point for feature in geojson["features"] for point in _main_ring(feature["geometry"])]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return (min(lons), min(lats)), (max(lons), max(lats))


def _main_ring(geometry: dict) -> list:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return max((polygon[0] for polygon in polygons), key=_area)


def _area(ring: list) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))) / 2


def map_zoom(boundaries: Boundaries) -> float:
    return 10.2 if boundaries.schematic else 10.45  # the whole city, Amager Vest's southern tip included, in 520 px


def clicked_district(selection: dict) -> int | None:
    """The district a click on the map chose, from st.pydeck_chart's selection state."""
    objects = selection.get("objects", {}).get(CLICK_LAYER, [])
    return int(objects[0]["bydel_nr"]) if objects else None


def legend_decimals(breaks: list[float]) -> int:
    """Enough decimals that neighbouring class limits read differently (at most 3)."""
    for decimals in (1, 2, 3):
        texts = [number(b, decimals) for b in breaks]
        if len(set(texts)) == len(texts):
            return decimals
    return 3


def legend_html(indicator: Indicator, breaks: list[float], *, not_offered: bool = False, lang: str = "da") -> str:
    """Swatches with the class limits in the language's number format, the unit, and the grey classes."""
    colours = palette(indicator, len(breaks) + 1)
    decimals = legend_decimals(breaks)
    limits = [number(b, decimals, locale=locale_for(lang)) for b in breaks]
    labels = []
    for i in range(len(colours)):
        if not breaks:
            labels.append(t("map.all", lang))
        elif i == 0:
            labels.append(t("map.below", lang, v=limits[0]))
        elif i == len(colours) - 1:
            labels.append(t("map.above", lang, v=limits[-1]))
        else:
            labels.append(f"{limits[i - 1]} – {limits[i]}")
    items = list(zip(colours, labels))
    items.append((SUPPRESSED, t("map.suppressed", lang)))
    if not_offered:
        items.append((NOT_OFFERED, t("map.not_offered", lang)))
    good = {"up": t("map.good_high", lang), "down": t("map.good_low", lang)}.get(indicator.direction, "")
    swatches = "".join(
        f'<div style="display:flex;align-items:center;gap:8px;margin:2px 0">'
        f'<span style="display:inline-block;width:22px;height:16px;background:{hex_colour(c)};'
        f'border:1px solid #999"></span><span>{html.escape(label)}</span></div>'
        for c, label in items
    )
    return (
        f'<div data-testid="map-legend" style="font-size:0.95rem">'
        f"<b>{html.escape(t('map.legend', lang, unit=map_unit_label(indicator, lang)))}</b>{swatches}"
        f'<div style="color:#555;margin-top:4px">{good}</div></div>'
    )


def boundary_note(boundaries: Boundaries, lang: str = "da") -> tuple[str | None, str | None]:
    """(notice, attribution) to show under a map, in the reader's language."""
    if boundaries.schematic:
        if boundaries.reason == "invalid":
            detail = boundaries.detail  # Danish; a reason the app knows is said in the reader's language
            if boundaries.detail_key and f"map.invalid.{boundaries.detail_key}" in TEXTS:
                detail = t(f"map.invalid.{boundaries.detail_key}", lang, **dict(boundaries.detail_values))
            return t("map.schematic_invalid", lang, detail=detail), None
        return t("map.schematic_missing", lang), None
    return None, t("map.attribution", lang)
