"""First start and sign-ins that last, in a real browser against `streamlit run serve.py`.

Each test gets its own browser context (its own cookies); the first-start test also gets its own
server, since making the first admin changes what every later visitor sees.
"""

import re

import pytest
from playwright.sync_api import expect

from forumreach import sessions
from forumreach.i18n import Translator
from tests.browser import live

pytestmark = pytest.mark.browser

EN, KY = Translator("en"), Translator("ky")
SETUP_LINK = re.compile(r"http://\S+/\?setup=[A-Za-z0-9_-]+")
ADMIN, ADMIN_PASSWORD = "aigul", "first admin of the agency"


def serve(workdir):
    return live.start_streamlit(workdir, script="serve.py")


@pytest.fixture
def first_start(tmp_path):
    """A server that has never had an account: (url, the setup link it printed)."""
    process, url = serve(tmp_path / "first")
    try:
        links = SETUP_LINK.findall((tmp_path / "first" / "streamlit.log").read_text())
        yield url, links
    finally:
        live.stop(process)


@pytest.fixture(scope="module")
def with_account(tmp_path_factory):
    """A server whose database has the browser-test organizer."""
    workdir = tmp_path_factory.mktemp("lasting")
    live.add_test_user(workdir)
    process, url = serve(workdir)
    yield url
    live.stop(process)


@pytest.fixture
def own_context(browser, request_log):
    """A browser context of the test's own: cookies from other tests never reach it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    live.guard(context, request_log)
    yield context
    context.close()
    assert not request_log.off_machine(), f"left the machine: {request_log.off_machine()}"


@pytest.fixture
def page(own_context):
    page = own_context.new_page()
    page.set_default_timeout(live.DEADLINE_MS)
    return page


def session_route(response, method: str) -> bool:
    return response.url.endswith(sessions.ROUTE) and response.request.method == method


def session_cookie(context) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == sessions.COOKIE_NAME), None)


def sidebar_says_signed_in(page, t, name, role):
    expect(page.get_by_text(t("auth.signed_in_as", name=name, role=t(f"access.role.{role}")),
                            exact=True)).to_be_visible()


def sign_in(page, url):
    page.goto(f"{url}/?lang=en")
    page.locator(live.USER_NAME).first.fill(live.TEST_USER)
    page.locator('input[type="password"]').fill(live.TEST_PASSWORD)
    with page.expect_response(lambda r: session_route(r, "POST")) as answer:
        page.get_by_role("button", name=EN("auth.sign_in")).click()
    assert answer.value.status == 204
    sidebar_says_signed_in(page, EN, live.TEST_USER, "organizer")


def test_the_first_start_link_makes_the_admin_who_lands_signed_in_on_import(
        page, own_context, first_start):
    url, links = first_start
    assert len(links) == 1 and links[0].startswith(url)

    page.goto(f"{links[0]}&lang=ky")
    expect(page.get_by_role("heading", name=KY("auth.setup_title"))).to_be_visible()
    page.get_by_label(KY("auth.name")).fill(ADMIN)
    page.get_by_label(KY("auth.password"), exact=True).fill(ADMIN_PASSWORD)
    page.get_by_label(KY("auth.password_again")).fill(ADMIN_PASSWORD)
    with page.expect_response(lambda r: session_route(r, "POST")) as answer:
        page.get_by_role("button", name=KY("auth.setup_create")).click()

    expect(page.get_by_role("heading", name=KY("page.import_review"), exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/import_review\b"))
    assert "setup=" not in page.url
    sidebar_says_signed_in(page, KY, ADMIN, "admin")
    assert answer.value.status == 204
    cookie = session_cookie(own_context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"

    # The link works once: opened again it makes nobody an admin.
    other = own_context.browser.new_context()
    try:
        again = other.new_page()
        again.goto(f"{links[0]}&lang=en")
        expect(again.get_by_text(EN("auth.setup_link_invalid"))).to_be_visible()
        expect(again.locator('input[type="password"]')).to_have_count(1)  # sign-in, not setup
    finally:
        other.close()


def test_the_demo_sends_a_visitor_of_the_import_address_to_an_account_in_their_language(
        page, first_start):
    url, _ = first_start
    page.goto(f"{url}/import_review?lang=ru")

    ru = Translator("ru")
    expect(page.get_by_text(ru("auth.needs_account"))).to_be_visible()
    expect(page.get_by_role("heading", name=ru("page.import_review"), exact=True)).to_be_visible()
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator('input[type="file"]').count() == 0
    expect(page.locator('[data-testid="stSidebar"]').get_by_text(
        "users add", exact=False).first).to_be_visible()


def test_a_reload_keeps_a_local_account_signed_in(page, with_account):
    sign_in(page, with_account)

    page.reload()

    sidebar_says_signed_in(page, EN, live.TEST_USER, "organizer")
    expect(page.locator(live.NAV_LINK, has_text=EN("page.import_review"))).to_be_visible()
    assert page.locator('input[type="password"]').count() == 0


def test_signing_out_ends_the_session_for_a_reload_too(page, own_context, with_account):
    sign_in(page, with_account)
    kept = session_cookie(own_context)

    with page.expect_response(lambda r: session_route(r, "DELETE")):
        page.get_by_role("button", name=EN("auth.sign_out")).click()
    expect(page.get_by_role("heading", name=EN("auth.title"))).to_be_visible()
    assert session_cookie(own_context) is None

    # A copy of the old cookie signs nobody in: the session ended on the server.
    own_context.add_cookies([{key: kept[key] for key in (
        "name", "value", "domain", "path", "httpOnly", "sameSite")}])
    page.reload()
    expect(page.get_by_role("heading", name=EN("auth.title"))).to_be_visible()
    expect(page.locator('input[type="password"]')).to_be_visible()
