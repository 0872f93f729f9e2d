"""The Reach page in a browser: the demo programme's chart and map are painted."""

import pytest
from playwright.sync_api import expect

from forumreach import events
from forumreach.i18n import Translator
from tests.browser import live

pytestmark = pytest.mark.browser
EN = Translator("en")
REACH_MAP = '[data-testid="fr-reach-map"] svg'
CHART = '[data-testid="stPlotlyChart"]'


def test_reach_paints_the_demo_programmes_chart_and_map(page, app_url):
    live.open_app(page, app_url, "reach")
    expect(page.get_by_role("heading", name=EN("page.reach"), exact=True)).to_be_visible()
    programme = page.get_by_role("combobox", name=EN("reach.programme"))
    expect(programme).to_have_value(events.demo_programme().name["en"])

    # The chart: one bar per event (new bodies) under the stepped cumulative line.
    chart = page.locator(CHART).first
    expect(chart.locator(".barlayer .point path")).to_have_count(4)
    expect(chart.locator(".scatterlayer .js-line").first).to_be_visible()
    assert chart.bounding_box()["height"] > 200
    assert live.tinted_share(chart.screenshot()) > 0.01
    # Every event's date on the axis: plotly hides a label that would stick out of the chart.
    expect(chart.locator(".xtick text")).to_have_count(4)
    shown = chart.locator(".xtick text").evaluate_all(
        "labels => labels.filter(l => getComputedStyle(l).display !== 'none').length")
    assert shown == 4

    # The map: every rayon and city shaded, several shades.
    live.wait_map_painted(page, REACH_MAP)
    svg = page.locator(REACH_MAP).first
    fills = svg.locator("path[data-soate]").evaluate_all(
        "paths => paths.map(p => p.getAttribute('fill'))")
    assert len(fills) == 55 and len(set(fills)) > 3
    assert page.locator(live.EXCEPTION).count() == 0
