import re

import pytest

from forumreach import coverage, events, gazetteer, geo, svgmap
from forumreach.colours import STATUS_COLOURS
from forumreach.i18n import Translator


@pytest.fixture(scope="module")
def oblasts():
    return coverage.by_oblast(events.demo_event().participants, gazetteer.load())


def render(oblasts, lang="en", measure="share_present"):
    return svgmap.coverage_svg(geo.load_geojson("adm1"), oblasts, measure,
                               gazetteer.load().units, Translator(lang))


def test_every_oblast_level_area_is_drawn_once(oblasts):
    svg = render(oblasts)
    codes = re.findall(r'data-soate="(\d{14})"', svg)
    assert sorted(codes) == sorted(oblasts.soate)


def test_areas_with_more_coverage_are_shaded_darker(oblasts):
    svg = render(oblasts)
    fill = dict(re.findall(r'data-soate="(\d{14})" d="[^"]*" fill="#([0-9a-f]{6})"', svg))
    share = oblasts.set_index("soate").share_present
    most, least = share.idxmax(), share.idxmin()

    def lightness(hex_colour):
        return sum(int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))

    assert lightness(fill[most]) < lightness(fill[least])


def test_the_legend_names_each_class_and_how_classes_are_made(oblasts):
    svg = render(oblasts, "ru")
    assert "В каждом классе примерно поровну территорий" in svg
    assert "100\xa0%" in svg


def test_the_report_can_leave_the_legend_out(oblasts):
    svg = svgmap.coverage_svg(geo.load_geojson("adm1"), oblasts, "share_present",
                              gazetteer.load().units, Translator("en"), legend=False)
    assert "<text" not in svg


def test_hover_text_is_in_the_chosen_language(oblasts):
    assert "Issyk-Kul oblast" in render(oblasts, "en")
    assert "Ысык-Көл облусу" in render(oblasts, "ky")


def test_svg_names_no_outside_address(oblasts):
    svg = render(oblasts).replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http" not in svg and "url(" not in svg


def test_holes_are_cut_by_the_even_odd_rule():
    issyk_kul = next(f for f in geo.load_geojson("adm1")["features"]
                     if f["properties"]["soate"] == "41702000000000")
    assert svgmap.path_data(issyk_kul["geometry"]).count("M") > 1


def test_the_31_cities_are_points_coloured_by_whether_their_head_came(oblasts):
    gaz = gazetteer.load()
    cov = coverage.summarise(events.demo_event().participants, gaz)
    marks = svgmap.city_marks(cov.cities, geo.city_points(), gaz.units, Translator("en"))
    assert len(marks) == 31
    assert sum(m.colour == STATUS_COLOURS["head"] for m in marks) == cov.headline.cities_with_head
    svg = svgmap.coverage_svg(geo.load_geojson("adm1"), oblasts, "share_present", gaz.units,
                              Translator("en"), marks=marks)
    assert len(re.findall(r'<circle data-soate="\d{14}"', svg)) == 31
    assert "City: head came" in svg and "City: absent" in svg  # the legend names each kind


def test_a_drill_down_is_fitted_to_its_own_areas():
    gaz = gazetteer.load()
    cov = coverage.summarise(events.demo_event().participants, gaz)
    inside = coverage.areas_in_oblast(cov, "41702000000000")
    geojson = geo.load_geojson("adm2")
    svg = svgmap.coverage_svg(geojson, inside, "bodies_present", gaz.units, Translator("en"),
                              bounds=svgmap.feature_bounds(geojson, set(inside.soate)))
    assert len(re.findall(r'<path data-soate=', svg)) == len(inside) == 7
    left, top, width, _ = map(float, re.search(r'viewBox="([^"]+)"', svg)[1].split())
    assert left > 0 and width < svgmap.WIDTH / 2  # Issyk-Kul lies in the east
