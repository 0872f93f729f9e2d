"""Compare puts a 2018 event and an event on a newer vintage on the same units, and says so.
The newer vintage is the SYNTHETIC reform of tests/synthetic_reform.py."""

import datetime as dt

import pytest

from forumreach import coverage, crosswalk, events, gazetteer, svgmap, vintages
from tests import synthetic_reform as reform

pytestmark = pytest.mark.apptest
NEW = "cmp2025"


@pytest.fixture
def seminar_2026(own_database):
    """The demo forum's people, met again in 2026 on the reformed units, Issyk-Kul excepted."""
    gazetteer.load.cache_clear()
    vintages.import_file(reform.reformed().to_csv(index=False).encode(), NEW, own_database,
                         filename="r.csv", valid_from="2025-06-01")
    carried = crosswalk.to_vintage(events.demo_event().participants, "2018", NEW)
    later = carried[carried.oblast_soate != "41702000000000"].drop(
        columns=["unit_soate_before", "crosswalk_flag"])
    own_database.save_event({"slug": "seminar-2026", "title": "Seminar 2026", "vintage": NEW,
                             "held_on": dt.date(2026, 3, 12)}, later, actor="test")
    yield later
    gazetteer.load.cache_clear()


def test_a_2018_event_and_a_2026_event_are_compared_on_the_newer_units(seminar_2026, open_page,
                                                                       plotly_figures):
    at = open_page("pages/compare.py")
    assert at.info[0].value.startswith(f"Both events are shown on the units of “{NEW}”")
    demo_on_new = coverage.summarise(
        crosswalk.to_vintage(events.demo_event().participants, "2018", NEW), gazetteer.load(NEW))
    later = coverage.summarise(seminar_2026, gazetteer.load(NEW))
    assert [m.value for m in at.metric][::2] == [
        f"{demo_on_new.headline.lsg_bodies_present} / 479",
        f"{later.headline.lsg_bodies_present} / 479"]
    (change_map,) = plotly_figures(at)
    notes = [a["text"] for a in change_map["layout"]["annotations"]]
    assert "Boundaries as of 2018: no map of the new limits exists." in notes
    polygons, points = change_map["data"]
    assert len(polygons["geojson"]["features"]) == 54  # Osh took in villages: no polygon
    assert points["name"] == "Cities whose limits changed (as points)"
    assert points["customdata"] == [reform.OSH]


def test_the_map_of_a_2026_event_draws_2018_boundaries_and_says_so(seminar_2026, open_page,
                                                                    area_maps):
    at = open_page("pages/map.py")
    at.session_state["event"] = "seminar-2026"
    at.radio(key="map_level").set_value("rayon").run()
    assert not at.exception, at.exception
    assert "Boundaries as of 2018: no map of the new limits exists." in [
        c.value for c in at.caption]
    (svg,) = area_maps(at)
    changed = [mark for mark in svg.iter("{http://www.w3.org/2000/svg}circle")
               if mark.get("fill") == svgmap.CHANGED_LIMITS_COLOUR and mark.get("data-soate")]
    assert [mark.get("data-soate") for mark in changed] == [reform.OSH]
    assert "Cities whose limits changed (as points)" in " ".join(svg.itertext())


def test_the_overview_map_of_a_2026_event_says_its_boundaries_are_2018s(seminar_2026,
                                                                        open_page):
    at = open_page("pages/overview.py")
    at.session_state["event"] = "seminar-2026"
    at.run()
    assert not at.exception, at.exception
    assert "Boundaries as of 2018: no map of the new limits exists." in [
        c.value for c in at.caption]
