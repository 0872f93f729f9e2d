"""The coverage map as inline SVG: the Overview's map, the Map page's and the reports'.

plotly.js takes 3–4 s to load and paint a map in a cold headless Chromium here; an SVG drawn
from the same simplified geometry paints with the page itself (no WebGL, no request), so every
page's map shows at once (issue 9). Hover text is the SVG `<title>` of each area and point, in
the chosen language; the Map page adds a tooltip, clicks and keys on top of the same markup
(`pages/_area_map.py`). Every area and point carries its `data-soate`.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

import pandas as pd

from forumreach.colours import (
    BORDER_COLOUR,
    CHANGED_LIMITS_COLOUR,
    STATUS_COLOURS,
    MapColours,
    map_colours,
)
from forumreach.i18n import Translator, unit_names

# Kyrgyzstan's extent (west, south, east, north); maps open fitted to it.
BOUNDS = (69.2, 39.15, 80.3, 43.3)
WIDTH = 1000
LEGEND_FONT = 26  # in viewBox units: the map is often drawn 450-600 px wide
LEGEND_COLUMNS = 4
KIND_COLUMNS = 2  # kinds of points have longer labels ("Город: никто не приехал")
_MID_LAT = math.radians((BOUNDS[1] + BOUNDS[3]) / 2)
_X_SCALE = WIDTH / (BOUNDS[2] - BOUNDS[0])
_Y_SCALE = _X_SCALE / math.cos(_MID_LAT)  # equirectangular, true to scale at mid-latitude
HEIGHT = round((BOUNDS[3] - BOUNDS[1]) * _Y_SCALE)
_TAG = re.compile(r"<[^>]+>")
MARK_RADIUS = 9  # a point's radius on the whole country's map, in viewBox units


@dataclass(frozen=True)
class Mark:
    """A point on the map: a city, or an area drawn without a polygon of its own."""

    soate: str
    lon: float
    lat: float
    colour: str
    hover: str
    label: str  # its legend entry


def city_marks(cities: pd.DataFrame, points: pd.DataFrame, units: pd.DataFrame,
               t: Translator) -> list[Mark]:
    """The cities of a `coverage` table (`soate`, `status`) at their points, coloured by
    whether their head came, someone came, or no one."""
    located = cities.merge(points[["soate", "lat", "lon"]], on="soate", how="inner")
    names = unit_names(units, t.lang)
    marks = []
    for status, colour in STATUS_COLOURS.items():
        label = t(f"city_status.{status}")
        for row in located[located.status == status].itertuples():
            marks.append(Mark(row.soate, row.lon, row.lat, colour,
                              f"<b>{names.get(row.soate, '')}</b><br>{label}", label))
    return marks


def unit_marks(points: pd.DataFrame, table: pd.DataFrame, units: pd.DataFrame,
               t: Translator) -> list[Mark]:
    """Areas of a later vintage with no 2018 polygon (`vintage_geo`: cities whose limits
    changed), as points with the same hover text as an area."""
    located = table.merge(points[["soate", "lat", "lon"]], on="soate", how="inner")
    label = t("map.changed_limits")
    return [Mark(row.soate, row.lon, row.lat, CHANGED_LIMITS_COLOUR, hover, label)
            for row, hover in zip(located.itertuples(), area_hover(located, units, t),
                                  strict=True)]


def feature_bounds(geojson: dict, soates: set[str]) -> tuple[float, float, float, float]:
    """West, south, east, north of some features, to open a drill-down map on them."""
    lons, lats = [], []

    def walk(coords) -> None:
        if coords and isinstance(coords[0], (int, float)):
            lons.append(coords[0])
            lats.append(coords[1])
        else:
            for part in coords:
                walk(part)

    for feature in geojson["features"]:
        if feature["properties"]["soate"] in soates:
            walk(feature["geometry"]["coordinates"])
    return (min(lons), min(lats), max(lons), max(lats)) if lons else BOUNDS


def area_hover(table: pd.DataFrame, units: pd.DataFrame, t: Translator) -> list[str]:
    """One hover text per area: name, bodies present of total, heads, aiyl aimaks represented."""
    names = unit_names(units, t.lang)
    texts = []
    for row in table.itertuples():
        lines = [
            f"<b>{names.get(row.soate, '')}</b>",
            f"{t('col.bodies_present')}: {t.of(row.bodies_present, row.bodies_total)}",
            f"{t('col.heads_present')}: {t.number(row.heads_present)}",
        ]
        if row.aiyl_aimaks_total:
            lines.append(
                f"{t('col.aiyl_aimaks_present')}: "
                f"{t.of(row.aiyl_aimaks_present, row.aiyl_aimaks_total)} "
                f"({t.percent(row.share_aiyl_aimaks)})"
            )
        texts.append("<br>".join(lines))
    return texts


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
                 t: Translator, *, legend: bool = True, marks: list[Mark] = (),
                 bounds: tuple[float, float, float, float] | None = None,
                 legend_size: float = 1.0) -> str:
    """Areas of a `coverage` table shaded by one measure (`colours.map_colours`), `marks`
    (cities, changed limits) as points above them, and the legend below unless `legend=False`
    (the report draws its own in the PDF's font).

    With `bounds` (west, south, east, north), only the table's own areas are drawn and the map
    is fitted to them, as a drill-down into one oblast; lines, points and legend keep the size
    they have on the whole country's map. `legend_size` scales the legend, which is sized to
    be read when the map is half a page wide.
    """
    scale = map_colours(table, measure, t)
    hover = dict(zip(table.soate, area_hover(table, units, t), strict=True))
    features = geojson["features"]
    if bounds is not None:
        features = [f for f in features if f["properties"]["soate"] in hover]
    left, top, width, map_height = _view(bounds)
    zoom = width / WIDTH  # viewBox units per unit of the whole map: keeps sizes as they were
    shapes = []
    for feature in features:
        soate = feature["properties"]["soate"]
        shapes.append(
            f'<path data-soate="{soate}" d="{path_data(feature["geometry"])}" '
            f'fill="{scale.fill(soate)}"><title>{_plain(hover.get(soate, ""))}</title></path>'
        )
    points = []
    for mark in marks:
        x, y = _xy(mark.lon, mark.lat)
        points.append(
            f'<circle data-soate="{mark.soate}" cx="{x}" cy="{y}" r="{MARK_RADIUS * zoom:.1f}" '
            f'fill="{mark.colour}"><title>{_plain(mark.hover)}</title></circle>'
        )
    kinds = list(dict.fromkeys((m.colour, m.label) for m in marks))
    size = zoom * legend_size
    height = map_height + (legend_height(len(scale.legend), len(kinds), legend_size) * zoom
                           if legend else 0)
    under = (f'<g transform="translate({left} {top + map_height:.0f}) scale({size:.4f})">'
             f"{_legend(scale, kinds, legend_size)}</g>" if legend else "")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{left} {top} {width} {height:.0f}" '
        f'width="100%" role="img" aria-label="{html.escape(scale.title)}">'
        f'<g fill-rule="evenodd" stroke="{BORDER_COLOUR}" stroke-width="{1.2 * zoom:.2f}">'
        f'{"".join(shapes)}</g>'
        + (f'<g stroke="{BORDER_COLOUR}" stroke-width="{2 * zoom:.1f}">{"".join(points)}</g>'
           if points else "")
        + f"{under}</svg>"
    )


def print_svg(svg: str) -> str:
    """The screen SVG sized for print (the donor PDFs): fpdf2 wants a plain width, not "100%"."""
    return svg.replace('width="100%"', f'width="{WIDTH}" height="{HEIGHT}"', 1)


def _view(bounds: tuple[float, float, float, float] | None) -> tuple[int, int, int, int]:
    """Left, top, width and height of the map's part of the viewBox: the whole country, or
    `bounds` with a margin of 4 % around them."""
    if bounds is None:
        return 0, 0, WIDTH, HEIGHT
    (x0, y0), (x1, y1) = _xy(bounds[0], bounds[3]), _xy(bounds[2], bounds[1])
    margin = round(0.04 * max(x1 - x0, y1 - y0, 1))
    return x0 - margin, y0 - margin, x1 - x0 + 2 * margin, y1 - y0 + 2 * margin


def _legend(scale: MapColours, kinds: list[tuple[str, str]] = (), size: float = 1.0) -> str:
    """The title, the note on how the classes were made, one swatch per class with its range,
    `LEGEND_COLUMNS` to a row, then one dot per kind of point: big enough to read when the map
    is half a page wide. Drawn from y=0 down, in the whole map's units divided by `size`, so
    that scaled by `size` it spans the map's width."""
    line = LEGEND_FONT + 10
    y = line
    step = WIDTH / size / LEGEND_COLUMNS
    entries = []
    for i, entry in enumerate(scale.legend):
        x, top = (i % LEGEND_COLUMNS) * step, y + 2 * line + (i // LEGEND_COLUMNS) * line
        entries.append(
            f'<rect x="{x:.0f}" y="{top - LEGEND_FONT + 2}" width="34" height="{LEGEND_FONT}" '
            f'fill="{entry.colour}" stroke="#999" stroke-width="1"/>'
            f'<text x="{x + 42:.0f}" y="{top}">{html.escape(entry.label)}</text>'
        )
    below = y + 2 * line + _rows(len(scale.legend)) * line
    for i, (colour, label) in enumerate(kinds):
        x = (i % KIND_COLUMNS) * WIDTH / size / KIND_COLUMNS
        top = below + (i // KIND_COLUMNS) * line
        entries.append(
            f'<circle cx="{x + 17:.0f}" cy="{top - LEGEND_FONT / 2 + 2:.0f}" r="{MARK_RADIUS}" '
            f'fill="{colour}"/><text x="{x + 42:.0f}" y="{top}">{html.escape(label)}</text>'
        )
    return (
        f'<g font-family="sans-serif" font-size="{LEGEND_FONT}" fill="#333">'
        f'<text x="0" y="{y}" font-weight="bold">{html.escape(scale.title)}</text>'
        f'<text x="0" y="{y + line}">{html.escape(scale.note)}</text>{"".join(entries)}</g>'
    )


def _rows(entries: int, columns: int = LEGEND_COLUMNS) -> int:
    return -(-entries // columns)


def legend_height(entries: int, kinds: int = 0, size: float = 1.0) -> float:
    """In the whole map's units, for a legend scaled by `size`."""
    return ((LEGEND_FONT + 10) * (2 + _rows(entries) + _rows(kinds, KIND_COLUMNS)) + 12) * size
