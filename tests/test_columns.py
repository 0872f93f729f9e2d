"""Columns by content, not only by header words: sheets in styles nobody here has seen."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from forumreach import columns, i18n
from forumreach.ingest import IngestError, detect_header, read_sheet

FIXTURES = Path(__file__).parent / "fixtures"
KYRGYZ = FIXTURES / "kyrgyz_only_headers_unlisted_organisation_header.xlsx"
FORM = FIXTURES / "online_form_export_question_headers_timestamp.csv"
SPLIT = FIXTURES / "split_name_columns_surname_given_patronymic.xlsx"
TWO_ROWS = FIXTURES / "two_row_header_group_row_over_field_row.xlsx"
BLANK_HEADER = FIXTURES / "blank_organisation_header_found_by_cells.csv"
NO_BODY = FIXTURES / "no_organisation_column_names_positions_phones.csv"


def csv_bytes(rows: list[list[str]]) -> bytes:
    return "\r\n".join(";".join(row) for row in rows).encode("utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ----------------------------------------------------------------------------- by cells


def test_kyrgyz_organisation_header_in_no_list_is_found_by_its_cells():
    read = read_sheet(KYRGYZ)
    assert read.mapping["organisation"] == "Ишкана"
    assert read.rows["organisation"].tolist()[:3] == [
        "Жерге-Тал айыл өкмөтү", "Кызыл-Үңкүр айыл аймагы", "Байгенчек айылы"]
    evidence = read.mapping_evidence["organisation"]
    assert evidence.message_id == "columns.cells_place" and evidence.params["share"] == 1.0
    assert evidence.text == "cells: 100% read as LSG bodies, villages or cities"


@pytest.mark.parametrize("lang", ["en", "ru", "ky"])
def test_the_share_of_cells_in_the_evidence_is_written_as_every_other_share(lang):
    evidence = read_sheet(KYRGYZ).mapping_evidence["organisation"]
    opening = {"en": "cells: 100% read", "ru": "ячейки: 100\xa0% читаются",
               "ky": "уячалар: 100% ЖӨБ"}[lang]
    assert evidence.said_in(i18n.Translator(lang)).startswith(opening)


def test_kyrgyz_headers_are_settled_by_their_words():
    read = read_sheet(KYRGYZ)
    assert {name: read.mapping[name] for name in ("name", "position", "rayon", "oblast",
                                                  "gender", "phone")} == {
        "name": "Аты-жөнү", "position": "Кызматы", "rayon": "Району", "oblast": "Облусу",
        "gender": "Жынысы", "phone": "Телефон"}
    assert read.mapping_evidence["position"].params == {"word": "Кызматы"}


def test_organisation_column_without_any_header_is_found_by_its_cells():
    read = read_sheet(BLANK_HEADER)
    assert read.mapping["organisation"] == "(D)"
    assert read.rows["organisation"].iloc[2] == "с. Байгенчек"


def test_a_sheet_without_a_header_row_keeps_its_first_participant():
    data = csv_bytes([
        ["Список участников"],
        ["Асанов Бакыт", "Глава", "Жерге-Талский а/о", "0555123456"],
        ["Токтогулова Айгуль", "Специалист", "Кызыл-Ункюр айыл аймагы", "0700222333"],
        ["Маматов Нурбек", "Депутат", "с. Байгенчек", "0772111222"],
    ])
    read = read_sheet(data, "pasted.csv")
    assert read.header_row == 0 and read.skipped == [(1, "title")]
    assert read.rows["source_row"].tolist() == [2, 3, 4]
    assert read.mapping == {"organisation": "(C)", "phone": "(D)", "position": "(B)",
                            "name": "(A)"}
    assert detect_header(data, "pasted.csv").explanation()[0] == "no header row"


def test_a_header_of_unknown_words_over_a_body_column_is_still_the_header():
    data = csv_bytes([
        ["Ким", "Кайдан"],
        ["Асанов Бакыт", "Жерге-Талский а/о"],
        ["Токтогулова Айгуль", "Кызыл-Ункюр айыл аймагы"],
    ])
    read = read_sheet(data, "x.csv")
    assert (read.header_row, read.mapping["organisation"]) == (1, "Кайдан")
    assert read.rows["source_row"].tolist() == [2, 3]


def test_a_column_of_rayon_names_is_the_rayon_and_one_of_bodies_the_organisation():
    data = csv_bytes([
        ["ФИО", "Кайдан", "Аймак"],
        ["Асанов Бакыт", "Жерге-Талский а/о", "Аксыйский район"],
        ["Токтогулова Айгуль", "Кызыл-Ункюр айыл аймагы", "Базар-Коргон району"],
        ["Маматов Нурбек", "Шекер АӨ", "Кара-Буура"],
    ])
    read = read_sheet(data, "door.csv")
    assert (read.mapping["organisation"], read.mapping["rayon"]) == ("Кайдан", "Аймак")
    assert read.mapping_evidence["rayon"].message_id == "columns.cells_rayon"


def test_phones_emails_genders_and_oblasts_are_found_by_their_cells():
    data = csv_bytes([
        ["ФИО", "Организация", "A", "B", "C", "D"],
        ["Асанов Бакыт", "Жерге-Талский а/о", "+996 555 123 456", "asanov@mail.kg", "м",
         "Жалал-Абадская обл."],
        ["Токтогулова Айгуль", "Кызыл-Ункюрский а/о", "0700-222-333", "aigul@gmail.com", "ж",
         "Джалал-Абадская область"],
    ])
    mapping = read_sheet(data, "door.csv").mapping
    assert {name: mapping.get(name) for name in ("phone", "email", "gender", "oblast")} == {
        "phone": "A", "email": "B", "gender": "C", "oblast": "D"}


def test_positions_and_person_names_are_found_by_their_cells():
    data = csv_bytes([
        ["Кто", "Что", "Организация"],
        ["Асанов Бакыт Муратович", "Глава айыл окмоту", "Жерге-Талский а/о"],
        ["Токтогулова Айгуль Сапаровна", "Специалист", "Кызыл-Ункюрский а/о"],
        ["Маматов Нурбек уулу", "Депутат айылного кенеша", "Шекерский а/о"],
    ])
    read = read_sheet(data, "door.csv")
    assert (read.mapping["name"], read.mapping["position"]) == ("Кто", "Что")
    assert read.mapping_evidence["name"].message_id == "columns.cells_name"


def test_a_position_naming_its_body_does_not_make_the_position_column_the_organisation():
    data = csv_bytes([
        ["ФИО", "Должность", "Место"],
        ["Асанов Бакыт", "Глава Джерге-Талского а/о", "Джерге-Талский а/о"],
        ["Токтогулова Айгуль", "Специалист Кызыл-Ункюрского а/о", "Кызыл-Ункюрский а/о"],
    ])
    assert read_sheet(data, "door.csv").mapping["organisation"] == "Место"


# ----------------------------------------------------------------------------- header styles


def test_online_form_questions_are_read_and_the_timestamp_is_ignored():
    read = read_sheet(FORM)
    assert read.mapping == {
        "email": "Адрес электронной почты", "name": "Ваше ФИО", "position": "Ваша должность",
        "organisation": "Укажите, пожалуйста, ваш айыл окмоту или мэрию",
        "rayon": "Из какого вы района?", "phone": "Ваш номер телефона",
    }
    assert read.mapping_evidence["timestamp"].message_id == "columns.timestamp_header"
    assert "2018/06/25 10:31:22" not in read.rows.to_numpy()


def test_a_timestamp_column_without_a_header_word_is_not_taken_for_phones():
    data = csv_bytes([
        ["Submitted", "Your full name", "What organisation do you represent?", "Mobile"],
        ["25.06.2018 10:31:22", "Bakyt Asanov", "Jerge-Tal aiyl okmotu", "0555123456"],
        ["25.06.2018 11:02:09", "Aigul Toktogulova", "Kyzyl-Unkur aiyl aimak", "0700222333"],
    ])
    read = read_sheet(data, "form.csv")
    assert read.mapping["phone"] == "Mobile"
    assert read.mapping["organisation"] == "What organisation do you represent?"
    assert read.mapping_evidence["timestamp"].message_id == "columns.cells_timestamp"


def test_kyrgyz_question_headers_with_endings_are_read():
    data = csv_bytes([
        ["Аты-жөнүңүз", "Кызматыңыз", "Мекемеңиздин аталышы", "Телефонуңуз"],
        ["Асанов Бакыт", "Башчы", "Жерге-Тал айыл өкмөтү", "0555123456"],
    ])
    assert read_sheet(data, "form.csv").mapping == {
        "name": "Аты-жөнүңүз", "position": "Кызматыңыз", "organisation": "Мекемеңиздин аталышы",
        "phone": "Телефонуңуз"}


def test_a_question_naming_position_and_body_goes_where_its_cells_point():
    data = csv_bytes([
        ["ФИО", "Ваша должность в айыл окмоту", "Организация"],
        ["Асанов Бакыт", "Глава", "Жерге-Талский а/о"],
        ["Токтогулова Айгуль", "Специалист", "Кызыл-Ункюрский а/о"],
    ])
    mapping = read_sheet(data, "form.csv").mapping
    assert (mapping["position"], mapping["organisation"]) == (
        "Ваша должность в айыл окмоту", "Организация")


def test_surname_given_name_and_patronymic_columns_are_joined_into_the_name():
    read = read_sheet(SPLIT)
    assert read.mapping["name"] == "Фамилия + Имя + Отчество"
    assert read.rows["name"].tolist() == [
        "Асанов Бакыт Муратович", "Токтогулова Айгуль Сапаровна", "Маматов Нурбек"]
    assert read.mapping_evidence["name"].message_id == "columns.header_words_joined"


def test_a_lone_first_name_column_is_the_name():
    data = csv_bytes([["Name", "Organization"], ["Bakyt Asanov", "Jerge-Tal aiyl okmotu"]])
    assert read_sheet(data, "x.csv").mapping["name"] == "Name"


def test_name_columns_without_headers_are_joined_when_their_cells_are_single_names():
    data = csv_bytes([
        ["", "", "Организация"],
        ["Асанов", "Бакыт", "Жерге-Талский а/о"],
        ["Токтогулова", "Айгуль", "Кызыл-Ункюрский а/о"],
        ["Маматов", "Нурбек", "Шекерский а/о"],
    ])
    read = read_sheet(data, "x.csv")
    assert read.rows["name"].tolist()[0] == "Асанов Бакыт"
    assert read.mapping_evidence["name"].message_id == "columns.cells_name_part"


def test_a_two_row_header_reads_field_names_under_merged_group_headings():
    read = read_sheet(TWO_ROWS)
    assert read.header_row == 2
    assert read.mapping["organisation"] == "Место работы / Наименование"
    assert read.mapping["email"] == "Контакты / E-mail"
    assert read.rows["source_row"].tolist() == [3, 4, 5]
    assert (1, "header") in read.skipped
    assert detect_header(TWO_ROWS).explanation()[0] == "header: rows 1-2 of sheet 'Sheet'"


def test_a_bare_name_under_a_body_heading_is_the_body_not_a_person():
    data = xlsx_bytes([
        ["Participant", "Participant", "Local self-government body", "Local self-government body"],
        ["Full name", "Position", "Name", "District"],
        ["Bakyt Asanov", "Head", "Jerge-Tal aiyl okmotu", "Aksy district"],
    ])
    mapping = read_sheet(data, "x.xlsx").mapping
    assert mapping["organisation"] == "Local self-government body / Name"
    assert mapping["name"] == "Participant / Full name"


def test_a_title_row_above_the_header_is_not_a_group_row():
    data = xlsx_bytes([
        ["Список участников", "Список участников", "Список участников"],
        ["ФИО", "Организация", "Район"],
        ["Асанов Бакыт", "Жерге-Талский а/о", "Аксыйский район"],
    ])
    assert read_sheet(data, "x.xlsx").mapping == {
        "name": "ФИО", "organisation": "Организация", "rayon": "Район"}


@pytest.mark.parametrize("header", ["Наименование\nОМСУ", "Выберите ваш ОМСУ", "ЖӨБ органы", "ЖӨБ"])
def test_omsu_and_its_kyrgyz_job_name_the_organisation(header):
    assert columns.header_candidates(header)[0][0] == "organisation"


TABLE_AND_FORM = ["№", "ФИО", "Должность", "Наименование ОМСУ", "Телефон", "Выберите ваш ОМСУ"]
TABLE_ROWS = [
    [1, "Асанов Бакыт", "Глава", "Жерге-Талский а/о", "0555123456", None],
    [2, "Токтогулова Айгуль", "Специалист", "Кызыл-Ункюрский а/о", "0700123456", None],
]
FORM_ROWS = [
    [None, "Маматов Нурбек", "глава", None, "+996555000111",
     "Ошская область/Алайский район/Конур-Добонский айылный аймак"],
    [None, "Садыкова Нургуль", "специалист", None, "+996555000222",
     "Баткенская обл. / Кадамжайский район / Халмион АА"],
]


def test_two_organisation_columns_filled_in_complementary_halves_are_both_read():
    heading = ["Ответы онлайн-формы"] * len(TABLE_AND_FORM)  # merged across: not a participant
    read = read_sheet(xlsx_bytes([TABLE_AND_FORM, *TABLE_ROWS, heading, *FORM_ROWS]), "x.xlsx")
    assert read.rows["organisation"].tolist() == [
        "Жерге-Талский а/о", "Кызыл-Ункюрский а/о",
        "Ошская область/Алайский район/Конур-Добонский айылный аймак",
        "Баткенская обл. / Кадамжайский район / Халмион АА"]
    assert read.mapping["organisation"] == "Наименование ОМСУ + Выберите ваш ОМСУ"
    evidence = read.mapping_evidence["organisation"]
    assert (evidence.columns, evidence.message_id) == (
        (3, 5), "columns.header_words_organisation_joined")
    assert evidence.params == {"words": "'Наименование ОМСУ', 'Выберите ваш ОМСУ'",
                               "columns": "D, F"}
    assert "D, F мамычаларынын" in evidence.said_in(i18n.Translator("ky"))


def test_two_organisation_columns_both_filled_in_one_row_are_not_joined():
    both = [3, "Иманалиев Талант", "Глава", "Жерге-Талский а/о", "0555999888",
            "Ошская область/Алайский район/Конур-Добонский айылный аймак"]
    read = read_sheet(xlsx_bytes([TABLE_AND_FORM, *TABLE_ROWS, both, *FORM_ROWS]), "x.xlsx")
    assert read.mapping_evidence["organisation"].columns == (3,)
    assert read.rows["organisation"].tolist()[:3] == [
        "Жерге-Талский а/о", "Кызыл-Ункюрский а/о", "Жерге-Талский а/о"]


def test_a_former_workplace_column_is_never_joined_to_the_organisation():
    header = [*TABLE_AND_FORM[:5], "Мекеме (мурдагы иш орду)"]
    read = read_sheet(xlsx_bytes([header, *TABLE_ROWS, *FORM_ROWS]), "x.xlsx")
    assert read.mapping_evidence["organisation"].columns == (3,)


# ----------------------------------------------------------------------------- refusal


def test_a_sheet_without_an_organisation_column_is_refused_with_a_message_id():
    with pytest.raises(IngestError) as caught:
        read_sheet(NO_BODY)
    assert caught.value.message_id == "ingest.no_organisation_column"
    assert "'ФИО'" in caught.value.params["headers"]
    assert "no organisation column" in str(caught.value)


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_refusal_reads_in_every_language(lang):
    with pytest.raises(IngestError) as caught:
        read_sheet(NO_BODY)
    text = i18n.Translator(lang)(caught.value.message_id, **caught.value.params)
    assert "'Должность'" in text and "{" not in text


def test_detect_header_shows_the_refusal_instead_of_raising_so_a_column_can_be_picked():
    guess = detect_header(NO_BODY)
    assert "organisation" not in guess.mapping
    assert guess.refusal is not None
    assert guess.refusal.message_id == "ingest.no_organisation_column"
    assert detect_header(KYRGYZ).refusal is None


def test_an_organisation_column_empty_in_every_row_is_refused():
    data = csv_bytes([["ФИО", "Организация"], ["Асанов Бакыт", ""], ["Маматов Нурбек", ""]])
    with pytest.raises(IngestError) as caught:
        read_sheet(data, "x.csv")
    assert caught.value.message_id == "ingest.organisation_column_empty"


def test_a_mapping_picking_the_organisation_column_by_hand_lifts_the_refusal():
    read = read_sheet(NO_BODY, mapping={"organisation": "Должность"})
    assert read.mapping["organisation"] == "Должность"


def test_a_mapping_may_join_name_columns():
    read = read_sheet(SPLIT, mapping={"name": ["Фамилия", "Имя"]})
    assert read.rows["name"].iloc[0] == "Асанов Бакыт"
    again = read_sheet(SPLIT, mapping={"name": "Фамилия + Имя"})
    assert again.rows["name"].equals(read.rows["name"])
    assert read.mapping_evidence["name"].message_id == "columns.mapping"


# ----------------------------------------------------------------------------- memory


def test_the_same_headers_typed_differently_give_the_same_fingerprint():
    assert columns.header_fingerprint(["Ф.И.О.", "Организация", ""]) == (
        columns.header_fingerprint(["ф и о", "ОРГАНИЗАЦИЯ"]))
    assert columns.header_fingerprint(["ФИО", "Организация"]) != (
        columns.header_fingerprint(["Организация", "ФИО"]))


def test_a_remembered_mapping_is_read_back_as_this_sheets_labels():
    guess = detect_header(NO_BODY)
    remembered = guess.positions({"organisation": "Должность", "name": "ФИО"})
    assert remembered == {"organisation": [2], "name": [1]}
    assert guess.labels_for(remembered) == {"organisation": "Должность", "name": "ФИО"}
    assert guess.labels_for({"organisation": [40]}) == {}


def test_the_explanation_names_each_column_and_its_evidence():
    lines = detect_header(KYRGYZ).explanation()
    assert lines[0] == "header: row 3 of sheet 'Катышуучулар'"
    assert ("organisation <- 'Ишкана' (column D): cells: 100% read as LSG bodies, villages "
            "or cities") in lines


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_evidence_message_exists_in_every_language(lang):
    catalog = i18n.catalog(lang)
    assert set(columns.EVIDENCE_IDS) <= set(catalog)
    assert {"ingest.no_organisation_column", "ingest.organisation_column_empty",
            "field.timestamp"} <= set(catalog)


# ----------------------------------------------------------------------------- evidence


def test_the_evidence_quotes_header_words_as_the_sheet_writes_them():
    read = read_sheet(FIXTURES / "title_rows_merged_cells_oblast_sections.xlsx")
    said = {name: evidence.params.get("word") for name, evidence in read.mapping_evidence.items()}
    assert said["name"] == "Аты-жөнү"  # header "Ф.И.О. / Аты-жөнү", matched folded
    assert said["organisation"] == "Орган МСУ"
    assert read.mapping_evidence["name"].text == "header word 'Аты-жөнү'"


def test_a_header_word_with_an_ending_is_quoted_whole():
    data = csv_bytes([["Кызматыңыз", "Айыл өкмөтү"], ["Башчы", "Жерге-Тал айыл өкмөтү"]])
    read = read_sheet(data, "ky.csv")
    assert read.mapping_evidence["position"].params == {"word": "Кызматыңыз"}
    assert read.mapping_evidence["organisation"].params == {"word": "Айыл өкмөтү"}


def test_names_joined_from_columns_quote_each_header_as_written():
    read = read_sheet(SPLIT)
    assert read.mapping_evidence["name"].params["words"] == "'Фамилия', 'Имя', 'Отчество'"


def test_a_header_quoted_as_written_keeps_its_closing_bracket():
    from forumreach.columns import as_written

    assert as_written("Район (город)", "район город") == "Район (город)"
