"""Every column of the long-headed grids is on screen in a 1280 px window, in every language.

A grid sizes a column to its heading; past the table's right edge a column sits behind a scroll
bar nobody sees, and its values read as missing (`pages/_fit.py`). Only a browser lays the grid
out, so only a browser can tell.
"""

import re

import pytest
from playwright.sync_api import expect

from forumreach import gazetteer
from forumreach.i18n import Translator
from tests.browser import live

pytestmark = pytest.mark.browser
GRID = '[data-testid="stDataFrame"] .dvn-scroller'
OSH_OBLAST = "41706000000000"

# How far each grid on the page would scroll sideways: more than 0, some column is out of sight.
SIDEWAYS_JS = """(grid) => [...document.querySelectorAll(grid)]
    .map(scroller => scroller.scrollWidth - scroller.clientWidth)"""


def grids_scroll(page, count: int) -> list[int]:
    expect(page.locator(GRID)).to_have_count(count)
    live.wait_idle(page, quiet_ms=1000)
    return page.evaluate(SIDEWAYS_JS, GRID)


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_every_gaps_table_shows_all_its_columns_at_1280(page, app_url, lang):
    page.set_viewport_size({"width": 1280, "height": 800})
    live.open_app(page, app_url, "gaps", lang)
    expect(page).to_have_url(re.compile(r"/gaps\?"))
    # cities without head, aiyl aimaks by rayon, the absent ones (every rayon sent a head)
    assert all(px <= 1 for px in grids_scroll(page, 3)), lang
    assert page.locator(live.EXCEPTION).count() == 0


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_map_drill_down_table_shows_its_share_column_at_1280(page, app_url, lang):
    t = Translator(lang)
    page.set_viewport_size({"width": 1280, "height": 800})
    live.open_app(page, app_url, "map", lang)
    expect(page).to_have_url(re.compile(r"/map\?"))
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=t("map.drill_down"))
    box.locator("input").click()
    page.keyboard.type(gazetteer.load("2018").name(OSH_OBLAST, lang))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=gazetteer.load("2018").name(OSH_OBLAST, lang))
           ).to_be_visible()
    # the rayons of Osh oblast, and its bodies
    assert all(px <= 1 for px in grids_scroll(page, 2)), lang
    assert page.locator(live.EXCEPTION).count() == 0
