"""The organizers' call list: who to ring for each body that sent no head, from any event."""

import dataclasses

import pandas as pd
import pytest

from forumreach import call_list, coverage
from forumreach.events import Event


def later_forum(demo: Event, without: str) -> Event:
    """A later event that nobody from the body `without` came to."""
    people = demo.participants[demo.participants.unit_soate != without]
    return dataclasses.replace(demo, slug="forum-2019", title={"en": "Forum 2019"},
                               held_on="2019-06-01", participants=people, synthetic=False)


@pytest.fixture(scope="module")
def a_head_and_the_later_forum(demo):
    heads = demo.participants[demo.participants.is_head.astype(str).eq("True")
                              & demo.participants.phone.fillna("").ne("")]
    head = heads.iloc[0]
    return head, later_forum(demo, head.unit_soate)


def test_a_body_absent_now_gets_the_phone_its_head_left_at_an_earlier_event(
        gaz, demo, a_head_and_the_later_forum):
    head, later = a_head_and_the_later_forum
    contacts = call_list.last_contacts([demo, later], "en")
    table = call_list.call_list(coverage.summarise(later.participants, gaz), contacts)
    row = table[table.soate == head.unit_soate].iloc[0]
    assert row.status == "absent"
    assert (row.contact_name, row.contact_phone, row.contact_position) == (
        head["name"], head.phone, head.position)
    assert row.contact_event == demo.title["en"]


def test_the_latest_event_wins_over_an_earlier_one(demo):
    body = demo.participants.unit_soate.dropna().iloc[0]
    again = demo.participants[demo.participants.unit_soate == body].assign(
        name="Later Person", phone="0700 000 001", is_head=False)
    later = dataclasses.replace(demo, held_on="2020-01-01", participants=again,
                                title={"en": "Later"})
    contacts = call_list.last_contacts([later, demo], "en").set_index("unit_soate")
    assert contacts.loc[body, "contact_phone"] == "0700 000 001"
    assert contacts.loc[body, "contact_event"] == "Later"


def test_rows_still_under_review_give_no_contact(demo):
    rows = demo.participants.assign(match_status="review")
    assert call_list.last_contacts([dataclasses.replace(demo, participants=rows)], "en").empty


def test_without_contacts_the_list_carries_no_personal_field(gaz, demo):
    table = call_list.call_list(coverage.summarise(demo.participants, gaz))
    assert not set(call_list.CONTACT_COLUMNS) & set(table.columns)
    assert not {"name", "phone", "email"} & set(table.columns)


def test_every_rayon_row_has_a_status(gaz, demo):
    lonely = demo.participants[~demo.participants.rayon_soate.eq("41702205000000")
                               | demo.participants.is_head.astype(str).ne("True")]
    table = call_list.call_list(coverage.summarise(lonely, gaz))
    rayons = table[table.kind == "rayon_without_head"]
    assert len(rayons) >= 1
    assert rayons.status.isin(["present", "absent"]).all()


def test_a_rayon_row_gets_the_last_contact_from_a_body_inside_it(gaz, demo):
    rayon = "41702205000000"
    nobody = demo.participants[demo.participants.rayon_soate.ne(rayon)]
    later = later_forum(demo, "")
    later = dataclasses.replace(later, participants=nobody)
    contacts = call_list.last_contacts([demo, later], "en")
    table = call_list.call_list(coverage.summarise(nobody, gaz), contacts)
    row = table[(table.kind == "rayon_without_head") & (table.soate == rayon)].iloc[0]
    assert row.status == "absent"
    came = demo.participants[demo.participants.rayon_soate.eq(rayon)]
    assert row.contact_phone in set(came.phone)


def test_an_empty_event_gives_an_empty_contact_table():
    empty = Event(slug="e", title={}, held_on="", vintage="2018", participants=pd.DataFrame())
    assert call_list.last_contacts([empty], "en").empty


def test_a_donors_list_keeps_only_the_rayons_and_bodies_that_sent_nobody(gaz, demo):
    from forumreach import privacy

    no_head, nobody = "41703225000000", "41702210000000"
    rows = demo.participants
    rows = rows[~(rows.rayon_soate.eq(no_head) & rows.is_head.astype(str).eq("True"))
                & rows.rayon_soate.ne(nobody)]
    table = call_list.call_list(coverage.summarise(rows, gaz))
    assert table.kind.eq("rayon_without_head").sum() == 2
    assert privacy.follow_up_seen(table, donor=False).equals(table)
    seen = privacy.follow_up_seen(table, donor=True)
    assert seen.status.eq("absent").all()
    assert set(seen[seen.kind == "rayon_sent_nobody"].soate) == {nobody}
    assert not seen.kind.isin(["rayon_without_head", "city_without_head"]).any()
    cities = table[table.kind == "city_without_head"]
    assert set(seen[seen.kind == "city_sent_nobody"].soate) == set(
        cities[cities.status == "absent"].soate) != set(cities.soate)
