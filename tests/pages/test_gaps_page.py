import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.apptest


def test_every_rayon_sent_a_head_at_the_demo(open_page):
    at = open_page("pages/gaps.py")
    assert at.success[0].value == "Every rayon sent at least one head."
    assert at.subheader[0].value == "Rayons with no head: 0"


def test_the_seven_cities_without_head_are_listed_by_name(open_page, frame_with,
                                                          demo_coverage):
    cities = frame_with(open_page("pages/gaps.py"), "Type")
    assert len(cities) == 7
    assert set(cities["Status"]) <= {"Absent", "Someone came"}
    assert len(demo_coverage.cities_without_head) == 7


def test_absent_aiyl_aimaks_can_be_narrowed_to_one_rayon(open_page, frame_with):
    at = open_page("pages/gaps.py")
    assert len(frame_with(at, "SOATE code")) == 453 - 72
    at.multiselect(key="gaps_rayon_filter").set_value(["41702205000000"]).run()
    narrowed = frame_with(at, "SOATE code")
    assert 0 < len(narrowed) < 20 and set(narrowed["Rayon"]) == {"Ak-Suu rayon"}


def test_the_follow_up_list_downloads_as_a_workbook_in_the_chosen_language(open_page):
    from pages import _common

    at = open_page("pages/gaps.py", lang="ru")
    assert at.get("download_button")
    ref = _common._demo_ref()
    data = _common._follow_up_xlsx(ref, "ru")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.title == "Список для связи"
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and "Что" in r)
    assert list(header) == ["Что", "Область", "Район", "Название", "Код СОАТЕ", "Статус"]
    assert sum(1 for r in rows if r and r[0] == "Отсутствовавший айыл аймак") == 381


CONTACT = {"Contact", "Contact's position", "Phone", "Known from event"}


def test_an_organizer_sees_whom_to_ring_for_a_city_without_head(open_page, frame_with):
    cities = frame_with(open_page("pages/gaps.py", role="organizer"), "Type")
    assert set(cities.columns) >= CONTACT
    assert cities["Phone"].str.match(r"0\d{3} \d{3} \d{3}").sum() >= 3
    assert set(cities["Status"]) <= {"Absent", "Someone came"}


@pytest.mark.parametrize(("role", "cities_listed"), [("analyst", 7), ("donor", 4)])
def test_analysts_and_donors_get_lists_without_contacts(open_page, frame_with, role,
                                                        cities_listed):
    at = open_page("pages/gaps.py", role=role)
    cities = frame_with(at, "Type")
    assert len(cities) == cities_listed
    assert CONTACT.isdisjoint(cities.columns)
    assert at.caption[1].value.startswith("Contacts (name, position, phone) are shown to")
    assert all(CONTACT.isdisjoint(df.value.columns) for df in at.dataframe)


def city_names(cov, status: set[str]) -> set[str]:
    from forumreach import gazetteer

    units = gazetteer.load("2018")
    return {units.name(s, "en") for s in cov.cities[cov.cities.status.isin(status)].soate}


@pytest.mark.parametrize("role", ["analyst", "organizer"])
def test_organizers_and_analysts_still_see_the_cities_with_no_head(open_page, frame_with,
                                                                   demo_coverage, role):
    at = open_page("pages/gaps.py", role=role)
    assert [h.value for h in at.subheader[:2]] == ["Rayons with no head: 0",
                                                   "Cities with no head: 7"]
    cities = frame_with(at, "Type")
    assert set(cities["Status"]) == {"Absent", "Someone came"}
    assert set(cities["Name"]) == city_names(demo_coverage, {"absent", "present"})


def test_a_donor_sees_only_the_cities_that_sent_nobody_so_no_head_that_came_shows(
        open_page, frame_with, demo_coverage):
    at = open_page("pages/gaps.py", role="donor")
    headings = [h.value for h in at.subheader]
    assert headings[:2] == ["Rayons that sent nobody: 0", "Cities that sent nobody: 4"]
    assert not [h for h in headings if "no head" in h]
    assert at.success[0].value == "Every rayon sent someone."
    cities = frame_with(at, "Type")
    assert set(cities["Status"]) == {"Absent"}
    assert set(cities["Name"]) == city_names(demo_coverage, {"absent"})
    assert set(cities["Name"]).isdisjoint(city_names(demo_coverage, {"present", "head"}))


