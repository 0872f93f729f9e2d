"""Geometry for a vintage that has none of its own: the 2018 polygons, looked up by unit.

The only boundaries reachable here are 2018's (OCHA COD-AB). A later vintage keeps them where
they still stand for its units: a rayon keeps its 2018 polygon (by code where the code persists,
else by name; rayons were not redrawn by the reform), an oblast likewise. A city whose limits
changed (it took in villages, lost some, or is new) gets no polygon: it is drawn as a point, and
the map says its boundaries are 2018's. A polygon is never invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from forumreach import DEFAULT_VINTAGE, gazetteer, geo, names
from forumreach.gazetteer import CITY_LEVELS, Gazetteer

POINT_COLUMNS = ["soate", "lat", "lon"]


@dataclass(frozen=True)
class VintageGeometry:
    """Polygons keyed by the vintage's codes, the units drawn as points instead, and whether
    the map must say that its boundaries are 2018's."""

    geojson: dict
    points: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=POINT_COLUMNS))
    boundaries_from: str | None = None


def _key(name: str) -> str:
    return names.skeleton(names.strip_unit_type(name) or name)


def _village_keys(gaz: Gazetteer, soate: str) -> frozenset[str]:
    held = gaz.villages[gaz.villages.unit_soate == soate]
    return frozenset(held.name_ru.map(_key))


def _counterpart(unit, old: Gazetteer) -> str | None:
    """The 2018 unit of the same kind standing for `unit`: same code, else same name."""
    kind = "city" if unit.level in CITY_LEVELS else unit.level
    same_kind = old.units[(old.units.level.isin(CITY_LEVELS) if kind == "city"
                           else old.units.level == unit.level)]
    if unit.soate in same_kind.index:
        return unit.soate
    hits = same_kind[same_kind.base_ru.map(_key) == _key(unit.base_ru)]
    return str(hits.soate.iloc[0]) if len(hits) == 1 else None


def geometry_for(level: geo.Level, gaz: Gazetteer) -> VintageGeometry:
    """The level's polygons for `gaz`'s units (adm1: oblasts; adm2: rayons and cities)."""
    base = geo.load_geojson(level)
    if gaz.meta.get("geometry"):  # a vintage with its own (the built-in 2018)
        return VintageGeometry(base)
    old = gazetteer.load(DEFAULT_VINTAGE)
    units = gaz.map1_units if level == "adm1" else gaz.map2_units
    features = {f["properties"]["soate"]: f for f in base["features"]}
    kept, pointed = [], []
    for unit in units.itertuples():
        was = _counterpart(unit, old)
        same_limits = unit.level not in CITY_LEVELS or (
            was is not None and old.units.at[was, "level"] in ("city_oblast", "city_republican")
            and _village_keys(gaz, unit.soate) == _village_keys(old, was))
        if was in features and same_limits:
            feature = features[was]
            kept.append({**feature, "properties": {**feature["properties"],
                                                   "soate": unit.soate}})
        elif unit.level in CITY_LEVELS:
            pointed.append((unit.soate, was))
    return VintageGeometry({"type": "FeatureCollection", "features": kept},
                           _points(pointed, level), DEFAULT_VINTAGE)


def _points(pointed: list[tuple[str, str | None]], level: geo.Level) -> pd.DataFrame:
    """Where to put each city without a polygon: its GeoNames point, else a point inside its
    2018 polygon; a new city with neither is left off the map rather than guessed."""
    try:
        located = geo.city_points().set_index("soate")[["lat", "lon"]]
    except FileNotFoundError:
        located = pd.DataFrame(columns=["lat", "lon"])
    inside = geo.representative_points(level).set_index("soate")[["lat", "lon"]]
    rows = []
    for soate, was in pointed:
        for source in (located, inside):
            for code in (soate, was):
                if code and code in source.index:
                    rows.append({"soate": soate, "lat": float(source.at[code, "lat"]),
                                 "lon": float(source.at[code, "lon"])})
                    break
            else:
                continue
            break
    return pd.DataFrame(rows, columns=POINT_COLUMNS)
