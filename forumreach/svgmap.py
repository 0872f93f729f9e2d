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
from plotly.colors import sample_colorscale

from forumreach.i18n import Translator
from forumreach.maps import BOUNDS, COVERAGE_SCALE, MEASURES, NO_DATA_COLOUR, area_hover

WIDTH = 1000
LEGEND_H = 60
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
                 t: Translator) -> str:
    """Areas of a `coverage` table shaded by one measure, with a colour legend."""
    column, is_share = MEASURES[measure]
    values = table.set_index("soate")[column].astype(float)
    top = 1.0 if is_share else max(1.0, float(values.max() or 0))
    hover = dict(zip(table.soate, area_hover(table, units, t), strict=True))
    meaningful = set(table.soate[table.aiyl_aimaks_total > 0]) if (
        measure == "share_aiyl_aimaks") else set(table.soate)
    shapes = []
    for feature in geojson["features"]:
        soate = feature["properties"]["soate"]
        fill = NO_DATA_COLOUR
        if soate in values.index and soate in meaningful:
            fill = sample_colorscale(COVERAGE_SCALE, [min(values[soate] / top, 1.0)],
                                     colortype="rgb")[0]
        title = _plain(hover.get(soate, ""))
        shapes.append(
            f'<path data-soate="{soate}" d="{path_data(feature["geometry"])}" fill="{fill}">'
            f"<title>{title}</title></path>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + LEGEND_H}" '
        f'width="100%" role="img" aria-label="{html.escape(t(f"measure.{measure}"))}">'
        f'<g fill-rule="evenodd" stroke="#ffffff" stroke-width="1.2">{"".join(shapes)}</g>'
        f"{_legend(measure, top, is_share, t)}</svg>"
    )


def _legend(measure: str, top: float, is_share: bool, t: Translator) -> str:
    stops = "".join(
        f'<stop offset="{i * 25}%" stop-color="{colour}"/>'
        for i, colour in enumerate(sample_colorscale(COVERAGE_SCALE, [0, .25, .5, .75, 1],
                                                     colortype="rgb"))
    )
    low, high = (t.percent(0), t.percent(1)) if is_share else (t.number(0), t.number(int(top)))
    y = HEIGHT + 18
    return (
        f'<defs><linearGradient id="fr-scale">{stops}</linearGradient></defs>'
        f'<g font-family="sans-serif" font-size="16" fill="#333">'
        f'<text x="0" y="{y - 4}">{html.escape(t(f"measure.{measure}"))}</text>'
        f'<rect x="0" y="{y + 4}" width="300" height="14" fill="url(#fr-scale)"/>'
        f'<text x="0" y="{y + 36}">{html.escape(low)}</text>'
        f'<text x="300" y="{y + 36}" text-anchor="end">{html.escape(high)}</text></g>'
    )
