import json
import re

import plotly.graph_objects as go
import pytest

from forumreach import coverage, events, geo, maps
from forumreach.i18n import Translator


@pytest.fixture(scope="module")
def change(gaz):
    before = coverage.summarise(events.demo_event().participants, gaz)
    after = coverage.summarise(events.demo_event().participants.iloc[::2], gaz)
    return coverage.area_change(before, after)


@pytest.fixture(scope="module")
def change_map(change, gaz):
    return maps.change_map(geo.load_geojson("adm2"), change, gaz.units, Translator("en"))


def test_the_change_map_is_drawn_on_a_blank_style_with_no_tiles(change_map):
    layout = change_map.layout.map
    assert layout.style == "white-bg" and not layout.layers
    assert all(isinstance(trace, go.Choroplethmap) for trace in change_map.data)


def test_no_figure_names_an_address_off_the_machine(change_map):
    assert not re.search(r"https?://", change_map.to_json())


def test_areas_are_joined_to_the_geometry_by_soate(change_map):
    trace = change_map.data[0]
    assert trace.featureidkey == "properties.soate"
    feature_ids = {f["properties"]["soate"] for f in geo.load_geojson("adm2")["features"]}
    assert set(trace.locations) <= feature_ids


def test_the_change_map_is_centred_on_no_change(change_map):
    trace = change_map.data[0]
    assert trace.zmid == 0 and trace.zmin == -trace.zmax
    assert min(trace.z) < 0


def test_hover_text_is_in_the_chosen_language(change, gaz):
    fig = maps.change_map(geo.load_geojson("adm2"), change, gaz.units, Translator("ru"))
    assert gaz.name(change.soate.iloc[0], "ru") in fig.data[0].hovertext[0]


def test_a_wider_map_opens_closer():
    assert maps.fit_zoom(1000) > maps.fit_zoom(500)


def test_a_figure_survives_json_for_the_browser(change_map):
    assert json.loads(change_map.to_json())["layout"]["uirevision"]
