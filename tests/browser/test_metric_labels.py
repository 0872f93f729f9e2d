"""Headline tiles and tables read whole in a 1280 x 800 window, in every language.

Streamlit cuts a metric's label with "…" when its tile is too narrow, and a grid hides columns
behind a scroll bar; only a browser lays the page out, so only a browser can tell.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import live

pytestmark = pytest.mark.browser
PAGES_WITH_TILES = ("", "reach", "report")  # Overview, Reach, Report
TABLE = '[data-testid="stTable"]'  # the tables by oblast (and the Overview's rural/urban)

# Any part of a metric label whose text is wider than its box is being cut off.
CLIPPED_LABELS_JS = """() => [...document.querySelectorAll('[data-testid="stMetricLabel"] *')]
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
# A static table running past the right edge of its box has columns out of sight.
CUT_TABLES_JS = """() => [...document.querySelectorAll('[data-testid="stTable"]')]
    .filter(box => box.querySelector('table').getBoundingClientRect().right
                   > box.getBoundingClientRect().right + 1)
    .map(box => box.innerText.slice(0, 40))"""


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_no_headline_label_or_oblast_table_is_cut_off_at_1280_by_800(page, app_url, lang):
    page.set_viewport_size({"width": 1280, "height": 800})
    for path in PAGES_WITH_TILES:
        live.open_app(page, app_url, path, lang)
        expect(page).to_have_url(re.compile(f"/{path}\\?"))
        expect(page.locator(TABLE).last).to_be_visible()
        live.wait_idle(page, quiet_ms=1000)
        assert page.locator('[data-testid="stMetric"]').count() >= 4, (path, lang)
        assert page.evaluate(CLIPPED_LABELS_JS) == [], (path, lang)
        assert page.evaluate(CUT_TABLES_JS) == [], (path, lang)
    assert page.locator(live.EXCEPTION).count() == 0
