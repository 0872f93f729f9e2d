"""The Import page's checks before an event counts: unresolved rows, reopening, duplicates."""

import pytest

from forumreach import pipeline, privacy
from forumreach.i18n import Translator
from tests.conftest import FIXTURES

pytestmark = pytest.mark.apptest

T = Translator("en")
SHEET = FIXTURES / "title_rows_merged_cells_oblast_sections.xlsx"  # 5 rows, 1 to review
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TWICE = FIXTURES / "online_form_sent_twice_no_gender.csv"


def matched(open_page, sheet=SHEET, mime=XLSX):
    at = open_page("pages/import_review.py", role="organizer")
    at.file_uploader(key="import_file").set_value((sheet.name, sheet.read_bytes(), mime)).run()
    at.button(key="import_match").click().run()
    assert not at.exception, at.exception
    return at


def save(at, slug="rayon-meeting"):
    at.text_input(key="import_slug").set_value(slug)
    at.button(key="FormSubmitter:import_save_form-Save").click().run()
    assert not at.exception, at.exception
    return at


def test_saving_unresolved_rows_waits_for_a_tick_then_the_event_says_how_many(
        own_database, open_page):
    at = save(matched(open_page))
    assert at.error[-1].value == T("import.save_error", detail=T(
        "import.confirm_unresolved_first", n="1"))
    assert own_database.list_events().empty

    at.checkbox(key="import_confirm_unresolved").check()
    save(at)
    assert at.success[-1].value.startswith("Saved")
    events = own_database.list_events()
    assert events.slug.tolist() == ["rayon-meeting"] and events.n_unresolved.tolist() == [1]
    overview = open_page(role="organizer")
    overview.selectbox(key="_event_widget").set_value("rayon-meeting").run()
    assert T("event.rows_unresolved", n="1") in [w.value for w in overview.warning]
    parts = next(c.value for c in overview.caption if "participants in all" in c.value)
    assert parts.endswith("1 not reviewed yet.")  # the parts add up to the total
    label = overview.selectbox(key="_event_widget").format_func("rayon-meeting")
    assert label.endswith(T("event.label_unresolved", title="", n="1").strip())
    donor = open_page(role="donor")
    assert donor.selectbox(key="_event_widget").format_func("rayon-meeting").endswith(
        T("event.label_unresolved", title="", n=privacy.SUPPRESSED).strip())  # rows are people
    donor.selectbox(key="_event_widget").set_value("rayon-meeting").run()
    parts = next(c.value for c in donor.caption if c.value.startswith("Participants:"))
    assert parts.endswith(f"{privacy.SUPPRESSED} not reviewed yet.")
    assert not [c.value for c in donor.caption if "in all" in c.value]  # no total to subtract


def test_a_saved_event_is_reopened_reviewed_and_saved_as_its_next_revision(
        own_database, open_page):
    sheet = pipeline.match_file(SHEET)
    event_id = pipeline.save(sheet, own_database, {"slug": "door", "title": "Door"})
    at = open_page("pages/import_review.py", role="organizer")
    at.selectbox(key="import_reopen_event").set_value("door")
    at.button(key="import_reopen").click().run()
    assert not at.exception, at.exception
    assert at.subheader[-1].value == T("import.review_title", n="1")

    at.button(key="review_choose_1").click().run()
    at.button(key="import_accept").click().run()
    at.button(key="FormSubmitter:import_save_reopened_form-"
                  + T("import.save_revision", revision=2)).click().run()
    assert not at.exception, at.exception
    assert at.success[-1].value == T("import.saved", title="Door")
    events = own_database.list_events()
    assert events.revision.tolist() == [2] and events.n_unresolved.tolist() == [0]
    statuses = own_database.load_participants(event_id).match_status
    assert (statuses == "manual").sum() == 1


def test_a_likely_duplicate_is_counted_once_until_its_tick_is_taken_away(open_page):
    at = matched(open_page, TWICE, "text/csv")
    state = at.session_state["import_matched"]
    assert state["now"].participants.duplicate_of.notna().sum() == 3
    assert at.checkbox(key="import_duplicate_8").value is True
    at.checkbox(key="import_duplicate_8").uncheck().run()
    assert not at.exception, at.exception
    now = at.session_state["import_matched"]["now"].participants.set_index("source_row")
    assert now.duplicate_of.isna()[8] and now.duplicate_of[4] == 2
    assert at.checkbox(key="import_duplicate_8").value is False
