import pytest
from streamlit.testing.v1 import AppTest

from forumreach import ROOT, events, gazetteer
from tests.pages.conftest import signed_in_as

pytestmark = pytest.mark.apptest

SHEET = ROOT / "tests" / "fixtures" / "title_rows_merged_cells_oblast_sections.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def uploaded(open_page, role="analyst"):
    at = open_page("pages/import_review.py", role=role)
    at.file_uploader(key="import_file").set_value((SHEET.name, SHEET.read_bytes(), XLSX)).run()
    assert not at.exception
    return at


def matched(open_page, role="analyst"):
    at = uploaded(open_page, role)
    at.button(key="import_match").click().run()
    assert not at.exception
    return at


def test_the_detected_header_and_column_mapping_are_shown(open_page):
    at = uploaded(open_page)
    assert "row 4" in at.caption[1].value
    assert at.selectbox(key="import_field_organisation").value
    assert at.selectbox(key="import_field_email").value is None


def test_matching_counts_each_outcome_and_queues_the_doubtful_row(open_page):
    at = matched(open_page)
    counts = {m.label: m.value for m in at.metric}
    assert counts["Exact"] == "4" and counts["To review"] == "1"
    assert at.subheader[2].value == "Review queue: 1"


def chose_the_first_candidate(at):
    """Nothing is pre-selected in review: a person picks the candidate first."""
    at.button(key="review_choose_1").click().run()
    assert not at.exception
    return at


def test_same_named_candidates_are_told_apart_by_rayon(open_page):
    at = matched(open_page)
    labels = [b.label for b in at.button if str(b.key).startswith("review_choose_")]
    assert len(labels) > 1 and len(set(labels)) == len(labels)
    assert at.button(key="review_not_lsg").label == "Not an LSG body"


def test_accepting_a_candidate_empties_the_queue(open_page):
    at = chose_the_first_candidate(matched(open_page))
    at.button(key="import_accept").click().run()
    assert not at.exception
    assert at.success[0].value == "Nothing to review."
    counts = {m.label: m.value for m in at.metric}
    # The accepted row is confident now: counted as a person's decision (or, before the
    # `manual` status, as exact).
    assert int(counts["Exact"]) + int(counts.get("Decided by a person", 0)) == 5


def test_a_fix_from_the_full_list_of_bodies_is_accepted(open_page, frame_with):
    at = matched(open_page)
    row = at.selectbox(key="import_row").value
    body = "41711000000000"  # Bishkek, clearly not one of the offered candidates
    at.selectbox(key=f"import_other_{row}").set_value(body).run()
    at.button(key="import_accept").click().run()
    table = frame_with(at, "LSG body")
    name = gazetteer.load("2018").name(body, "en")
    assert table.loc[table["Row"] == row, "LSG body"].tolist() == [name]


def test_the_matched_rows_hide_names_from_analysts(open_page, frame_with):
    assert "Name" not in frame_with(matched(open_page), "LSG body")
    assert "Name" in frame_with(matched(open_page, role="organizer"), "LSG body")


def test_saving_makes_a_new_event_and_remembers_the_review(own_database, open_page):
    at = chose_the_first_candidate(matched(open_page))
    at.button(key="import_accept").click().run()
    at.text_input(key="import_event_title").set_value("Rayon meeting")
    at.button(key="import_match").click().run()  # sends the title; the review stays
    at.text_input(key="import_slug").set_value("rayon-meeting")
    at.button(key="FormSubmitter:import_save_form-Save").click().run()
    assert not at.exception, at.exception
    assert at.success[-1].value == "Saved: Rayon meeting"
    # what a second click would do, and the way to the figures
    assert "next revision" in " ".join(c.value for c in at.caption)
    (link,) = at.get("page_link")
    assert link.proto.label == "See this event on the Overview"
    events = own_database.list_events()
    assert events.slug.tolist() == ["rayon-meeting"]
    assert len(own_database.load_participants(int(events.id[0]))) == 5
    assert len(own_database.load_aliases("2018")) == 1
    assert at.session_state["event"] == "rayon-meeting"


def saved_as(open_page, slug: str, title: str, role: str = "analyst"):
    at = chose_the_first_candidate(matched(open_page, role))
    at.button(key="import_accept").click().run()
    at.text_input(key="import_event_title").set_value(title)
    at.button(key="import_match").click().run()
    at.text_input(key="import_slug").set_value(slug)
    at.button(key="FormSubmitter:import_save_form-Save").click().run()
    assert not at.exception, at.exception
    return at


def test_the_event_just_saved_is_on_the_overview_and_in_the_event_picker(own_database,
                                                                          open_page):
    at = saved_as(open_page, "rayon-meeting", "Rayon meeting")
    at.switch_page("pages/overview.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Rayon meeting"
    assert at.sidebar.selectbox(key="_event_widget").value == "rayon-meeting"


def test_a_new_session_opens_on_the_event_its_user_saved_last(own_database, open_page):
    saved_as(open_page, "rayon-meeting", "Rayon meeting")
    again = open_page()  # signed in again, in a new tab, with no ?event= in the address
    assert again.session_state["event"] == "rayon-meeting"
    assert again.title[0].value == "Rayon meeting"


def test_a_link_naming_an_event_wins_over_the_event_saved_last(own_database, open_page):
    saved_as(open_page, "rayon-meeting", "Rayon meeting")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update({"lang": "en", "event": events.DEMO_SLUG})
    at.session_state["user"] = signed_in_as("analyst")
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["event"] == events.DEMO_SLUG


def test_another_users_save_does_not_move_a_new_session(own_database, open_page):
    saved_as(open_page, "rayon-meeting", "Rayon meeting", role="organizer")
    assert open_page(role="analyst").session_state["event"] == events.DEMO_SLUG


def test_a_file_that_is_not_a_sheet_gives_a_message_not_a_crash(open_page):
    at = open_page("pages/import_review.py")
    at.file_uploader(key="import_file").set_value(("notes.csv", b"", "text/csv")).run()
    assert not at.exception
    assert at.error[0].value.startswith("The file could not be read")


def test_a_column_mapping_chosen_by_hand_is_used_for_matching(own_database, open_page):
    """On a database of its own: the columns chosen are remembered for the next sheet."""
    at = uploaded(open_page)
    phone_header = at.selectbox(key="import_field_phone").value
    assert phone_header
    at.selectbox(key="import_field_email").set_value(phone_header)
    at.button(key="FormSubmitter:import_mapping_form-Apply columns").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="import_field_email").value == phone_header
    at.button(key="import_match").click().run()
    state = at.session_state["import_matched"]
    assert state["now"].sheet.mapping["email"] == phone_header
