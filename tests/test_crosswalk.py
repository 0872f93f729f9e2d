"""The crosswalk from 2018 to a SYNTHETIC reform (tests/synthetic_reform.py), and events carried
across it."""

from __future__ import annotations

import pandas as pd
import pytest

from forumreach import coverage, crosswalk, gazetteer, vintages
from forumreach.schema import NOT_LSG
from forumreach.store import Store
from tests import synthetic_reform as reform
from tests.store_db import test_db_url

NAME = "cw-reform"


@pytest.fixture(scope="module")
def reformed(tmp_path_factory):
    """The reform stored once for this module, found by `gazetteer.load` like any vintage."""
    url = test_db_url(tmp_path_factory.mktemp("cw"))
    patch = pytest.MonkeyPatch()
    patch.setenv("FORUMREACH_DB_URL", url)
    gazetteer.load.cache_clear()
    data = reform.reformed().to_csv(index=False).encode()
    vintages.import_file(data, NAME, Store(url), filename="reform.csv")
    yield gazetteer.load(NAME)
    gazetteer.load.cache_clear()
    patch.undo()


@pytest.fixture(scope="module")
def table(reformed):
    return crosswalk.crosswalk(gazetteer.load("2018"), reformed)


def test_every_old_body_is_linked_to_the_body_that_now_holds_its_villages(table):
    links = crosswalk.primary_links(table)
    old_bodies = gazetteer.load("2018").lsg_bodies.soate
    expected = reform.expected_links()
    assert set(links) == set(old_bodies)
    assert {old: links[old] for old in old_bodies if links[old] != expected.get(old, old)} == {}


def test_merged_and_moved_bodies_are_found_by_village_name_and_flagged_ok(table):
    moved = table[table.old_soate.isin(reform.expected_links())]
    assert set(moved.flag) == {"ok"}
    assert set(moved.share) == {1.0}
    assert moved.matched_by.str.startswith("name").all()
    assert table.set_index("old_soate").loc[reform.RENAMED_CITY[0], "matched_by"] == "code"


def test_a_body_split_between_two_new_bodies_is_flagged_for_a_person(reformed):
    villages = reformed.villages.copy()
    ak_bulun = villages.unit_soate == "41702205805000"
    first = villages.index[ak_bulun][0]
    villages.loc[first, "unit_soate"] = "41702205812000"  # one village went elsewhere
    split = gazetteer.Gazetteer(NAME, reformed.units, reformed.aliases, reformed.meta, villages)
    rows = crosswalk.crosswalk(gazetteer.load("2018"), split)
    ak_bulun_rows = rows[rows.old_soate == "41702205805000"]
    assert set(ak_bulun_rows.flag) == {"split"}
    assert len(ak_bulun_rows) == 2 and ak_bulun_rows.share.sum() == pytest.approx(1.0)


def test_a_body_whose_villages_are_nowhere_is_unmatched_not_guessed(reformed):
    villages = reformed.villages[~reformed.villages.name_ru.isin(
        gazetteer.load("2018").villages.query("unit_soate == '41706226816000'").name_ru)]
    gone = gazetteer.Gazetteer(NAME, reformed.units, reformed.aliases, reformed.meta, villages)
    rows = crosswalk.crosswalk(gazetteer.load("2018"), gone)
    row = rows[rows.old_soate == "41706226816000"].iloc[0]
    assert row.flag == "unmatched" and row.new_soate == ""


def test_a_2018_event_carried_to_the_reform_counts_merged_bodies_once(reformed):
    parts = pd.DataFrame({
        "source_row": [2, 3, 4], "unit_soate": ["41702205805000", "41702205807000", NOT_A_BODY],
        "rayon_soate": ["41702205000000", "41702205000000", "41702205000000"],
        "oblast_soate": ["41702000000000"] * 3, "match_status": ["exact", "exact", "not_lsg"],
        "role": ["head", "head", "other"], "is_head": [True, True, False],
        "is_lsg": [True, True, False],
    })
    carried = crosswalk.to_vintage(parts, "2018", NAME)
    assert carried.unit_soate.tolist()[:2] == ["41702205805000", "41702205805000"]
    assert carried.unit_soate_before.tolist()[:2] == ["41702205805000", "41702205807000"]
    head = coverage.headline(carried, reformed)
    assert head.lsg_bodies_present == 1 and head.lsg_bodies_total == 479


NOT_A_BODY = NOT_LSG


def test_a_later_vintage_keeps_2018_polygons_and_draws_a_city_with_new_limits_as_a_point(
        reformed):
    from forumreach import geo, vintage_geo

    shapes = vintage_geo.geometry_for("adm2", reformed)
    drawn = {f["properties"]["soate"] for f in shapes.geojson["features"]}
    assert set(reformed.rayons.soate) <= drawn  # every rayon keeps its 2018 polygon
    assert reform.RENAMED_CITY[0] in drawn  # Manas: renamed, limits unchanged
    assert reform.OSH not in drawn and shapes.points.soate.tolist() == [reform.OSH]
    assert len(drawn) < len(geo.load_geojson("adm2")["features"])  # nothing invented
    assert shapes.boundaries_from == "2018"
    assert vintage_geo.geometry_for("adm2", gazetteer.load("2018")).boundaries_from is None


def test_reach_puts_an_older_event_on_the_newer_units_and_counts_a_merged_body_once(reformed):
    """A 2018 event at Берю-Баш and a later one at Ак-Булун, which absorbed it: one body."""
    from forumreach import events, reach
    from tests.test_reach import sheet

    store = Store()
    store.save_event({"slug": "before", "title": "Before", "vintage": "2018",
                      "held_on": "2019-05-01"},
                     sheet("before", [("41702205807000", "head", "exact")],
                           gazetteer.load("2018")).drop(columns="event"))
    store.save_event({"slug": "after", "title": "After", "vintage": NAME,
                      "held_on": "2026-05-01"},
                     sheet("after", [("41702205805000", "head", "exact")],
                           reformed).drop(columns="event"))
    assert events.newest_vintage(store.list_events().vintage) == NAME
    table, participants = events.stored_reach_input(store, NAME)
    assert dict(zip(table.event, table.vintage, strict=True)) == {"before": "2018",
                                                                   "after": NAME}
    assert set(participants.unit_soate) == {"41702205805000"}
    assert reach.summarise(table, participants, reformed).headline["unique_bodies_reached"] == 1
    older_only, _ = events.stored_reach_input(store, "2018")
    assert older_only.event.tolist() == ["before"]  # the reform's units are not split back
