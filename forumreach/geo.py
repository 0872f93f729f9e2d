"""Loads the derived geometry in geo/ for the maps (SVG, and plotly on Compare).

Pure Python (no streamlit) so pages and tests share one loader; the pages wrap these in
`st.cache_data` if they need to. The polygons stop at rayon and city level: there are no
aiyl-aimak polygons anywhere, so finer units are drawn as points (see `representative_points`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pandas as pd
import shapely
from shapely.geometry import shape

from forumreach import GEO_DIR

Level = Literal["adm1", "adm2"]
LEVELS: tuple[Level, ...] = ("adm1", "adm2")

# For px.choropleth_map(..., featureidkey=FEATURE_ID_KEY) / go.Choroplethmap. The files are
# wound per RFC 7946, which that MapLibre trace expects; the older go.Choropleth (geo
# projection) wants the opposite winding and is not what the app uses.
FEATURE_ID_KEY = "properties.soate"


@lru_cache(maxsize=4)
def load_geojson(level: Level) -> dict:
    """The parsed FeatureCollection, read once per process.

    The same dict is handed to every caller (plotly only reads it); copy before changing it.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown geometry level {level!r}; expected one of {LEVELS}")
    return json.loads((GEO_DIR / f"{level}.geojson").read_text(encoding="utf-8"))


def map_units(level: Level) -> pd.DataFrame:
    """Feature properties as a table, one row per polygon, for joins before drawing."""
    features = load_geojson(level)["features"]
    return pd.DataFrame([f["properties"] for f in features]).astype({"soate": str})


def representative_points(level: Level) -> pd.DataFrame:
    """One point guaranteed inside each polygon (unlike a centroid), for markers and labels.

    Aiyl aimaks have no polygons, so maps below rayon level place their markers here.
    """
    return _representative_points(level).copy()


@lru_cache(maxsize=4)
def _representative_points(level: Level) -> pd.DataFrame:
    rows = []
    for feature in load_geojson(level)["features"]:
        point = shapely.get_coordinates(shape(feature["geometry"]).representative_point())[0]
        rows.append({"soate": feature["properties"]["soate"], "lat": point[1], "lon": point[0]})
    return pd.DataFrame(rows, columns=["soate", "lat", "lon"])


def city_points(path: Path | None = None) -> pd.DataFrame:
    """City locations (GeoNames) as soate, lat, lon, name_en, source, geonameid.

    Raises FileNotFoundError with the reason when the build could not place every city.
    """
    path = path or GEO_DIR / "cities.geojson"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: scripts/build_geo.py writes it only when every city has a "
            "GeoNames point inside its own rayon or city polygon"
        )
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    rows = [
        {
            "soate": str(f["properties"]["soate"]),
            "lat": f["geometry"]["coordinates"][1],
            "lon": f["geometry"]["coordinates"][0],
            "name_en": f["properties"]["name"],
            "source": f["properties"]["source"],
            "geonameid": f["properties"]["geonameid"],
        }
        for f in features
    ]
    return pd.DataFrame(rows, columns=["soate", "lat", "lon", "name_en", "source", "geonameid"])
