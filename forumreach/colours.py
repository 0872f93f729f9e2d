"""How a map's figures become colours: the one rule every map uses (plotly, SVG, the report).

A fixed 0-100 % scale left almost every oblast pale: most reach 14-28 % of their bodies while
Bishkek and Osh, one body each, reach 100 %. So the classes are scaled to the data: the areas
with a figure above zero are split into up to `CLASSES` classes holding about equal numbers of
areas (quantiles), with edges rounded to whole percent or whole counts so the legend reads
cleanly. Zero ("nobody came", the point of the dashboard) is a class of its own, and an area where
the figure means nothing or is unknown (a city has no aiyl aimaks; a donor's suppressed count)
is grey, never the colour of zero. The legend says all of this (`MapColours.note`).

Pure: no plotly, no streamlit. `maps`, `svgmap` and `report` draw from a `MapColours`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from forumreach.i18n import Translator

CLASSES = 5
# Zero, then up to five classes, light to dark: ColorBrewer YlGn (colour-blind safe, prints in
# grey). Zero is the pale yellow end, so it stays apart from the grey of "no data".
ZERO_COLOUR = "#ffffcc"
CLASS_COLOURS = ("#d9f0a3", "#addd8e", "#78c679", "#31a354", "#006837")
NO_DATA_COLOUR = "#d9d9d9"
BORDER_COLOUR = "#ffffff"  # between areas, and around every point so points stay apart
# An area drawn as a point because it has no polygon of its own (`vintage_geo`).
CHANGED_LIMITS_COLOUR = "#555555"
# The cities on the map (Okabe-Ito, told apart with every common colour-vision deficiency).
STATUS_COLOURS = {"head": "#0072B2", "present": "#E69F00", "absent": "#CC79A7"}
# The change map: diverging around no change.
CHANGE_SCALE = "RdBu"

# Measure -> (column of the coverage table, whether it is a share 0..1).
MEASURES = {
    "bodies_present": ("bodies_present", False),
    "heads_present": ("heads_present", False),
    "share_aiyl_aimaks": ("share_aiyl_aimaks", True),
    "share_present": ("share_present", True),
}


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    label: str


@dataclass(frozen=True)
class MapColours:
    """The colour of every area of one map and the legend that explains them.

    `classes` maps each area's SOATE to its class: 0 for zero, 1..n for the data classes, None
    for grey (not meaningful or unknown). `edges[k]` is the upper edge of class k in the
    measure's own unit (a share 0..1 or a count); `edges[0]` is 0.
    """

    measure: str
    is_share: bool
    classes: dict[str, int | None]
    edges: tuple[float, ...]
    title: str
    note: str
    legend: tuple[LegendEntry, ...]
    class_colours: tuple[str, ...]

    def fill(self, soate: str) -> str:
        """The fill of one area; an area the table does not hold is grey."""
        index = self.classes.get(soate)
        return NO_DATA_COLOUR if index is None else self.class_colours[index]

    @property
    def n_classes(self) -> int:
        """Classes including zero (the legend's coloured entries)."""
        return len(self.class_colours)


def meaningful(table: pd.DataFrame, measure: str) -> pd.Series:
    """Where the measure says something: a share of aiyl aimaks needs an area that has some."""
    if measure == "share_aiyl_aimaks":
        return table.aiyl_aimaks_total > 0
    return pd.Series(True, index=table.index)


def _values(table: pd.DataFrame, measure: str) -> pd.Series:
    """The measure per area as numbers; the hidden mark (privacy.SUPPRESSED) and gaps become NaN."""
    column, _ = MEASURES[measure]
    values = pd.to_numeric(table[column], errors="coerce").astype(float)
    return values.where(meaningful(table, measure).to_numpy())


def class_edges(values: pd.Series, is_share: bool, classes: int = CLASSES) -> tuple[float, ...]:
    """Upper edges of the data classes: quantiles of the positive values (each an actual value,
    so a class ends at an area) rounded up to a whole percent (shares) or a whole count; the
    first edge is 0, the zero class."""
    unit = 100 if is_share else 1
    positive = values[values > 0] * unit
    if positive.empty:
        return (0.0,)
    quantiles = positive.quantile([(k + 1) / classes for k in range(classes)],
                                  interpolation="lower")
    rounded = sorted({math.ceil(round(q, 6)) for q in quantiles})
    return (0.0, *(edge / unit for edge in rounded))


def class_of(value: float, edges: tuple[float, ...]) -> int | None:
    """0 for zero, k for (edges[k-1], edges[k]], None for unknown."""
    if value is None or math.isnan(value):
        return None
    if value <= 0:
        return 0
    for k, edge in enumerate(edges[1:], start=1):
        if value <= edge + 1e-9:
            return k
    return len(edges) - 1


def _label(low: float, high: float, is_share: bool, t: Translator) -> str:
    if is_share:
        return f"{t.percent(low, 0)}–{t.percent(high, 0)}" if low else f"≤ {t.percent(high, 0)}"
    first = int(low) + 1
    return t.number(int(high)) if first >= high else f"{t.number(first)}–{t.number(int(high))}"


def _spread(n: int) -> tuple[str, ...]:
    """n of the class colours, light to dark, as far apart as they go."""
    if n <= 1:
        return CLASS_COLOURS[2:3][:n]
    last = len(CLASS_COLOURS) - 1
    return tuple(CLASS_COLOURS[round(i * last / (n - 1))] for i in range(n))


def map_colours(table: pd.DataFrame, measure: str, t: Translator) -> MapColours:
    """The one rule: which areas mean something, the classes of this map's data, their colours
    and the legend, for a `coverage` table (oblasts, or rayons and cities)."""
    _, is_share = MEASURES[measure]
    values = _values(table, measure)
    edges = class_edges(values.dropna(), is_share)
    classes = {str(s): class_of(v, edges) for s, v in zip(table.soate, values, strict=True)}
    colours = (ZERO_COLOUR, *_spread(len(edges) - 1))
    zero = t.percent(0, 0) if is_share else t.number(0)
    legend = [LegendEntry(ZERO_COLOUR, zero)] + [
        LegendEntry(colours[k], _label(edges[k - 1], edges[k], is_share, t))
        for k in range(1, len(edges))
    ]
    if any(index is None for index in classes.values()):
        grey = t("map.no_aiyl_aimaks") if measure == "share_aiyl_aimaks" else t("legend.unknown")
        legend.append(LegendEntry(NO_DATA_COLOUR, grey))
    return MapColours(
        measure=measure, is_share=is_share, classes=classes, edges=edges,
        title=t(f"measure.{measure}"), note=t("legend.classes"), legend=tuple(legend),
        class_colours=colours,
    )
