"""What only a browser can prove: pages render, the map paints, the language switches, a sheet
uploads through the real file input, an export downloads, and nothing leaves 127.0.0.1."""

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from forumreach import access, demo, events, export
from forumreach.i18n import Translator, catalog
from tests.browser import live

pytestmark = pytest.mark.browser

EN, KY, RU = Translator("en"), Translator("ky"), Translator("ru")


def nav(page, t, page_id):
    return page.locator(live.NAV_LINK, has_text=t(f"page.{page_id}")).first


def assert_no_exception(page):
    exceptions = page.locator(live.EXCEPTION)
    assert exceptions.count() == 0, exceptions.first.inner_text()


def test_every_page_loads_without_a_streamlit_exception(page, app_url):
    live.open_app(page, app_url)
    assert_no_exception(page)
    for page_id in access.PAGES:
        nav(page, EN, page_id).click()
        expect(page).to_have_url(re.compile(rf"/{page_id}\b|/\?|/$" if page_id == "overview"
                                            else rf"/{page_id}\b"))
        live.wait_idle(page)
        if page_id != "overview":
            heading = page.get_by_role("heading", name=EN(f"page.{page_id}"), exact=True)
            expect(heading).to_be_visible()
        assert_no_exception(page)


def test_overview_map_is_painted_with_shaded_oblasts(page, app_url):
    live.open_app(page, app_url)
    svg = page.locator(live.SVG_MAP).first
    live.wait_map_painted(page, live.SVG_MAP)
    box = svg.bounding_box()
    assert box["width"] > 200 and box["height"] > 200
    assert live.tinted_share(svg.screenshot()) > 0.05
    fills = svg.locator("path[data-soate]").evaluate_all(
        "paths => paths.map(p => p.getAttribute('fill'))")
    assert len(fills) == 9 and len(set(fills)) > 1


def test_map_page_paints_its_interactive_map_offline(page, app_url):
    live.open_app(page, app_url, "map")
    live.wait_map_painted(page, live.AREA_MAP)
    box = page.locator(live.AREA_MAP).first.bounding_box()
    assert box["width"] > 200 and box["height"] > 200
    assert page.locator(f"{live.AREA_MAP} path[data-soate]").count() == 9


def test_map_page_repaints_rayons_after_the_level_changes(page, app_url):
    live.open_app(page, app_url, "map")
    live.wait_map_painted(page, live.AREA_MAP)
    areas = page.locator(f"{live.AREA_MAP} path[data-soate]")
    assert areas.count() == 9
    page.get_by_text(EN("map.level.rayon"), exact=True).click()
    expect(areas).to_have_count(55)
    assert_no_exception(page)


def test_a_click_on_an_area_drills_down_and_hover_names_it(page, app_url):
    live.open_app(page, app_url, "map")
    live.wait_map_painted(page, live.AREA_MAP)
    naryn = page.locator(f'{live.AREA_MAP} path[data-soate="41704000000000"]')
    naryn.hover()
    expect(page.locator(".fr-area-map .fr-tip").first).to_contain_text("Naryn oblast")
    naryn.click()
    expect(page.get_by_role("heading", name="Naryn oblast", exact=True)).to_be_visible()
    expect(naryn).to_have_class(re.compile("fr-chosen"))
    # the oblast's own map: its rayons and Naryn city, fitted to it
    inside = page.locator(live.AREA_MAP).nth(1)
    expect(inside.locator("path[data-soate]")).to_have_count(6)
    # a rayon there goes on to it at the rayon level (a city's point may sit on its middle)
    inside.locator('path[data-soate="41704220000000"]').dispatch_event("click")
    expect(page.get_by_role("heading", name="At-Bashy rayon", exact=True)).to_be_visible()
    expect(page.locator(f"{live.AREA_MAP} path[data-soate]")).to_have_count(55)


def test_an_area_is_chosen_with_the_keyboard(page, app_url):
    live.open_app(page, app_url, "map", lang="ky")
    live.wait_map_painted(page, live.AREA_MAP)
    talas = page.locator(f'{live.AREA_MAP} path[data-soate="41707000000000"]')
    talas.focus()
    expect(page.locator(".fr-area-map .fr-tip").first).to_contain_text("Талас облусу")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Талас облусу", exact=True)).to_be_visible()


def test_language_selector_switches_the_labels(page, app_url):
    live.open_app(page, app_url, "gaps", lang="en")
    expect(nav(page, EN, "map")).to_be_visible()
    page.locator('[data-testid="stSelectbox"]', has_text=EN("sidebar.language")).click()
    page.get_by_role("option", name=catalog("ky")["lang.name"]).click()
    expect(nav(page, KY, "map")).to_be_visible()
    expect(page.get_by_role("heading", name=KY("page.gaps"), exact=True)).to_be_visible()
    expect(page.get_by_text(KY("gaps.download_xlsx")).first).to_be_visible()
    expect(page).to_have_url(re.compile(r"lang=ky"))
    assert page.locator(live.NAV_LINK, has_text=EN("page.participants")).count() == 0


def test_language_in_the_url_is_applied_on_first_load(page, app_url):
    live.open_app(page, app_url, "gaps", lang="ru")
    expect(page.get_by_role("heading", name=RU("page.gaps"), exact=True)).to_be_visible()
    expect(nav(page, RU, "overview")).to_be_visible()


def test_sheet_uploads_through_the_real_file_input_and_matches(page, app_url):
    live.open_app(page, app_url, "import_review")
    page.locator('input[type="file"]').set_input_files(str(demo.registration_sheet()))
    expect(page.get_by_text(EN("import.header_title")).first).to_be_visible()
    page.get_by_role("button", name=EN("import.match")).click()
    expect(page.get_by_text(EN("import.result_title")).first).to_be_visible()
    live.wait_idle(page)
    assert_no_exception(page)


def test_follow_up_list_downloads_as_an_xlsx_named_after_event_and_day(page, app_url):
    live.open_app(page, app_url, "gaps")
    with page.expect_download() as download_info:
        page.get_by_role("button", name=EN("gaps.download_xlsx")).click()
    download = download_info.value
    assert download.suggested_filename == export.filename(
        events.DEMO_SLUG, "follow-up", "xlsx", on=date.today())
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).worksheets[0]
    assert sheet.max_row > 3
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_the_request_guard_records_and_blocks_an_outside_address(
        page, app_url, request_log, session_requests):
    page.goto(f"{app_url}/_stcore/health")  # any page of the app's origin will do
    reached = page.evaluate(
        "() => fetch('https://tile.openstreetmap.org/0/0/0.png').then(() => true, () => false)")
    assert reached is False
    assert request_log.off_machine() == ["https://tile.openstreetmap.org/0/0/0.png"]
    request_log.clear()  # the guard did its job; the tear-down check is for accidental requests
    session_requests.remove("https://tile.openstreetmap.org/0/0/0.png")


def test_no_request_of_a_map_visit_left_the_machine_workers_included(
        page, app_url, session_requests):
    """The context's log, not only the page's: web workers and a download are seen there
    (every test's tear-down checks it too; this test makes the visit itself)."""
    first = len(session_requests)
    live.open_app(page, app_url, "map")
    live.wait_map_painted(page, live.AREA_MAP)
    visit = live.RequestLog(session_requests[first:])
    assert any(url.startswith(app_url) for url in visit)  # the log did record the visit
    assert not visit.off_machine()
