import json
import re

import plotly.graph_objects as go
import pytest

from forumreach import coverage, events, geo, maps
from forumreach.i18n import Translator


@pytest.fixture(scope="module")
def cov(gaz):
    return coverage.summarise(events.demo_event().participants, gaz)


@pytest.fixture(scope="module")
def rayon_map(cov, gaz):
    return maps.coverage_map(geo.load_geojson("adm2"), cov.rayons, "share_aiyl_aimaks",
                             gaz.units, Translator("en"))


def test_maps_are_drawn_on_a_blank_style_with_no_tiles(rayon_map):
    layout = rayon_map.layout.map
    assert layout.style == "white-bg" and not layout.layers
    assert all(isinstance(trace, go.Choroplethmap) for trace in rayon_map.data)


def test_no_figure_names_an_address_off_the_machine(rayon_map):
    assert not re.search(r"https?://", rayon_map.to_json())


def test_areas_are_joined_to_the_geometry_by_soate(rayon_map):
    trace = rayon_map.data[0]
    assert trace.featureidkey == "properties.soate"
    feature_ids = {f["properties"]["soate"] for f in geo.load_geojson("adm2")["features"]}
    assert set(trace.locations) <= feature_ids


def test_cities_without_aiyl_aimaks_are_grey_not_missing(rayon_map, cov):
    shaded, grey = rayon_map.data
    assert len(shaded.locations) + len(grey.locations) == len(cov.rayons) == 55
    assert len(shaded.locations) == 40
    assert grey.colorscale[0][1] == maps.NO_DATA_COLOUR


def test_hover_text_is_in_the_chosen_language(cov, gaz):
    def hover(lang):
        fig = maps.coverage_map(geo.load_geojson("adm1"), cov.oblasts, "bodies_present",
                                gaz.units, Translator(lang))
        return fig.data[0].hovertext[0]

    soate = cov.oblasts.soate.iloc[0]
    assert gaz.name(soate, "ru") in hover("ru") and "Органов присутствовало" in hover("ru")
    assert gaz.name(soate, "en") in hover("en") and "Bodies present" in hover("en")


def test_the_colour_bar_is_titled_in_the_chosen_language(cov, gaz):
    fig = maps.coverage_map(geo.load_geojson("adm1"), cov.oblasts, "heads_present", gaz.units,
                            Translator("ky"))
    assert fig.data[0].colorbar.title.text == Translator("ky")("measure.heads_present")


def test_the_31_cities_are_points_coloured_by_whether_their_head_came(cov, gaz):
    traces = maps.city_traces(cov.cities, geo.city_points(), gaz.units, Translator("en"))
    assert [t.name for t in traces] == ["City: head came", "City: someone came", "City: absent"]
    assert sum(len(t.lat) for t in traces) == 31
    assert len(traces[0].lat) == cov.headline.cities_with_head
    assert [t.marker.color for t in traces] == list(maps.STATUS_COLOURS.values())


def test_city_markers_are_plain_circles_so_no_glyphs_are_fetched(cov, gaz):
    for trace in maps.city_traces(cov.cities, geo.city_points(), gaz.units, Translator("en")):
        assert trace.mode == "markers" and trace.marker.symbol is None and trace.text is None


def test_the_change_map_is_centred_on_no_change(cov, gaz):
    smaller = coverage.summarise(
        events.demo_event().participants.iloc[::2], gaz)
    change = coverage.area_change(cov, smaller)
    fig = maps.change_map(geo.load_geojson("adm2"), change, gaz.units, Translator("en"))
    trace = fig.data[0]
    assert trace.zmid == 0 and trace.zmin == -trace.zmax
    assert min(trace.z) < 0


def test_a_drill_down_map_opens_on_its_oblast(cov, gaz):
    inside = coverage.areas_in_oblast(cov, "41702000000000")
    fig = maps.coverage_map(geo.load_geojson("adm2"), inside, "bodies_present", gaz.units,
                            Translator("en"))
    assert fig.layout.map.center.lon > 76 and fig.layout.map.zoom > maps.fit_zoom(700)


def test_a_wider_map_opens_closer():
    assert maps.fit_zoom(1000) > maps.fit_zoom(500)


def test_a_click_on_an_area_names_its_soate():
    state = {"selection": {"points": [{"location": "41702000000000", "point_index": 0}]}}
    assert maps.selected_soate(state) == "41702000000000"
    city = {"selection": {"points": [{"customdata": ["41711000000000"]}]}}
    assert maps.selected_soate(city) == "41711000000000"
    assert maps.selected_soate({"selection": {"points": []}}) is None
    assert maps.selected_soate(None) is None


def test_a_figure_survives_json_for_the_browser(rayon_map):
    assert json.loads(rayon_map.to_json())["layout"]["uirevision"]
