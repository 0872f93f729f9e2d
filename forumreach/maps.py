"""The plotly map of change between two events (Compare); the other maps are SVG (`svgmap`).

Pure (no streamlit) so tests can inspect a figure. Offline by construction: `Choroplethmap` and
`Scattermap` on the blank "white-bg" style load no tiles, and markers are plain circles with no
text, so MapLibre never asks for glyphs or sprites either. (`go.Choropleth` is avoided: its geo
projection fetches a world outline from a CDN.)

Every text (hover, legend, colour bar) comes through the translator passed in, so a figure is in
one language from top to bottom.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from forumreach.colours import BORDER_COLOUR, CHANGE_SCALE, CHANGED_LIMITS_COLOUR
from forumreach.geo import FEATURE_ID_KEY
from forumreach.i18n import Translator, unit_names
from forumreach.svgmap import BOUNDS

MAP_STYLE = "white-bg"
CENTER = {"lat": 41.3, "lon": 74.75}
HEIGHT = 480
# Chart width Streamlit gives a full-width chart in a wide layout, and what the colour bar takes.
CHART_WIDTH = 870
COLORBAR_PX = 110


def fit_zoom(width_px: int, height_px: int = HEIGHT) -> float:
    """The web-Mercator zoom at which the whole country (`svgmap.BOUNDS`) fills a map of this
    size (plotly has no fitbounds for MapLibre maps), with a small margin."""
    west, south, east, north = BOUNDS

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    px_per_radian = min(width_px / math.radians(east - west), height_px / (y(north) - y(south)))
    return round(math.log2(0.92 * px_per_radian * 2 * math.pi / 512), 2)


def _layout(fig: go.Figure, revision: str) -> go.Figure:
    """The whole country, at a full-width chart's size less its colour bar."""
    fig.update_layout(
        map={"style": MAP_STYLE, "center": CENTER, "zoom": fit_zoom(CHART_WIDTH - COLORBAR_PX)},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=HEIGHT,
        # Keeps the user's zoom and pan across Streamlit reruns of the same map.
        uirevision=revision,
        legend={"orientation": "h", "yanchor": "bottom", "y": 0.01, "xanchor": "left", "x": 0.01,
                "bgcolor": "rgba(255,255,255,0.8)"},
        font={"family": "sans-serif"},
    )
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
        + t("compare.change") + ": " + change.change.map(t.signed)
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
            marker={"size": 13, "color": CHANGED_LIMITS_COLOUR},
            hovertext=located.soate.map(unit_names(units, t.lang)).fillna(""),
            hovertemplate="%{hovertext}<extra></extra>",
            customdata=located.soate, name=t("map.changed_limits"), showlegend=True,
        ))
    fig.add_annotation(text=t("map.boundaries_from", vintage=shapes.boundaries_from),
                       xref="paper", yref="paper", x=0.99, y=0.99, xanchor="right",
                       yanchor="top", showarrow=False, bgcolor="rgba(255,255,255,0.8)")
    return fig
