"""Plotly figures of coverage: areas shaded by a measure, cities as points, change between events.

Pure (no streamlit) so tests can inspect a figure. Offline by construction: `Choroplethmap` and
`Scattermap` on the blank "white-bg" style load no tiles, and markers are plain circles with no
text, so MapLibre never asks for glyphs or sprites either. (`go.Choropleth` is avoided: its geo
projection fetches a world outline from a CDN.)

Every text (hover, legend, colour bar) comes through the translator passed in, so a figure is in
one language from top to bottom.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from forumreach.colours import (  # noqa: F401  (MEASURES, NO_DATA_COLOUR: maps' public names)
    BORDER_COLOUR,
    CHANGE_SCALE,
    MEASURES,
    NO_DATA_COLOUR,
    STATUS_COLOURS,
    MapColours,
    map_colours,
)
from forumreach.geo import FEATURE_ID_KEY
from forumreach.i18n import Translator, unit_names

MAP_STYLE = "white-bg"
# Kyrgyzstan's extent (west, south, east, north); maps open fitted to it.
BOUNDS = (69.2, 39.15, 80.3, 43.3)
CENTER = {"lat": 41.3, "lon": 74.75}
HEIGHT = 480
# Chart width Streamlit gives a full-width chart in a wide layout, and what the colour bar takes.
CHART_WIDTH = 870
COLORBAR_PX = 110

STATUS_SIZES = {"head": 11, "present": 10, "absent": 10}


def fit_zoom(width_px: int, height_px: int = HEIGHT, bounds: tuple = BOUNDS) -> float:
    """The web-Mercator zoom at which `bounds` fills a map of this size (plotly has no fitbounds
    for MapLibre maps), with a small margin."""
    west, south, east, north = bounds

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    px_per_radian = min(width_px / math.radians(east - west), height_px / (y(north) - y(south)))
    return round(math.log2(0.92 * px_per_radian * 2 * math.pi / 512), 2)


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


def _layout(fig: go.Figure, revision: str, width_px: int = CHART_WIDTH,
            bounds: tuple = BOUNDS) -> go.Figure:
    west, south, east, north = bounds
    centre = CENTER if bounds == BOUNDS else {"lat": (south + north) / 2, "lon": (west + east) / 2}
    zoom = fit_zoom(width_px - COLORBAR_PX, bounds=bounds)
    fig.update_layout(
        map={"style": MAP_STYLE, "center": centre, "zoom": zoom},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=HEIGHT,
        # Keeps the user's zoom and pan across Streamlit reruns of the same map.
        uirevision=revision,
        clickmode="event+select",
        legend={"orientation": "h", "yanchor": "bottom", "y": 0.01, "xanchor": "left", "x": 0.01,
                "bgcolor": "rgba(255,255,255,0.8)"},
        font={"family": "sans-serif"},
    )
    return fig


def _subset(geojson: dict, soates: set[str]) -> dict:
    """The features of some units only; shares the geometry objects, copies no coordinates."""
    features = [f for f in geojson["features"] if f["properties"]["soate"] in soates]
    return {"type": "FeatureCollection", "features": features}


def _count(value: object, t: Translator) -> str:
    """A count, or the marker a donor view puts in place of a small count of people."""
    return value if isinstance(value, str) else t.number(value)


def area_hover(table: pd.DataFrame, units: pd.DataFrame, t: Translator) -> list[str]:
    """One hover text per area: name, bodies present of total, heads, aiyl aimaks represented."""
    names = unit_names(units, t.lang)
    texts = []
    for row in table.itertuples():
        lines = [
            f"<b>{names.get(row.soate, '')}</b>",
            f"{t('col.bodies_present')}: {t.of(row.bodies_present, row.bodies_total)}",
            f"{t('col.heads_present')}: {_count(row.heads_present, t)}",
        ]
        if row.aiyl_aimaks_total:
            lines.append(
                f"{t('col.aiyl_aimaks_present')}: "
                f"{t.of(row.aiyl_aimaks_present, row.aiyl_aimaks_total)} "
                f"({t.percent(row.share_aiyl_aimaks)})"
            )
        texts.append("<br>".join(lines))
    return texts


def coverage_map(
    geojson: dict,
    table: pd.DataFrame,
    measure: str,
    units: pd.DataFrame,
    t: Translator,
    *,
    revision: str = "coverage",
    width_px: int = CHART_WIDTH,
) -> go.Figure:
    """Areas (oblasts, or rayons and cities) shaded by one measure of a `coverage` table.

    The colours are `colours.map_colours`' classes (the same as the SVG map and the report), a
    colour bar with one step per class, and a note saying how the classes were made. Areas where
    the measure means nothing or is unknown are drawn grey in a separate trace instead of being
    left out of the map.
    """
    scale = map_colours(table, measure, t)
    hover = pd.Series(area_hover(table, units, t), index=table.index)
    index = table.soate.map(scale.classes)
    known = index.notna()
    shown = table[known]
    fig = go.Figure()
    fig.add_trace(go.Choroplethmap(
        geojson=geojson if known.all() else _subset(geojson, set(shown.soate)),
        featureidkey=FEATURE_ID_KEY,
        locations=shown.soate,
        z=index[known].astype(int),
        **class_scale(scale),
        marker={"line": {"color": BORDER_COLOUR, "width": 1}},
        hovertext=hover[known],
        hovertemplate="%{hovertext}<extra></extra>",
        customdata=shown.soate,
        name=scale.title,
        showlegend=False,
    ))
    if not known.all():
        rest = table[~known]
        fig.add_trace(go.Choroplethmap(
            geojson=_subset(geojson, set(rest.soate)),
            featureidkey=FEATURE_ID_KEY,
            locations=rest.soate,
            z=[0] * len(rest),
            colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]],
            showscale=False,
            marker={"line": {"color": BORDER_COLOUR, "width": 1}},
            hovertext=hover[~known],
            hovertemplate="%{hovertext}<extra></extra>",
            customdata=rest.soate,
            name=scale.legend[-1].label,
            showlegend=True,
        ))
    fig.add_annotation(text=scale.note, showarrow=False, xref="paper", yref="paper", x=0.01,
                       y=0.99, xanchor="left", yanchor="top", font={"size": 11, "color": "#555"},
                       bgcolor="rgba(255,255,255,0.8)")
    everywhere = len(table) >= len(geojson["features"])
    bounds = BOUNDS if everywhere else feature_bounds(geojson, set(table.soate))
    return _layout(fig, revision, width_px, bounds)


def class_scale(scale: MapColours) -> dict:
    """A choropleth's colour settings for class indices 0..n-1: one flat step per class and a
    colour bar labelled with each class's range."""
    n = scale.n_classes
    steps = []
    for k, colour in enumerate(scale.class_colours):
        steps += [[k / n, colour], [(k + 1) / n, colour]]
    return {
        "colorscale": steps, "zmin": -0.5, "zmax": n - 0.5,
        "colorbar": {"title": {"text": scale.title}, "thickness": 12, "len": 0.6,
                     "tickvals": list(range(n)),
                     "ticktext": [entry.label for entry in scale.legend[:n]]},
    }


