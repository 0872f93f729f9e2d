"""Import asks for the vintage, defaulting to the one in force on the event's day. The reform
is SYNTHETIC (tests/synthetic_reform.py)."""

import datetime as dt

import pytest

from forumreach import gazetteer, vintages
from tests import synthetic_reform as reform

pytestmark = pytest.mark.apptest
SHEET = ("ФИО,Должность,Организация,Район,Область\n"
         "Асанов Б.,мэр,Мэрия г. Манас,,Джалал-Абадская\n"
         "Осмонов Н.,глава айыл окмоту,Кара-Коюнский айылный аймак,Ат-Башынский,Нарынская\n")


@pytest.fixture
def reform_2025(own_database):
    gazetteer.load.cache_clear()
    vintages.import_file(reform.reformed().to_csv(index=False).encode(), "imp2025",
                         own_database, filename="r.csv", valid_from="2025-06-01")
    yield "imp2025"
    gazetteer.load.cache_clear()


def uploaded(open_page):
    at = open_page("pages/import_review.py", role="analyst")
    at.file_uploader(key="import_file").set_value(
        ("seminar.csv", SHEET.encode(), "text/csv")).run()
    assert not at.exception, at.exception
    return at


def test_an_event_of_2026_is_matched_on_the_vintage_in_force_that_day(open_page, reform_2025):
    at = uploaded(open_page)
    assert at.selectbox(key="import_vintage_2018").value == "2018"
    at.date_input(key="import_event_day").set_value(dt.date(2026, 3, 12)).run()
    assert at.selectbox(key=f"import_vintage_{reform_2025}").value == reform_2025
    at.button(key="import_match").click().run()
    assert not at.exception, at.exception
    counts = {m.label: m.value for m in at.metric}
    assert counts["Exact"] == "2"
    assert at.session_state["import_matched"]["now"].vintage == reform_2025


def test_an_event_of_2018_stays_on_the_2018_units(open_page, reform_2025):
    at = uploaded(open_page)
    at.date_input(key="import_event_day").set_value(dt.date(2018, 7, 3)).run()
    assert at.selectbox(key="import_vintage_2018").value == "2018"
    assert reform_2025 in at.selectbox(key="import_vintage_2018").options
