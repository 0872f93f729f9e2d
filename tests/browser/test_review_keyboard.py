"""A review done with the keyboard: move between rows, choose a candidate, accept, not LSG."""

import pytest
from playwright.sync_api import expect

from forumreach import ROOT
from forumreach.i18n import Translator
from tests.browser import live

pytestmark = pytest.mark.browser

EN = Translator("en")
SHEET = ROOT / "tests" / "fixtures" / "weak_fuzzy_and_two_same_named_aiyl_aimaks.csv"


def press(page, key):
    """One key pressed on the page itself (never inside a text field), then the rerun."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press(key)
    live.wait_idle(page)


def queue_title(n):
    return EN("import.review_title", n=n)


def test_a_review_is_done_with_the_keyboard(page, app_url):
    live.open_app(page, app_url, "import_review")
    expect(page.get_by_text(EN("import.upload"), exact=True)).to_be_visible()
    page.locator('input[type="file"]').set_input_files(str(SHEET))
    page.get_by_role("button", name=EN("import.match")).click()
    expect(page.get_by_text(queue_title(2))).to_be_visible()
    live.wait_idle(page)
    row_box = page.get_by_role("combobox", name=EN("import.row"))
    expect(row_box).to_have_value(EN("import.row_label", row=2,
                                       organisation="Ак-Кудукский айылный аймак"))
    accept = page.get_by_role("button", name=EN("import.accept"))
    expect(accept).to_be_disabled()  # nothing is pre-selected

    press(page, "j")  # next row: the weak one
    expect(row_box).to_have_value(EN("import.row_label", row=3,
                                       organisation="Тегизчилдин а/о"))
    press(page, "n")  # not an LSG body; the queue moves on by itself
    expect(page.get_by_text(queue_title(1))).to_be_visible()
    expect(row_box).to_have_value(EN("import.row_label", row=2,
                                       organisation="Ак-Кудукский айылный аймак"))

    press(page, "2")  # the second candidate: Ак-Кудук of Ысык-Ата rayon
    # One way to choose: the candidate buttons; the chosen one, and only it, is marked.
    expect(page.locator('[data-testid="stRadio"]')).to_have_count(0)
    chosen = page.locator('.st-key-review_candidates [data-testid="stBaseButton-primary"]')
    expect(chosen).to_have_count(1)
    expect(page.locator(".st-key-review_choose_2")).to_contain_text("Ysyk-Ata rayon")
    expect(page.locator('.st-key-review_choose_2 [data-testid="stBaseButton-primary"]')
           ).to_have_count(1)
    expect(accept).to_be_enabled()
    press(page, "a")
    expect(page.get_by_text(EN("import.nothing_to_review"))).to_be_visible()
    expect(page.get_by_text(EN("review.decided_here", n=2, accepted=1, not_lsg=1))
           ).to_be_visible()
    expect(page.get_by_text(EN("review.left"))).to_be_visible()
    assert page.locator(live.EXCEPTION).count() == 0
