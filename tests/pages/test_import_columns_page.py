"""The Import page shows which column is which and why, refuses a sheet without an organisation
column, and remembers an analyst's columns for the next sheet with the same headers."""

import pytest

from forumreach import ROOT

pytestmark = pytest.mark.apptest

FIXTURES = ROOT / "tests" / "fixtures"
KYRGYZ = FIXTURES / "kyrgyz_only_headers_unlisted_organisation_header.xlsx"
NO_BODY = FIXTURES / "no_organisation_column_names_positions_phones.csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(open_page, name: str, data: bytes, kind: str = "text/csv"):
    at = open_page("pages/import_review.py")
    at.file_uploader(key="import_file").set_value((name, data, kind)).run()
    assert not at.exception, at.exception
    return at


def test_the_organisation_column_found_by_its_cells_is_shown_with_its_evidence(open_page):
    at = upload(open_page, KYRGYZ.name, KYRGYZ.read_bytes(), XLSX)
    assert at.selectbox(key="import_field_organisation").value == "Ишкана"
    captions = [caption.value for caption in at.caption]
    assert ("Organisation / LSG body: Ишкана — cells: 100% read as LSG bodies, villages or "
            "cities") in captions
    assert not at.error and at.button(key="import_match")


def test_a_sheet_without_an_organisation_column_gets_one_error_and_no_matching(open_page):
    at = upload(open_page, NO_BODY.name, NO_BODY.read_bytes())
    assert len(at.error) == 1
    assert at.error[0].value.startswith("The file could not be read: no organisation column")
    assert not [button for button in at.button if button.key == "import_match"]
    assert at.selectbox(key="import_field_organisation").value is None


def test_picking_the_organisation_column_lifts_the_refusal(own_database, open_page):
    """On a database of its own: the columns chosen are remembered for the next sheet."""
    at = upload(open_page, NO_BODY.name, NO_BODY.read_bytes())
    at.selectbox(key="import_field_organisation").set_value("Должность")
    at.button(key="FormSubmitter:import_mapping_form-Apply columns").click().run()
    assert not at.exception and not at.error
    assert at.button(key="import_match")


def test_the_columns_chosen_by_hand_are_applied_to_the_next_sheet_with_these_headers(
        own_database, open_page):
    at = upload(open_page, NO_BODY.name, NO_BODY.read_bytes())
    at.selectbox(key="import_field_organisation").set_value("Должность")
    at.button(key="FormSubmitter:import_mapping_form-Apply columns").click().run()
    assert not at.exception

    next_month = "№;Ф.И.О.;ДОЛЖНОСТЬ;телефон\r\n1;Маматов Нурбек;Шекерский а/о;0772111222\r\n"
    later = upload(open_page, "next_month.csv", next_month.encode("utf-8"))
    assert later.selectbox(key="import_field_organisation").value == "ДОЛЖНОСТЬ"
    assert later.info[0].value == "Columns as chosen last time for a sheet with these headers."
    assert not later.error


def test_a_sheet_with_other_headers_is_not_given_remembered_columns(own_database, open_page):
    at = upload(open_page, NO_BODY.name, NO_BODY.read_bytes())
    at.selectbox(key="import_field_organisation").set_value("Должность")
    at.button(key="FormSubmitter:import_mapping_form-Apply columns").click().run()

    other = upload(open_page, KYRGYZ.name, KYRGYZ.read_bytes(), XLSX)
    assert not other.info
    assert other.selectbox(key="import_field_organisation").value == "Ишкана"


def test_why_these_columns_quotes_the_header_words_as_the_sheet_writes_them(open_page):
    at = upload(open_page, KYRGYZ.name, KYRGYZ.read_bytes(), XLSX)
    captions = [caption.value for caption in at.caption]
    assert "Name: Аты-жөнү — header word 'Аты-жөнү'" in captions
    assert not any("'аты жону'" in caption for caption in captions)


def test_a_list_pasted_one_cell_per_participant_is_split_and_says_so(open_page):
    from tests.test_pasted_list import CHAT, xlsx

    at = upload(open_page, "chat.xlsx", xlsx(CHAT), XLSX)
    assert not at.error
    assert at.selectbox(key="import_field_name").value == "A·2"
    captions = [caption.value for caption in at.caption]
    assert ("Organisation / LSG body: A·3 — one text per participant in column A: the "
            "position and organisation in it") in captions
    assert "No header row: each column is read from its cells (sheet: Sheet)" in captions


def test_rows_that_are_no_participant_say_why_in_the_users_language(open_page):
    from forumreach.i18n import Translator
    from tests.test_pasted_list import CHAT, xlsx

    at = open_page("pages/import_review.py", lang="ky")
    at.file_uploader(key="import_file").set_value(("chat.xlsx", xlsx(CHAT), XLSX)).run()
    at.button(key="import_match").click().run()
    assert not at.exception, at.exception
    ky = Translator("ky")
    skipped = next(frame.value for frame in at.dataframe
                   if ky("col.reason") in frame.value.columns)
    assert list(skipped[ky("col.reason")]) == [
        ky("skip.title"), ky("skip.blank"), ky("skip.continues"), ky("skip.continues")]
