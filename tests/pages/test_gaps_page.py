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
    data = _common._follow_up_xlsx(ref.slug, ref.version, None, "2018", "ru")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.title == "Список для связи"
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and "Что" in r)
    assert list(header) == ["Что", "Область", "Район", "Название", "Код СОАТЕ", "Статус"]
    assert sum(1 for r in rows if r and r[0] == "Отсутствовавший айыл аймак") == 381
