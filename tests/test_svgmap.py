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
    fill = dict(re.findall(r'data-soate="(\d{14})" d="[^"]*" fill="rgb\(([^)]*)\)"', svg))
    share = oblasts.set_index("soate").share_present
    most, least = share.idxmax(), share.idxmin()
    assert sum(map(int, fill[most].split(","))) < sum(map(int, fill[least].split(",")))


def test_hover_text_is_in_the_chosen_language(oblasts):
    assert "Issyk-Kul oblast" in render(oblasts, "en")
    assert "Ысык-Көл облусу" in render(oblasts, "ky")


def test_svg_names_no_outside_address(oblasts):
    svg = render(oblasts).replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http" not in svg and "url(#fr-scale)" in svg


def test_holes_are_cut_by_the_even_odd_rule():
    issyk_kul = next(f for f in geo.load_geojson("adm1")["features"]
                     if f["properties"]["soate"] == "41702000000000")
    assert svgmap.path_data(issyk_kul["geometry"]).count("M") > 1
