import re

import pytest

from forumreach import coverage, events, gazetteer, geo, svgmap
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
