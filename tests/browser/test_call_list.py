"""The call list in a real browser: an organizer gets a phone number left at an earlier event, an
analyst and a donor get the same list without one.

One server of this file's own, whose database holds three accounts and a later forum that a city
whose head came to the 2018 demo did not attend. Each role gets its own browser context, so no
sign-in carries over.
"""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from forumreach import auth, events, gazetteer
from forumreach.i18n import Translator
from forumreach.store import Store
from tests.browser import live

pytestmark = pytest.mark.browser

EN = Translator("en")
PASSWORD = "a password for the call list test"
WAIT_MS = live.DEADLINE_MS  # a cold server on a busy 2-core machine
ACCOUNTS = {role: f"call-list-{role}" for role in ("organizer", "analyst", "donor")}


def a_city_head_of_the_demo():
    demo = events.demo_event().participants
    cities = gazetteer.load("2018").units.query("level in ['city_oblast', 'city_rayon']").index
    heads = demo[demo.unit_soate.isin(cities) & demo.is_head.astype(str).eq("True")
                 & demo.phone.fillna("").ne("")]
    return heads.iloc[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(url, the head whose city stayed away from the later forum)."""
    workdir = tmp_path_factory.mktemp("call-list")
    store = Store(f"sqlite:///{workdir / 'app.sqlite'}")
    for role, name in ACCOUNTS.items():
        auth.create_user(store, name, role, PASSWORD)
    head = a_city_head_of_the_demo()
    demo = events.demo_event().participants
    store.save_event({"slug": "forum-2019", "title": "Forum 2019", "vintage": "2018",
                      "held_on": dt.date(2019, 6, 1)}, demo[demo.unit_soate != head.unit_soate],
                     actor="test")
    process, url = live.start_streamlit(workdir, script="serve.py")  # sign-in hands a cookie
    yield url, head
    live.stop(process)


@pytest.fixture
def context(browser, request_log):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    live.guard(context, request_log)
    yield context
    context.close()
    assert not request_log.off_machine(), f"left the machine: {request_log.off_machine()}"


def call_list_as(context, url: str, role: str):
    """Sign in as `role` on the later forum's Gaps page; the page once it shows its list."""
    page = context.new_page()
    page.set_default_timeout(live.DEADLINE_MS)
    page.goto(f"{url}/gaps?lang=en&event=forum-2019")
    page.locator(live.USER_NAME).first.fill(ACCOUNTS[role])
    page.locator('input[type="password"]').fill(PASSWORD)
    page.get_by_role("button", name=EN("auth.sign_in")).click()
    expect(page.get_by_role("button", name=EN("gaps.download_xlsx"))).to_be_visible(
        timeout=WAIT_MS)
    # A donor reads only the cities that sent nobody (one body's head is one named person).
    heading = (EN("gaps.cities_sent_nobody", n=5) if role == "donor"
               else EN("gaps.cities_without_head", n=8))
    expect(page.get_by_text(heading)).to_be_visible(timeout=WAIT_MS)
    live.wait_idle(page)
    return page


def downloaded_cells(page) -> tuple[str, set[str]]:
    with page.expect_download() as download_info:
        page.get_by_role("button", name=EN("gaps.download_xlsx")).click()
    download = download_info.value
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).worksheets[0]
    cells = {str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None}
    return download.suggested_filename, cells


def test_the_organizers_call_list_holds_the_phone_left_at_the_earlier_forum(context, server):
    url, head = server
    page = call_list_as(context, url, "organizer")
    expect(page.get_by_text(EN("gaps.contacts_hidden"))).to_have_count(0)
    name, cells = downloaded_cells(page)
    assert name.startswith("forum-2019_follow-up_")
    assert head.phone in cells and head["name"] in cells
    assert {EN("col.contact_phone"), EN("col.contact_event")} <= cells


@pytest.mark.parametrize("role", ["analyst", "donor"])
def test_the_analysts_and_donors_call_list_has_no_phone(context, server, role):
    url, head = server
    page = call_list_as(context, url, role)
    expect(page.get_by_text(EN("gaps.contacts_hidden"))).to_be_visible(timeout=WAIT_MS)
    name, cells = downloaded_cells(page)
    assert name.startswith("forum-2019_follow-up_")
    kind = "kind.city_sent_nobody" if role == "donor" else "kind.city_without_head"
    assert EN(kind) in cells  # the same list (a donor's: only what sent nobody) ...
    assert head.phone not in cells and head["name"] not in cells  # ... without contacts
    assert EN("col.contact_phone") not in cells