def test_the_donors_workbook_from_the_gaps_page_lists_only_bodies_that_sent_nobody(
        open_page, monkeypatch):
    from pages import _common

    made = []
    real = _common._follow_up_xlsx

    def recorded(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(_common, "_follow_up_xlsx", recorded)
    open_page("pages/gaps.py", lang="ru", role="donor")
    rows = list(load_workbook(io.BytesIO(made[-1])).worksheets[0].iter_rows(values_only=True))
    header = next(r for r in rows if r and "Что" in r)
    body = [dict(zip(header, r, strict=True)) for r in rows[rows.index(header) + 1:] if any(r)]
    assert {r["Статус"] for r in body} == {"Не приехал"}
    assert {r["Что"] for r in body} == {"Город, не приславший никого",
                                        "Отсутствовавший айыл аймак"}
    assert len(body) == 4 + 381
    assert not [r for r in rows for v in r if v and "без главы" in str(v)]


def test_shares_on_the_gaps_page_use_the_russian_decimal_comma(open_page, frame_with):
    by_rayon = frame_with(open_page("pages/gaps.py", lang="ru"), "Доля представленных айыл аймаков")
    shares = by_rayon["Доля представленных айыл аймаков"]
    assert shares.str.fullmatch(r"\d+,\d\s%").all(), shares.head().tolist()


def save_forum_without(store, unit_soate: str) -> None:
    import datetime as dt

    from forumreach import events

    demo = events.demo_event().participants
    store.save_event({"slug": "forum-2019", "title": "Forum 2019", "vintage": "2018",
                      "held_on": dt.date(2019, 6, 1)}, demo[demo.unit_soate != unit_soate],
                     actor="test")


def a_city_whose_head_came_to_the_demo():
    from forumreach import events, gazetteer

    demo = events.demo_event().participants
    cities = gazetteer.load("2018").units.query("level in ['city_oblast', 'city_rayon']").index
    heads = demo[demo.unit_soate.isin(cities) & demo.is_head.astype(str).eq("True")]
    return heads.iloc[0]


def test_an_organizer_rings_a_city_absent_now_on_the_number_from_the_earlier_forum(
        own_database, open_page, frame_with):
    head = a_city_whose_head_came_to_the_demo()
    save_forum_without(own_database, head.unit_soate)
    at = open_page("pages/gaps.py", role="organizer")
    at.session_state["event"] = "forum-2019"
    at.run()
    cities = frame_with(at, "Type")
    assert head.phone in set(cities["Phone"])
    row = cities[cities["Phone"] == head.phone].iloc[0]
    assert row["Status"] == "Absent" and row["Contact"] == head["name"]


def test_the_organizers_workbook_has_contacts_and_the_analysts_has_none(own_database):
    from forumreach import call_list, events
    from pages import _common

    head = a_city_whose_head_came_to_the_demo()
    save_forum_without(own_database, head.unit_soate)
    later = own_database.list_events().iloc[0]
    ref = _common.EventRef("forum-2019", "v", {"en": "Forum 2019"}, "2019-06-01", "2018",
                           event_id=int(later.id))
    contacts = call_list.last_contacts([events.demo_event()], "en")
    with_contacts = _common._follow_up_xlsx(ref, "en", contacts=contacts)
    without = _common._follow_up_xlsx(ref, "en")

    def cells(data):
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        return {str(v) for row in sheet.iter_rows(values_only=True) for v in row if v}

    assert head.phone in cells(with_contacts) and "Phone" in cells(with_contacts)
    assert head.phone not in cells(without) and "Phone" not in cells(without)


def test_absent_bodies_link_to_their_history_on_the_reach_page(open_page):
    at = open_page("pages/gaps.py", role="analyst")
    absent = at.dataframe[-1].value  # the last table: the absent aiyl aimaks
    assert len(absent) > 0
    assert absent["History"].str.match(r"reach\?body=\d{14}&lang=en$").all()


@pytest.mark.parametrize(("lang", "title", "not_this"), [
    ("ru", "Неохваченные", "Пробелы"),  # "Пробелы" reads as blank spaces between words
    ("ky", "Камтылбагандар", "Боштуктар"),  # "Боштуктар" reads as empty spaces likewise
])
def test_the_gaps_page_is_named_for_those_the_event_did_not_reach(open_page, lang, title,
                                                                  not_this):
    at = open_page("pages/gaps.py", lang=lang)
    assert at.title[0].value == title
    assert not_this not in at.title[0].value
