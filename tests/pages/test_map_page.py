import pytest

from forumreach import gazetteer
from forumreach.colours import NO_DATA_COLOUR, STATUS_COLOURS

pytestmark = pytest.mark.apptest

SVG = "{http://www.w3.org/2000/svg}"


def areas(svg) -> list:
    return svg.findall(f".//{SVG}path[@data-soate]")


def points(svg) -> list:
    return svg.findall(f".//{SVG}circle[@data-soate]")


def test_the_map_page_shows_oblasts_and_the_31_cities(open_page, area_maps):
    (svg,) = area_maps(open_page("pages/map.py"))
    assert len(areas(svg)) == 9
    cities = points(svg)
    assert len(cities) == 31
    assert {city.get("fill") for city in cities} <= set(STATUS_COLOURS.values())
    legend = " ".join(svg.itertext())
    for label in ("City: head came", "City: someone came", "City: absent"):
        assert label in legend


def test_the_cities_can_be_hidden(open_page, area_maps):
    at = open_page("pages/map.py")
    at.toggle(key="map_cities").set_value(False).run()
    (svg,) = area_maps(at)
    assert len(areas(svg)) == 9 and not points(svg)


def test_the_rayon_level_shades_55_areas(open_page, area_maps):
    at = open_page("pages/map.py")
    at.radio(key="map_level").set_value("rayon").run()
    assert not at.exception
    assert len(areas(area_maps(at)[0])) == 55


def test_the_share_of_aiyl_aimaks_greys_out_cities_that_have_none(open_page, area_maps):
    at = open_page("pages/map.py")
    at.radio(key="map_level").set_value("rayon").run()
    at.radio(key="map_measure").set_value("share_aiyl_aimaks").run()
    fills = [area.get("fill") for area in areas(area_maps(at)[0])]
    assert fills.count(NO_DATA_COLOUR) == 15
    assert len(set(fills) - {NO_DATA_COLOUR}) > 1  # the 40 rayons in more than one class


def test_hover_text_follows_the_language(open_page, area_maps):
    (svg,) = area_maps(open_page("pages/map.py", lang="ru"))
    hover = [area.findtext(f"{SVG}title") for area in areas(svg)]
    assert all("Органов присутствовало" in text for text in hover)


def test_a_donor_map_offers_no_count_of_heads(open_page):
    at = open_page("pages/map.py", role="donor")
    assert "heads_present" not in at.radio(key="map_measure").options


def test_choosing_an_oblast_drills_down_to_its_rayons_and_bodies(open_page, area_maps,
                                                                  frame_with):
    at = open_page("pages/map.py")
    issyk_kul = "41702000000000"
    at.selectbox(key="map_drill_oblast").set_value(issyk_kul).run()
    assert not at.exception
    gaz = gazetteer.load("2018")
    assert at.subheader[0].value == gaz.name(issyk_kul, "en")
    country, drill = area_maps(at)
    assert len(areas(drill)) == 7  # 5 rayons, Karakol and Balykchy
    assert {area.get("data-soate") for area in areas(drill)} <= set(
        gaz.units[gaz.units.oblast_soate == issyk_kul].soate)
    # fitted to the oblast: a narrower view than the whole country's
    assert float(drill.get("viewBox").split()[2]) < float(country.get("viewBox").split()[2]) / 2
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


def test_a_donor_reads_which_bodies_of_an_area_came_but_not_whose_head_came(open_page, area_maps,
                                                                           frame_with):
    at = open_page("pages/map.py", role="donor")
    at.selectbox(key="map_drill_oblast").set_value("41706000000000").run()  # Osh oblast
    assert not at.exception
    statuses = frame_with(at, "Status")["Status"]
    assert "Head came" not in set(statuses)
    assert set(statuses) == {"Someone came", "Absent"}  # Uzgen's head came: read as present
    for svg in area_maps(at):  # the country's map and the oblast's: points and their legend
        cities = points(svg)
        assert cities
        assert STATUS_COLOURS["head"] not in {city.get("fill") for city in cities}
        assert "head came" not in " ".join(svg.itertext()).lower()


def test_a_donor_map_says_what_the_mark_of_a_hidden_count_means(open_page):
    from forumreach import privacy
    from forumreach.i18n import Translator

    hidden_mark = Translator("en")("privacy.hidden_mark", mark=privacy.SUPPRESSED)
    donor = open_page("pages/map.py", role="donor")  # Bishkek's and Osh's one head each
    assert hidden_mark in [c.value for c in donor.caption]
    assert hidden_mark not in [c.value for c in open_page("pages/map.py").caption]
