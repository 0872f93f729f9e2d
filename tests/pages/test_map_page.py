import pytest

from forumreach import gazetteer

pytestmark = pytest.mark.apptest


def test_the_map_page_shows_oblasts_and_the_31_cities(open_page, plotly_figures, plotly_values):
    (figure,) = plotly_figures(open_page("pages/map.py"))
    areas, *cities = figure["data"]
    assert len(areas["locations"]) == 9
    assert sum(len(plotly_values(trace["lat"])) for trace in cities) == 31
    assert [trace["name"] for trace in cities] == [
        "City: head came", "City: someone came", "City: absent"]


def test_the_rayon_level_shades_55_areas(open_page, plotly_figures):
    at = open_page("pages/map.py")
    at.radio(key="map_level").set_value("rayon").run()
    assert not at.exception
    areas = plotly_figures(at)[0]["data"][0]
    assert len(areas["locations"]) == 55


def test_the_share_of_aiyl_aimaks_greys_out_cities_that_have_none(open_page, plotly_figures,
                                                                  plotly_values):
    at = open_page("pages/map.py")
    at.radio(key="map_level").set_value("rayon").run()
    at.radio(key="map_measure").set_value("share_aiyl_aimaks").run()
    shaded, grey = plotly_figures(at)[0]["data"][:2]
    assert len(shaded["locations"]) == 40 and len(grey["locations"]) == 15
    assert 0 < max(plotly_values(shaded["z"])) <= 100


def test_hover_text_follows_the_language(open_page, plotly_figures):
    hover = plotly_figures(open_page("pages/map.py", lang="ru"))[0]["data"][0]["hovertext"]
    assert any("Органов присутствовало" in text for text in hover)


def test_choosing_an_oblast_drills_down_to_its_rayons_and_bodies(open_page, plotly_figures,
                                                                  frame_with):
    at = open_page("pages/map.py")
    issyk_kul = "41702000000000"
    at.selectbox(key="map_drill_oblast").set_value(issyk_kul).run()
    assert not at.exception
    gaz = gazetteer.load("2018")
    assert at.subheader[0].value == gaz.name(issyk_kul, "en")
    drill = plotly_figures(at)[1]["data"][0]
    assert len(drill["locations"]) == 7  # 5 rayons, Karakol and Balykchy
    bodies = frame_with(at, "Status")
    assert len(bodies) == (gaz.lsg_bodies.oblast_soate == issyk_kul).sum()
    assert bodies["Status"].iloc[0] == "Head came"


def test_choosing_a_rayon_lists_its_bodies(open_page, frame_with):
    at = open_page("pages/map.py")
    at.radio(key="map_level").set_value("rayon").run()
    at.selectbox(key="map_drill_rayon").set_value("41702205000000").run()
    bodies = frame_with(at, "Status")
    gaz = gazetteer.load("2018")
    assert len(bodies) == (gaz.lsg_bodies.rayon_soate == "41702205000000").sum()
