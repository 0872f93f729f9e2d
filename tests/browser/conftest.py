"""One Streamlit server, one Chromium and one browser context for the whole browser session.

Sharing the context shares the HTTP cache, so only the first test pays for downloading
Streamlit's and plotly's JavaScript; each test still opens its own page, which is its own
Streamlit session. Every request is recorded, per page and for the session; requests to anywhere
but this machine are aborted and fail the test that made them (see `live.py`).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import live

# `expect(...)` waits 5 s by default: too short for a busy machine (see live.DEADLINE_MS).
expect.set_options(timeout=live.DEADLINE_MS)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """URL of the session's Streamlit server (local accounts: one organizer), stopped after the
    last test."""
    workdir = tmp_path_factory.mktemp("streamlit")
    live.add_test_user(workdir)
    process, url = live.start_streamlit(workdir)
    yield url
    live.stop(process)


@pytest.fixture(scope="session")
def browser():
    if not live.CHROMIUM.exists():
        pytest.skip(f"{live.CHROMIUM} is missing: scripts/setup.sh installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = live.launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def session_requests() -> live.RequestLog:
    """Every request of the whole browser session, whichever page made it."""
    return live.RequestLog()


@pytest.fixture(scope="session")
def context(browser, session_requests):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    live.guard(ctx, session_requests)
    yield ctx
    ctx.close()


@pytest.fixture
def request_log() -> live.RequestLog:
    return live.RequestLog()


@pytest.fixture
def page(context, request_log, session_requests):
    """A new page (a new Streamlit session). Tear-down fails if anything asked for an outside
    URL while the test ran: the page, or anything else in the context (a web worker, a
    download), which only the context's log sees."""
    first = len(session_requests)
    page = context.new_page()
    page.set_default_timeout(live.DEADLINE_MS)
    page.on("request", lambda request: request_log.append(request.url))
    yield page
    page.close()
    assert not request_log.off_machine(), f"left the machine: {request_log.off_machine()}"
    during = live.RequestLog(session_requests[first:]).off_machine()
    assert not during, f"left the machine: {during}"