def city_traces(
    cities: pd.DataFrame, points: pd.DataFrame, units: pd.DataFrame, t: Translator
) -> list[go.Scattermap]:
    """The cities as circles, one trace per status so the legend names each colour."""
    located = cities.merge(points[["soate", "lat", "lon"]], on="soate", how="inner")
    names = located.soate.map(unit_names(units, t.lang)).fillna("")
    traces = []
    for status, colour in STATUS_COLOURS.items():
        part = located[located.status == status]
        label = t(f"city_status.{status}")
        traces.append(go.Scattermap(
            lat=part.lat,
            lon=part.lon,
            mode="markers",
            marker={"size": STATUS_SIZES[status], "color": colour},
            name=label,
            hovertext="<b>" + names[part.index] + "</b><br>" + label,
            hovertemplate="%{hovertext}<extra></extra>",
            customdata=part.soate,
        ))
    return traces


def with_cities(fig: go.Figure, traces: list[go.Scattermap], t: Translator) -> go.Figure:
    fig.add_traces(traces)
    fig.update_layout(legend_title_text=t("map.cities"))
    return fig


def change_map(
    geojson: dict, change: pd.DataFrame, units: pd.DataFrame, t: Translator,
    *, revision: str = "change",
) -> go.Figure:
    """Areas shaded by how many more (blue) or fewer (red) bodies came to the second event."""
    names = change.soate.map(unit_names(units, t.lang)).fillna("")
    hover = (
        "<b>" + names + "</b><br>"
        + t("compare.before") + ": " + change.bodies_present_before.map(t.number) + "<br>"
        + t("compare.after") + ": " + change.bodies_present_after.map(t.number) + "<br>"
        + t("compare.change") + ": " + change.change.map(lambda v: f"{v:+d}")
    )
    reach = max(1, int(change.change.abs().max() or 0))
    fig = go.Figure(go.Choroplethmap(
        geojson=geojson,
        featureidkey=FEATURE_ID_KEY,
        locations=change.soate,
        z=change.change,
        zmin=-reach,
        zmax=reach,
        zmid=0,
        colorscale=CHANGE_SCALE,
        marker={"line": {"color": BORDER_COLOUR, "width": 1}},
        colorbar={"title": {"text": t("compare.change")}, "thickness": 12, "len": 0.6},
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        customdata=change.soate,
    ))
    return _layout(fig, revision)


def selected_soate(selection: object) -> str | None:
    """The area or city a click on a map selected, from `st.plotly_chart(on_select=...)` state."""
    points = []
    if isinstance(selection, Mapping):
        points = (selection.get("selection") or {}).get("points") or []
    for point in points:
        value = point.get("location") or point.get("customdata")
        if isinstance(value, list):
            value = value[0] if value else None
        if value:
            return str(value)
    return None


def with_unit_points(fig: go.Figure, shapes, table: pd.DataFrame, units: pd.DataFrame,
                     t: Translator) -> go.Figure:
    """On a vintage drawn with 2018's boundaries (`forumreach.vintage_geo`): the areas that have
    no polygon there (cities whose limits changed) as circles, and a note saying whose
    boundaries these are. Nothing changes on a vintage with its own geometry."""
    if getattr(shapes, "boundaries_from", None) is None:
        return fig
    located = table.merge(shapes.points, on="soate", how="inner")
    if len(located):
        fig.add_trace(go.Scattermap(
            lat=located.lat, lon=located.lon, mode="markers",
            marker={"size": 13, "color": "#555555"},
            hovertext=(area_hover(located, units, t) if "bodies_present" in located
                       else located.soate.map(unit_names(units, t.lang)).fillna("")),
            hovertemplate="%{hovertext}<extra></extra>",
            customdata=located.soate, name=t("map.changed_limits"), showlegend=True,
        ))
    fig.add_annotation(text=t("map.boundaries_from", vintage=shapes.boundaries_from),
                       xref="paper", yref="paper", x=0.99, y=0.99, xanchor="right",
                       yanchor="top", showarrow=False, bgcolor="rgba(255,255,255,0.8)")
    return fig
