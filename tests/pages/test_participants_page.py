import pytest

from tests.pages.conftest import signed_in_as

pytestmark = pytest.mark.apptest

PERSONAL = {"Name", "Phone", "E-mail"}


def test_an_analyst_sees_the_list_without_names_or_phones(open_page, frame_with):
    at = open_page("pages/participants.py", role="analyst")
    table = frame_with(at, "Organisation")
    assert len(table) == 127
    assert PERSONAL.isdisjoint(table.columns)
    assert at.caption[0].value == "Names, phones and e-mails are hidden for your role."


def test_an_organizer_sees_names_and_phones(open_page, frame_with):
    table = frame_with(open_page("pages/participants.py", role="organizer"), "Organisation")
    assert set(table.columns) >= PERSONAL
    assert table["Name"].str.len().gt(0).all()


def test_donors_have_no_participants_page_at_all(open_page):
    with pytest.raises(ValueError, match="navigation page"):
        open_page("pages/participants.py", role="donor")


def test_a_viewer_who_becomes_a_donor_on_the_page_sees_only_why_it_is_closed(open_page):
    at = open_page("pages/participants.py", role="organizer")
    assert any("Organisation" in df.value for df in at.dataframe)
    at.session_state["user"] = signed_in_as("donor")
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["This page is not available for your role."]
    assert not at.dataframe and not at.download_button


def test_a_page_reached_without_its_menu_entry_still_refuses_a_donor():
    from streamlit.testing.v1 import AppTest

    def page():
        import streamlit as st

        from forumreach import auth
        from pages import _common as ui

        st.session_state["user"] = auth.User("someone", "donor", "local")
        st.session_state["lang"] = "en"
        ui.require_page("participants")
        st.dataframe({"name": ["someone"]})

    at = AppTest.from_function(page).run()
    assert at.error[0].value == "This page is not available for your role."
    assert not at.dataframe


def test_filters_narrow_the_list_by_role_and_oblast(open_page, frame_with):
    at = open_page("pages/participants.py")
    at.multiselect(key="participants_roles").set_value(["head"]).run()
    heads = frame_with(at, "Organisation")
    assert len(heads) == 84 and set(heads["Role"]) == {"Head"}
    at.multiselect(key="participants_oblasts").set_value(["41702000000000"]).run()
    narrowed = frame_with(at, "Organisation")
    assert 0 < len(narrowed) < 84 and set(narrowed["Oblast"]) == {"Issyk-Kul oblast"}


def test_guests_are_found_by_match_status(open_page, frame_with):
    at = open_page("pages/participants.py")
    at.multiselect(key="participants_match").set_value(["not_lsg"]).run()
    assert len(frame_with(at, "Organisation")) == 11


def test_an_organizer_sees_which_rows_repeat_an_earlier_one_and_an_analyst_does_not(
        own_database, open_page, frame_with):
    from forumreach import pipeline
    from tests.conftest import FIXTURES

    twice = pipeline.match_file(FIXTURES / "online_form_sent_twice_no_gender.csv")
    pipeline.save(twice, own_database, {"slug": "form", "title": "Form"})
    at = open_page("pages/participants.py", role="organizer")
    at.selectbox(key="_event_widget").set_value("form").run()
    table = frame_with(at, "Organisation").set_index("Row")
    assert table["Repeats row"].dropna().astype(int).to_dict() == {4: 2, 5: 3, 8: 7}
    analyst = open_page("pages/participants.py", role="analyst")
    analyst.selectbox(key="_event_widget").set_value("form").run()
    assert "Repeats row" not in frame_with(analyst, "Organisation")


def test_each_matched_row_links_to_its_bodys_history_on_the_reach_page(open_page):
    at = open_page("pages/participants.py", role="analyst")
    table = at.dataframe[0].value
    links = table["History"].dropna()
    assert len(links) > 0 and links.str.match(r"reach\?body=\d{14}&lang=en$").all()
