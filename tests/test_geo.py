"""The shipped geometry: counts, joins to the gazetteer, topology, winding, sizes, city points."""

import json
import math

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from forumreach import DATA_DIR, GEO_DIR, geo

UNITS_CSV = DATA_DIR / "vintages" / "2018" / "units.csv"
MAX_BYTES = {"adm1": 100_000, "adm2": 350_000}
CITY_LEVELS = ["city_republican", "city_oblast", "city_rayon"]
CITY_RADIUS_KM = 5.0

# Places that must stay holes: two lakes and three enclaves of neighbouring states.
HOLES = {
    "Issyk-Kul lake": (77.25, 42.45),
    "Son-Kul lake": (75.15, 41.84),
    "Sokh enclave": (71.07, 40.04),
    "Vorukh enclave": (70.62, 39.83),
    "Shakhimardan enclave": (71.81, 39.98),
}


def read_collection(name: str) -> dict:
    return json.loads((GEO_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    return pd.read_csv(UNITS_CSV, dtype=str)


@pytest.fixture(scope="module")
def adm1() -> dict:
    return read_collection("adm1.geojson")


@pytest.fixture(scope="module")
def adm2() -> dict:
    return read_collection("adm2.geojson")


@pytest.fixture(scope="module")
def shapes1(adm1) -> dict:
    return {f["properties"]["soate"]: shape(f["geometry"]) for f in adm1["features"]}


@pytest.fixture(scope="module")
def shapes2(adm2) -> dict:
    return {f["properties"]["soate"]: shape(f["geometry"]) for f in adm2["features"]}


@pytest.fixture(scope="module")
def cities() -> dict:
    path = GEO_DIR / "cities.geojson"
    if not path.exists():
        pytest.fail("geo/cities.geojson is missing: scripts/build_geo.py could not place "
                    "every city (see its output)")
    return read_collection("cities.geojson")


def kinds(collection: dict) -> pd.Series:
    return pd.Series([f["properties"]["kind"] for f in collection["features"]]).value_counts()


def soates(collection: dict) -> list[str]:
    return [f["properties"]["soate"] for f in collection["features"]]


def signed_area(ring: list[list[float]]) -> float:
    xy = np.asarray(ring)
    return float(np.sum(xy[:-1, 0] * xy[1:, 1] - xy[1:, 0] * xy[:-1, 1]) / 2)


def polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def distance_km(geometry, lon: float, lat: float) -> float:
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57
    local = shapely.transform(geometry, lambda xy: (xy - (lon, lat)) * (kx, ky))
    return shapely.distance(local, shapely.Point(0, 0))


def test_adm1_has_7_oblasts_bishkek_and_osh(adm1):
    assert kinds(adm1).to_dict() == {"oblast": 7, "city_republican": 2}


def test_adm2_has_40_rayons_and_15_cities(adm2):
    assert kinds(adm2).to_dict() == {"rayon": 40, "city_oblast": 13, "city_republican": 2}


@pytest.mark.parametrize("name", ["adm1.geojson", "adm2.geojson"])
def test_every_feature_has_a_unique_14_digit_soate(name):
    codes = soates(read_collection(name))
    assert all(isinstance(c, str) and len(c) == 14 and c.isdigit() for c in codes)
    assert len(set(codes)) == len(codes)


def test_adm2_joins_one_to_one_to_the_level_2_map_units(adm2, units):
    level2 = units[units["level"].isin(["rayon", "city_oblast", "city_republican"])]
    assert sorted(soates(adm2)) == sorted(level2["soate"])


def test_adm1_joins_one_to_one_to_oblasts_and_republican_cities(adm1, units):
    level1 = units[units["level"].isin(["oblast", "city_republican"])]
    assert sorted(soates(adm1)) == sorted(level1["soate"])


def test_no_feature_is_a_unit_below_rayon(adm1, adm2, units):
    level_of = units.set_index("soate")["level"]
    drawn = {level_of.get(s) for s in soates(adm1) + soates(adm2)}
    assert drawn <= {"oblast", "city_republican", "rayon", "city_oblast"}


def test_geo_holds_no_polygon_file_beyond_adm1_and_adm2():
    polygon_files = {
        path.name
        for path in GEO_DIR.glob("*.geojson")
        if any(f["geometry"]["type"] != "Point" for f in read_collection(path.name)["features"])
    }
    assert polygon_files == {"adm1.geojson", "adm2.geojson"}


@pytest.mark.parametrize("level", ["adm1", "adm2"])
def test_every_geometry_is_valid_and_non_empty(level, shapes1, shapes2):
    geometries = np.array(list((shapes1 if level == "adm1" else shapes2).values()))
    assert shapely.is_valid(geometries).all()
    assert not shapely.is_empty(geometries).any()


@pytest.mark.parametrize("name", ["adm1.geojson", "adm2.geojson"])
def test_exterior_rings_run_counter_clockwise_and_holes_clockwise(name):
    for feature in read_collection(name)["features"]:
        for rings in polygons(feature["geometry"]):
            assert signed_area(rings[0]) > 0, feature["properties"]["soate"]
            assert all(signed_area(hole) < 0 for hole in rings[1:]), feature["properties"]["soate"]


@pytest.mark.parametrize("level", ["adm1", "adm2"])
def test_neighbours_share_edges_without_overlaps(level, shapes1, shapes2):
    geometries = np.array(list((shapes1 if level == "adm1" else shapes2).values()))
    assert shapely.coverage_is_valid(geometries)


@pytest.mark.parametrize("level", ["adm1", "adm2"])
def test_files_stay_within_their_size_budget(level):
    assert (GEO_DIR / f"{level}.geojson").stat().st_size <= MAX_BYTES[level]


@pytest.mark.parametrize("name", ["adm1.geojson", "adm2.geojson"])
def test_coordinates_are_rounded_to_at_most_5_decimals(name):
    for feature in read_collection(name)["features"]:
        xy = shapely.get_coordinates(shape(feature["geometry"]))
        assert np.array_equal(np.round(xy, 5), xy), feature["properties"]["soate"]


def test_every_adm2_feature_lies_within_its_adm1_feature(shapes1, shapes2, units):
    oblast_of = units.set_index("soate")["oblast_soate"]
    outside = [s for s, g in shapes2.items() if not shapes1[oblast_of[s]].covers(g)]
    assert outside == []


def test_each_adm1_feature_is_the_union_of_its_adm2_features(shapes1, shapes2, units):
    oblast_of = units.set_index("soate")["oblast_soate"]
    for oblast, outline in shapes1.items():
        parts = [g for s, g in shapes2.items() if oblast_of[s] == oblast]
        assert shapely.union_all(parts).symmetric_difference(outline).area < 1e-9, oblast


@pytest.mark.parametrize("place", sorted(HOLES))
def test_lakes_and_enclaves_stay_holes_inside_the_country(place, shapes1):
    point = shapely.Point(HOLES[place])
    shells = [shapely.Polygon(p.exterior) for g in shapes1.values() for p in shapely.get_parts(g)]
    assert any(shell.contains(point) for shell in shells)
    assert not any(g.intersects(point) for g in shapes1.values())


@pytest.mark.parametrize(("soate", "lon", "lat"), [
    ("41711000000000", 74.60, 42.87),  # Bishkek, a hole in Chui oblast upstream
    ("41721000000000", 72.80, 40.53),  # Osh, a hole in Osh oblast upstream
])
def test_bishkek_and_osh_fill_their_holes_with_their_own_features(soate, lon, lat, shapes2):
    point = shapely.Point(lon, lat)
    assert [s for s, g in shapes2.items() if g.contains(point)] == [soate]


def test_there_is_one_point_for_each_of_the_31_cities(cities, units):
    expected = units.loc[units["level"].isin(CITY_LEVELS), "soate"]
    assert len(expected) == 31
    assert sorted(soates(cities)) == sorted(expected)


def test_every_city_point_lies_within_5_km_of_its_rayon_or_city_polygon(
    cities, shapes2, units
):
    unit_of = units.set_index("soate")["rayon_soate"]
    far = {}
    for feature in cities["features"]:
        soate = feature["properties"]["soate"]
        lon, lat = feature["geometry"]["coordinates"]
        km = distance_km(shapes2[unit_of[soate]], lon, lat)
        if km > CITY_RADIUS_KM:
            far[soate] = round(float(km), 1)
    # Kara-Kul: GeoNames is right, OCHA's polygon lies 39 km off (scripts/build_geo.py).
    assert list(far) == ["41703440000010"] and far["41703440000010"] < 45


def test_only_cities_missing_from_geonames_carry_a_point_of_other_precision(cities):
    precision = {f["properties"]["soate"]: f["properties"]["precision"]
                 for f in cities["features"]}
    others = {s: p for s, p in precision.items() if p != "geonames"}
    assert others == {
        "41703220400010": "city_polygon", "41703430000010": "city_polygon",
        "41705258610020": "rayon_approximate", "41708213600010": "rayon_approximate",
        "41708222600010": "rayon_approximate",
    }
    approximate = [f["properties"]["approximate"] for f in cities["features"]]
    assert sum(approximate) == 3


def test_load_geojson_rejects_an_unknown_level():
    with pytest.raises(ValueError, match="adm3"):
        geo.load_geojson("adm3")


def test_load_geojson_parses_each_file_once():
    assert geo.load_geojson("adm2") is geo.load_geojson("adm2")


@pytest.mark.parametrize("level", ["adm1", "adm2"])
def test_representative_points_fall_inside_their_features(level, shapes1, shapes2):
    polygons_by_soate = shapes1 if level == "adm1" else shapes2
    points = geo.representative_points(level)
    assert sorted(points["soate"]) == sorted(polygons_by_soate)
    for row in points.itertuples():
        assert polygons_by_soate[row.soate].contains(shapely.Point(row.lon, row.lat)), row.soate


def test_city_points_keep_soate_as_text(tmp_path):
    path = tmp_path / "cities.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature",
        "properties": {"soate": "41711000000000", "geonameid": 1528675, "name": "Bishkek",
                       "lat": 42.87, "lon": 74.59, "source": "GeoNames"},
        "geometry": {"type": "Point", "coordinates": [74.59, 42.87]},
    }]}), encoding="utf-8")
    points = geo.city_points(path)
    assert points.to_dict("records") == [{
        "soate": "41711000000000", "lat": 42.87, "lon": 74.59, "name_en": "Bishkek",
        "source": "GeoNames", "geonameid": 1528675,
    }]


def test_city_points_explain_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="build_geo.py"):
        geo.city_points(tmp_path / "cities.geojson")
