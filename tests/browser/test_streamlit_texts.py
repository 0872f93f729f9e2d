"""Texts Streamlit writes itself, read in the user's language: the Import page's uploader (its
button, our 20 MB limit, the drop hint, why a file was refused), the keyboard's skip link, the
hint under a form's field, a search with no results, and `/overview`, which opens the Overview
instead of Streamlit's English "Page not found"."""

import re

import pytest
from playwright.sync_api import expect

from forumreach.i18n import Translator
from tests.browser import live

pytestmark = pytest.mark.browser

KY = Translator("ky")
KINDS = "XLSX, XLSM, XLS, ODS, CSV"
UPLOADER = ".st-key-import_file"

# What a person reads in an element: text that takes up room on the screen (not an icon's
# ligature name, not a screen reader's text clipped to 1 px) and the text a displayed element's
# ::before/::after shows.
_SHOWN_JS = """el => {
  const out = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || node.parentElement.closest('[data-testid="stIconMaterial"]'))
      continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    const holder = node.parentElement.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && holder.width > 1 && holder.height > 1)
      out.push(node.textContent.trim());
  }
  for (const element of [el, ...el.querySelectorAll('*')]) {
    if (!element.getClientRects().length) continue;
    for (const pseudo of ['::before', '::after']) {
      const style = getComputedStyle(element, pseudo);
      if (style.content.startsWith('"') && parseFloat(style.fontSize) > 0)
        out.push(style.content.slice(1, -1));
    }
  }
  return out.join('\\n');
}"""


def shown_once_it_reads(page, selector: str, text: str) -> str:
    """Everything the element shows, once it shows `text` (waits on the page, not a clock)."""
    page.wait_for_function(f"([sel, text]) => ({_SHOWN_JS})(document.querySelector(sel))"
                           ".includes(text)", arg=[selector, text], polling=100)
    return page.locator(selector).evaluate(_SHOWN_JS)


def test_the_import_uploader_reads_in_kyrgyz_with_our_20_mb_limit(page, app_url):
    live.open_app(page, app_url, "import_review", lang="ky")

    shown = shown_once_it_reads(page, UPLOADER, KY("uploader.limit", limit=20, types=KINDS))
    assert KY("uploader.browse") in shown
    assert "Upload" not in shown and "100MB" not in shown and "per file" not in shown

    page.locator(f"{UPLOADER} section").dispatch_event("dragenter", {
        "dataTransfer": page.evaluate_handle(
            "() => { const d = new DataTransfer(); "
            "d.items.add(new File(['x'], 'list.csv', {type: 'text/csv'})); return d; }")})
    shown = shown_once_it_reads(page, UPLOADER, KY("uploader.drop_here"))
    assert "Drag and drop" not in shown


def test_a_file_the_browser_refuses_says_why_in_kyrgyz(page, app_url):
    live.open_app(page, app_url, "import_review", lang="ky")
    page.locator(f"{UPLOADER} input[type=file]").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not a sheet"}])

    shown = shown_once_it_reads(page, UPLOADER, KY("uploader.refused", limit=20, types=KINDS))
    assert "notes.txt" in shown
    assert "not allowed" not in shown


def test_the_skip_link_a_forms_enter_hint_and_an_empty_search_read_in_kyrgyz(page, app_url):
    page.goto(f"{app_url}/?lang=ky")
    page.locator(live.USER_NAME).first.wait_for()
    page.keyboard.press("Tab")
    skip = '[data-testid="stSkipToContent"]'
    assert "Skip to" not in shown_once_it_reads(page, skip, KY("streamlit.skip_to_content"))

    page.locator(live.USER_NAME).first.fill("aigul")

    shown = shown_once_it_reads(page, '[data-testid="stForm"]', KY("streamlit.enter_to_submit"))
    assert "Press Enter" not in shown

    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"] input').first.click()
    page.keyboard.type("zzz")
    shown = shown_once_it_reads(page, '[role="listbox"]', KY("streamlit.no_results"))
    assert "No results" not in shown


def test_overview_under_its_own_name_opens_the_overview_without_page_not_found(page, app_url):
    live.open_app(page, app_url, "overview", lang="ky")  # the sign-in form at / then Overview

    expect(page).to_have_url(re.compile(r"/\?lang=ky"))
    expect(page.locator(live.SVG_MAP).first).to_be_visible()
    live.wait_idle(page)
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_role("dialog").count() == 0
