"""The coverage map as inline SVG, for the page people open first.

plotly.js takes 3–4 s to load and paint a map in a cold headless Chromium here; an SVG drawn
from the same simplified geometry paints with the page itself (no script, no WebGL, no request),
so the Overview shows its map at once while the Map page keeps the interactive plotly map.
Hover text is the SVG `<title>` of each area, in the chosen language.
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd

from forumreach.colours import BORDER_COLOUR, MapColours, map_colours
from forumreach.i18n import Translator
from forumreach.maps import BOUNDS, area_hover

WIDTH = 1000
LEGEND_FONT = 26  # in viewBox units: the map is often drawn 450-600 px wide
LEGEND_COLUMNS = 4
_MID_LAT = math.radians((BOUNDS[1] + BOUNDS[3]) / 2)
_X_SCALE = WIDTH / (BOUNDS[2] - BOUNDS[0])
_Y_SCALE = _X_SCALE / math.cos(_MID_LAT)  # equirectangular, true to scale at mid-latitude
HEIGHT = round((BOUNDS[3] - BOUNDS[1]) * _Y_SCALE)
_TAG = re.compile(r"<[^>]+>")


def _xy(lon: float, lat: float) -> tuple[int, int]:
    return round((lon - BOUNDS[0]) * _X_SCALE), round((BOUNDS[3] - lat) * _Y_SCALE)


def _ring(ring: list) -> str:
    """Whole units (about 1 km, below the simplification tolerance) as relative moves: the
    markup stays small, and small markup is what paints fast."""
    points = [_xy(lon, lat) for lon, lat in ring]
    x, y = points[0]
    steps = []
    for px, py in points[1:]:
        if (px, py) != (x, y):
            steps.append(f"{px - x} {py - y}")
            x, y = px, py
    return f"M{points[0][0]} {points[0][1]}l" + " ".join(steps) + "z"


def path_data(geometry: dict) -> str:
    """SVG path of a (Multi)Polygon; holes (lakes, enclaves) cut out by the even-odd rule."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return "".join(_ring(ring) for polygon in polygons for ring in polygon)


def _plain(hover: str) -> str:
    return html.escape(_TAG.sub("", hover.replace("<br>", "\n")), quote=False)


def coverage_svg(geojson: dict, table: pd.DataFrame, measure: str, units: pd.DataFrame,
                 t: Translator, *, legend: bool = True) -> str:
    """Areas of a `coverage` table shaded by one measure (`colours.map_colours`), with its
    legend below unless `legend=False` (the report draws its own in the PDF's font)."""
    scale = map_colours(table, measure, t)
    hover = dict(zip(table.soate, area_hover(table, units, t), strict=True))
    shapes = []
    for feature in geojson["features"]:
        soate = feature["properties"]["soate"]
        title = _plain(hover.get(soate, ""))
        shapes.append(
            f'<path data-soate="{soate}" d="{path_data(feature["geometry"])}" '
            f'fill="{scale.fill(soate)}"><title>{title}</title></path>'
        )
    height = HEIGHT + (legend_height(len(scale.legend)) if legend else 0)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{html.escape(scale.title)}">'
        f'<g fill-rule="evenodd" stroke="{BORDER_COLOUR}" stroke-width="1.2">{"".join(shapes)}'
        f"</g>{_legend(scale) if legend else ''}</svg>"
    )


def _legend(scale: MapColours) -> str:
    """The title, the note on how the classes were made, then one swatch per class with its
    range, `LEGEND_COLUMNS` to a row: big enough to read when the map is half a page wide."""
    line = LEGEND_FONT + 10
    y = HEIGHT + line
    step = WIDTH / LEGEND_COLUMNS
    swatches = []
    for i, entry in enumerate(scale.legend):
        x, top = (i % LEGEND_COLUMNS) * step, y + 2 * line + (i // LEGEND_COLUMNS) * line
        swatches.append(
            f'<rect x="{x:.0f}" y="{top - LEGEND_FONT + 2}" width="34" height="{LEGEND_FONT}" '
            f'fill="{entry.colour}" stroke="#999" stroke-width="1"/>'
            f'<text x="{x + 42:.0f}" y="{top}">{html.escape(entry.label)}</text>'
        )
    return (
        f'<g font-family="sans-serif" font-size="{LEGEND_FONT}" fill="#333">'
        f'<text x="0" y="{y}" font-weight="bold">{html.escape(scale.title)}</text>'
        f'<text x="0" y="{y + line}">{html.escape(scale.note)}</text>{"".join(swatches)}</g>'
    )


def legend_height(entries: int) -> int:
    rows = -(-entries // LEGEND_COLUMNS)
    return (LEGEND_FONT + 10) * (2 + rows) + 12
