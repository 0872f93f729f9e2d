"""Import asks for the vintage, defaulting to the one in force on the event's day. The reform
is SYNTHETIC (tests/synthetic_reform.py)."""

import datetime as dt

import pytest

from forumreach import gazetteer, vintages
from forumreach.i18n import Translator
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


def matched_on(at, day, vintage=None):
    """The event's day (and a vintage picked by hand) sent with Match, as one form."""
    at.date_input(key="import_held_on").set_value(day)
    if vintage is not None:
        at.selectbox(key="import_vintage").set_value(vintage)
    at.button(key="import_match").click().run()
    assert not at.exception, at.exception
    return at.session_state["import_matched"]["now"]


def test_an_event_of_2026_is_matched_on_the_vintage_in_force_that_day(open_page, reform_2025):
    at = uploaded(open_page)
    assert at.selectbox(key="import_vintage").options[0] == "By event day (2018)"
    assert matched_on(at, dt.date(2026, 3, 12)).vintage == reform_2025
    counts = {m.label: m.value for m in at.metric}
    assert counts["Exact"] == "2"
    assert at.selectbox(key="import_vintage").options[0] == f"By event day ({reform_2025})"


def test_an_event_of_2018_stays_on_the_2018_units(open_page, reform_2025):
    at = uploaded(open_page)
    assert matched_on(at, dt.date(2018, 7, 3)).vintage == "2018"
    assert reform_2025 in at.selectbox(key="import_vintage").options


def test_a_vintage_picked_by_hand_is_kept_whatever_the_day(open_page, reform_2025):
    at = uploaded(open_page)
    assert matched_on(at, dt.date(2026, 3, 12), vintage="2018").vintage == "2018"


# What fits a third of the form at 1280 px: the ky text of 40 letters was cut at 32.
OPTION_FITS = 26


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_vintage_in_force_reads_in_full_and_the_why_is_its_help(open_page, lang):
    at = open_page("pages/import_review.py", lang=lang, role="analyst")
    at.file_uploader(key="import_file").set_value(
        ("seminar.csv", SHEET.encode(), "text/csv")).run()
    box = at.selectbox(key="import_vintage")
    assert "2018" in box.options[0] and len(box.options[0]) <= OPTION_FITS, box.options[0]
    assert box.help == Translator(lang)("import.vintage_help")


@pytest.mark.parametrize(("lang", "order"), [("ky", "DD.MM.YYYY"), ("ru", "DD.MM.YYYY"),
                                             ("en", "YYYY-MM-DD")])
def test_the_event_day_is_written_in_the_readers_order(open_page, lang, order):
    at = open_page("pages/import_review.py", lang=lang, role="analyst")
    at.file_uploader(key="import_file").set_value(
        ("seminar.csv", SHEET.encode(), "text/csv")).run()
    assert at.date_input(key="import_held_on").proto.format == order


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
@pytest.mark.parametrize(("role", "who"), [("admin", "load"), ("organizer", "ask_admin")])
def test_an_event_after_every_vintage_is_warned_which_units_it_gets_and_who_can_load_newer(
        open_page, lang, role, who):
    t = Translator(lang)
    at = open_page("pages/import_review.py", lang=lang, role=role)
    at.file_uploader(key="import_file").set_value(
        ("seminar.csv", SHEET.encode(), "text/csv")).run()
    assert not at.warning  # no day yet: nothing to say
    assert matched_on(at, dt.date(2025, 5, 20)).vintage == "2018"
    said = [w.value for w in at.warning]
    lapsed = t("import.out_of_force_after", vintage="2018", day=t.date("2025-05-20"),
               valid_from=t.date("2018-01-01"), valid_to=t.date("2024-12-31"))
    assert said == [f"{lapsed} {t(f'import.out_of_force_{who}')}"], said


def test_an_event_on_a_day_a_loaded_vintage_covers_gets_no_warning(open_page, reform_2025):
    at = uploaded(open_page)
    assert matched_on(at, dt.date(2026, 3, 12)).vintage == reform_2025
    assert not at.warning
    at.date_input(key="import_held_on").set_value(dt.date(2024, 6, 1))
    at.button(key="import_match").click().run()
    assert not at.warning
