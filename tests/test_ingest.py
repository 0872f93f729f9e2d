"""Reading registration sheets as they arrive from the door of an event."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from forumreach import ingest
from forumreach.ingest import (
    FIELDS,
    IngestError,
    detect_header,
    list_sheets,
    read_sheet,
)

FIXTURES = Path(__file__).parent / "fixtures"
TITLE_MERGED = FIXTURES / "title_rows_merged_cells_oblast_sections.xlsx"
MIXED = FIXTURES / "mixed_ru_ky_headers_totals_line.xlsx"
CP1251 = FIXTURES / "cp1251_semicolon_lost_kyrgyz_letters.csv"


def xlsx_bytes(rows: list[list[object]], title: str = "Лист1") -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.title = title
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def problem(source: object, filename: str | None = None, **kwargs: object) -> str:
    with pytest.raises(IngestError) as caught:
        read_sheet(source, filename, **kwargs)
    return str(caught.value)


# ----------------------------------------------------------------------------- layouts


def test_header_row_is_found_below_title_rows():
    read = read_sheet(TITLE_MERGED)
    assert read.header_row == 4
    assert read.skipped[:3] == [(1, "title"), (2, "title"), (3, "blank")]


def test_source_row_is_the_row_number_excel_shows():
    read = read_sheet(TITLE_MERGED)
    assert read.rows["source_row"].tolist() == [6, 7, 8, 10, 11]


def test_vertically_merged_oblast_cells_reach_every_participant_beside_them():
    rows = read_sheet(TITLE_MERGED).rows
    assert rows["oblast"].tolist() == ["Иссык-Кульская обл."] * 3 + ["Чуйская обл."] * 2


def test_oblast_section_rows_give_context_to_rows_below():
    rows = read_sheet(TITLE_MERGED).rows
    assert rows["section_oblast"].tolist() == ["Иссык-Кульская область"] * 3 + [
        "Чуйская область"
    ] * 2
    assert set(rows["section_rayon"]) == {""}


def test_section_rows_are_skipped_not_read_as_participants():
    read = read_sheet(TITLE_MERGED)
    assert (5, "section") in read.skipped and (9, "section") in read.skipped
    assert "Чуйская область" not in read.rows["name"].tolist()


def test_kyrgyz_oblast_section_row_gives_context_to_rows_below():
    rows = read_sheet(MIXED).rows
    assert set(rows["section_oblast"]) == {"Ош облусу"}


def test_rayon_section_row_keeps_the_oblast_and_sets_the_rayon():
    data = xlsx_bytes([
        ["ФИО", "Организация"],
        ["Таласская область"],
        ["Бакай-Атинский район"],
        ["Осмонов Кубан", "Ленинпольский а/о"],
    ])
    row = read_sheet(data, "x.xlsx").rows.iloc[0]
    assert row["section_oblast"] == "Таласская область"
    assert row["section_rayon"] == "Бакай-Атинский район"


def test_a_new_oblast_section_clears_the_rayon_section():
    data = xlsx_bytes([
        ["ФИО", "Организация"],
        ["Таласская область"],
        ["Бакай-Атинский район"],
        ["Осмонов Кубан", "Ленинпольский а/о"],
        ["Нарынская область"],
        ["Капарова Динара", "Учкунский а/о"],
    ])
    row = read_sheet(data, "x.xlsx").rows.iloc[1]
    assert (row["section_oblast"], row["section_rayon"]) == ("Нарынская область", "")


def test_totals_line_is_not_a_participant():
    read = read_sheet(TITLE_MERGED)
    assert (13, "total") in read.skipped
    assert not read.rows["name"].str.contains("Итого").any()


def test_kyrgyz_totals_line_is_not_a_participant():
    read = read_sheet(MIXED)
    assert read.skipped[-1] == (9, "total")
    assert len(read.rows) == 3


def test_blank_rows_between_participants_are_skipped_as_blank():
    read = read_sheet(MIXED)
    assert (6, "blank") in read.skipped
    assert read.rows["source_row"].tolist() == [4, 5, 7]


def test_phone_typed_as_a_number_comes_back_as_digits():
    rows = read_sheet(TITLE_MERGED).rows
    assert rows["phone"].iloc[0] == "996555123456"


def test_cells_are_stripped_text():
    data = xlsx_bytes([["ФИО", "Организация", "Телефон"],
                       ["  Асанов Бакыт \n", "Ак-Булунский а/о", 555123456]])
    row = read_sheet(data, "x.xlsx").rows.iloc[0]
    assert (row["name"], row["phone"]) == ("Асанов Бакыт", "555123456")


def test_every_canonical_column_is_present_even_when_the_sheet_lacks_it():
    rows = read_sheet(TITLE_MERGED).rows
    assert list(rows.columns) == ["source_row", *FIELDS, "section_oblast", "section_rayon"]
    assert set(rows["email"]) == {""}


def test_row_with_neither_name_nor_organisation_is_not_a_participant():
    data = xlsx_bytes([
        ["№", "ФИО", "Организация", "Телефон"],
        ["1", "Асанов Бакыт", "Ак-Булунский а/о", ""],
        ["2", "", "", "0555 123 456"],
    ])
    read = read_sheet(data, "x.xlsx")
    assert len(read.rows) == 1
    assert (3, "no_name_or_organisation") in read.skipped  # not "blank": it holds a phone


def test_row_with_only_an_organisation_is_a_participant():
    data = xlsx_bytes([["ФИО", "Организация"], ["", "Ак-Булунский а/о"]])
    assert read_sheet(data, "x.xlsx").rows["organisation"].tolist() == ["Ак-Булунский а/о"]


def test_lone_name_in_a_row_is_a_participant_not_a_section():
    data = xlsx_bytes([["ФИО", "Организация"], ["Асанов Г. Н.", ""], ["", "Ак-Булунский а/о"]])
    assert read_sheet(data, "x.xlsx").rows["name"].tolist() == ["Асанов Г. Н.", ""]


# ----------------------------------------------------------------------------- headers


def test_mixed_ru_ky_headers_are_mapped_to_canonical_fields():
    mapping = read_sheet(MIXED).mapping
    assert mapping == {
        "number": "Катар саны",
        "name": "Аты-жөнү",
        "position": "Кызматы",
        "organisation": "Мекеме / Организация",
        "rayon": "Району",
        "oblast": "Облусу / Область",
        "gender": "Жынысы",
        "phone": "Телефон номери",
        "email": "E-mail",
    }


def test_english_headers_are_mapped_to_canonical_fields():
    mapping = read_sheet(FIXTURES / "utf8_bom_english_headers.csv").mapping
    assert mapping["name"] == "Full name"
    assert mapping["organisation"] == "Organization"
    assert mapping["rayon"] == "District"


def test_header_with_letters_lost_to_cp1251_is_still_recognised():
    data = "Аты-ж?н?;Мекеме\r\nЖээнбеков Нурлан;Ак-Булу? айыл аймагы\r\n".encode("cp1251")
    assert read_sheet(data, "x.csv").mapping["name"] == "Аты-ж?н?"


def test_mapping_override_wins_over_detection():
    data = xlsx_bytes([
        ["ФИО", "Организация", "Примечание"],
        ["Асанов Бакыт", "Ак-Суйский р-н", "Ак-Булунский а/о"],
    ])
    read = read_sheet(data, "x.xlsx", mapping={"organisation": "Примечание"})
    assert read.mapping["organisation"] == "Примечание"
    assert read.rows["organisation"].tolist() == ["Ак-Булунский а/о"]


def test_mapping_naming_a_missing_column_is_an_error_listing_the_headers():
    message = problem(TITLE_MERGED, mapping={"name": "Participant"})
    assert "'Participant'" in message and "Ф.И.О. / Аты-жөнү" in message


def test_mapping_with_an_unknown_field_is_an_error():
    assert "unknown fields" in problem(TITLE_MERGED, mapping={"surname": "Район"})


def test_detect_header_previews_the_header_and_mapping():
    guess = detect_header(TITLE_MERGED)
    assert (guess.sheet_name, guess.header_row) == ("Лист1", 4)
    assert guess.headers[1] == "Ф.И.О. / Аты-жөнү"
    assert guess.mapping["oblast"] == "Область"


def test_synonym_table_covers_every_field_in_three_languages():
    assert set(ingest.HEADER_SYNONYMS) == set(FIELDS)
    languages = [set(by_language) for by_language in ingest.HEADER_SYNONYMS.values()]
    assert all(found == {"ru", "ky", "en"} for found in languages)


# ----------------------------------------------------------------------------- sheets


def test_first_sheet_with_a_header_is_chosen_when_the_first_is_empty():
    read = read_sheet(FIXTURES / "two_sheets_first_empty.xlsx")
    assert read.sheet_name == "Участники"
    assert read.available_sheets == ["Лист1", "Участники", "Лист3"]


def test_named_sheet_is_read_when_given():
    data = FIXTURES.joinpath("two_sheets_first_empty.xlsx").read_bytes()
    assert "sheet is empty" in problem(data, "two.xlsx", sheet="Лист3")


def test_unknown_sheet_name_is_an_error_listing_the_sheets():
    message = problem(FIXTURES / "two_sheets_first_empty.xlsx", sheet="Свод")
    assert "Свод" in message and "Лист1, Участники, Лист3" in message


def test_list_sheets_gives_workbook_order():
    assert list_sheets(FIXTURES / "two_sheets_first_empty.xlsx") == ["Лист1", "Участники", "Лист3"]


def test_list_sheets_of_a_csv_is_empty():
    assert list_sheets(CP1251) == []


# ----------------------------------------------------------------------------- formats


def test_cp1251_csv_keeps_lost_kyrgyz_letters_as_question_marks():
    rows = read_sheet(CP1251).rows
    assert rows["organisation"].iloc[1] == "Ак-Булу? айыл аймагы"
    assert rows["position"].iloc[1] == "Айыл ?км?т?н?н башчысы"


def test_cp1251_csv_is_split_on_semicolons():
    assert read_sheet(CP1251).mapping["oblast"] == "Область"


def test_csv_source_row_is_the_physical_line_number():
    read = read_sheet(CP1251)
    assert read.header_row == 2
    assert read.rows["source_row"].tolist() == [4, 5, 6]


def test_csv_quoted_newline_keeps_the_next_row_on_its_own_line_number():
    data = 'ФИО;Организация\r\n"Асанов\nБакыт";А\r\nСыдыков Эрлан;Б\r\n'.encode()
    assert read_sheet(data, "x.csv").rows["source_row"].tolist() == [2, 4]


def test_utf16_tab_separated_csv_keeps_kyrgyz_letters():
    rows = read_sheet(FIXTURES / "utf16_tab_separated.csv").rows
    assert rows["organisation"].iloc[1] == "Ак-Булуң айыл аймагы"


def test_utf8_bom_does_not_leak_into_the_first_header():
    assert read_sheet(FIXTURES / "utf8_bom_english_headers.csv").mapping["number"] == "No."


def test_english_oblast_section_row_gives_context_to_rows_below():
    rows = read_sheet(FIXTURES / "utf8_bom_english_headers.csv").rows
    assert set(rows["section_oblast"]) == {"Jalal-Abad oblast"}


def test_quoted_comma_inside_a_csv_field_does_not_split_it():
    rows = read_sheet(FIXTURES / "utf8_bom_english_headers.csv").rows
    assert rows["organisation"].iloc[0] == "Suzak aiyl okmotu, Suzak district"


def test_xls_is_read_with_its_merged_cells():
    rows = read_sheet(FIXTURES / "registration.xls").rows
    assert rows["rayon"].tolist() == ["Нарынский р-н", "Нарынский р-н"]
    assert set(rows["section_oblast"]) == {"Нарынская область"}


def test_ods_is_read_with_its_merged_cells():
    rows = read_sheet(FIXTURES / "registration.ods").rows
    assert rows["oblast"].tolist() == ["Баткенская обл.", "Баткенская обл."]


def test_xlsm_is_read_like_xlsx():
    data = TITLE_MERGED.read_bytes()
    assert len(read_sheet(data, "registration.xlsm").rows) == 5


def test_bytes_and_a_path_give_the_same_rows_and_sha256():
    from_path = read_sheet(TITLE_MERGED)
    from_bytes = read_sheet(TITLE_MERGED.read_bytes(), TITLE_MERGED.name)
    assert from_path.rows.equals(from_bytes.rows)
    assert from_path.sha256 == from_bytes.sha256 and len(from_path.sha256) == 64


def test_an_upload_object_is_read_by_its_name():
    upload = io.BytesIO(CP1251.read_bytes())
    upload.name = "door.csv"
    assert read_sheet(upload).filename == "door.csv"


# ----------------------------------------------------------------------------- bad input


def test_png_renamed_xlsx_is_refused_as_not_a_spreadsheet():
    assert problem(FIXTURES / "not_a_spreadsheet.xlsx") == (
        "not_a_spreadsheet.xlsx: not a spreadsheet: the file is a PNG image"
    )


@pytest.mark.parametrize(
    ("head", "what"),
    [(b"%PDF-1.7\n", "PDF"), (b"MZ\x90\x00\x03", "program"), (b"<html><body>", "web page")],
)
def test_other_files_renamed_xlsx_are_refused_naming_what_they_are(head, what):
    assert what in problem(head + b"\x00" * 64, "list.xlsx")


def test_word_document_is_not_a_spreadsheet():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    assert "Word document" in problem(buffer.getvalue(), "list.xlsx")


def test_truncated_xlsx_is_reported_as_corrupt():
    assert "corrupt or truncated" in problem(FIXTURES / "truncated.xlsx")


def test_password_protected_xlsx_is_reported_as_password_protected():
    assert "password-protected" in problem(FIXTURES / "password_protected.xlsx")


def test_zip_bomb_is_refused_before_parsing(monkeypatch):
    def parser_must_not_run(*args, **kwargs):
        raise AssertionError("the parser was reached")

    workbook_class = python_calamine.CalamineWorkbook
    monkeypatch.setattr(workbook_class, "from_filelike", parser_must_not_run)
    assert "zip bomb" in problem(FIXTURES / "zip_bomb.xlsx")


def test_stray_cell_in_the_far_corner_is_refused_before_parsing():
    workbook = openpyxl.Workbook()
    workbook.active.append(["ФИО", "Организация"])
    workbook.active.append(["Асанов Бакыт", "Ак-Булунский а/о"])
    workbook.active["XFD1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert "delete the stray cells" in problem(buffer.getvalue(), "far.xlsx")


def test_xml_entity_bomb_is_refused():
    assert "XML bomb" in problem(FIXTURES / "xml_entity_bomb.xlsx")


def test_openpyxl_uses_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_file_over_the_size_limit_is_refused():
    assert "too large" in problem(TITLE_MERGED, max_bytes=1000)


def test_bytes_over_the_size_limit_are_refused():
    assert "too large" in problem(b"x" * 2000, "big.csv", max_bytes=1000)


def test_empty_file_is_refused():
    assert problem(b"", "empty.csv") == "empty.csv: the file is empty (0 bytes)"


def test_empty_sheet_is_refused():
    assert "sheet is empty" in problem(xlsx_bytes([]), "blank.xlsx")


def test_header_without_participants_is_refused():
    assert "no participant rows" in problem(xlsx_bytes([["ФИО", "Организация"]]), "x.xlsx")


def test_sheet_without_name_or_organisation_column_names_the_headers_seen():
    message = problem(FIXTURES / "no_name_or_org_column.csv")
    assert "no recognisable name or organisation column" in message
    assert "'Дата', 'Сумма', 'Комментарий'" in message


def test_unknown_encoding_is_refused():
    assert "unknown encoding" in problem(b"\x98\x98;\x98\r\n\x98;\x98\r\n", "odd.csv")


def test_missing_file_is_an_ingest_error():
    assert "cannot open" in problem(FIXTURES / "no_such_file.xlsx")


def test_error_is_one_line_naming_the_file():
    message = problem(FIXTURES / "truncated.xlsx")
    assert message.startswith("truncated.xlsx: ") and "\n" not in message


def test_a_contacts_cell_with_a_phone_and_an_e_mail_is_split_between_the_two_fields():
    sheet = ("ФИО;Организация;Контакты\n"
             "Асанов Бакыт;Ак-Булунский а/о;+996 555 123 456, asanov@mail.kg\n"
             "Исаева Айгуль;Тепкенский а/о;0700 111 222\n").encode()
    rows = ingest.read_sheet(sheet, "contacts.csv").rows
    assert rows.phone.tolist() == ["+996 555 123 456", "0700 111 222"]
    assert rows.email.tolist() == ["asanov@mail.kg", ""]
