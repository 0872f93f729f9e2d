"""Bytes to a grid of text: what the column and row readers can count on."""

from __future__ import annotations

from pathlib import Path

import pytest

from forumreach import grid
from forumreach.sheet_safety import IngestError

FIXTURES = Path(__file__).parent / "fixtures"


def grids_of(path: Path, sheet: str | None = None) -> tuple[list[grid.Grid], list[str]]:
    return grid.read_grids(path.read_bytes(), path.name, sheet)


def test_a_csv_is_one_unnamed_grid_numbered_by_physical_line():
    data = 'ФИО;Организация\r\n"Асанов\r\nБакыт";Жерге-Талский а/о\r\nМаматов Нурбек;Шекер АӨ\r\n'
    grids, names = grid.read_grids(data.encode("utf-8"), "door.csv", None)
    assert names == [] and len(grids) == 1 and grids[0].sheet_name == ""
    assert grids[0].row_numbers == [1, 2, 4]
    assert grids[0].cells[1] == ["Асанов\r\nБакыт", "Жерге-Талский а/о"]


def test_merged_group_headings_fill_every_cell_they_span():
    grids, _ = grids_of(FIXTURES / "two_row_header_group_row_over_field_row.xlsx")
    assert grids[0].cells[0] == ["№", "Участник", "Участник", "Место работы", "Место работы",
                                 "Контакты", "Контакты"]
    assert grids[0].cells[1][0] == "№"  # merged down over the field row


def test_every_sheet_of_a_workbook_is_a_grid_in_workbook_order():
    grids, names = grids_of(FIXTURES / "two_sheets_first_empty.xlsx")
    assert [g.sheet_name for g in grids] == names == ["Лист1", "Участники", "Лист3"]
    assert grid.list_sheets(FIXTURES / "two_sheets_first_empty.xlsx") == names


def test_numbers_come_back_as_the_text_an_analyst_typed():
    grids, _ = grids_of(FIXTURES / "title_rows_merged_cells_oblast_sections.xlsx")
    assert "996555123456" in grids[0].cells[5]


def test_load_bytes_refuses_an_oversize_file_before_reading_it():
    with pytest.raises(IngestError) as caught:
        grid.load_bytes(FIXTURES / "title_rows_merged_cells_oblast_sections.xlsx", None, 100)
    assert caught.value.message_id == "ingest.too_large"


def test_cells_come_back_without_what_word_left_in_them(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["ФИО", "Наименование\u00a0ОМСУ"])
    book.active.append(["Жээнбекова\u202fАйгүл", "Ак\u2011Суй\u00adский а/о\u200b"])
    book.save(tmp_path / "word.xlsx")
    (tmp_path / "word.csv").write_text("ФИО;Орган\nЖээнбекова\u00a0Айгүл;Кара\u2013Суу а/о\n",
                                       encoding="utf-8")

    xlsx, _ = grids_of(tmp_path / "word.xlsx")
    csv, _ = grids_of(tmp_path / "word.csv")
    assert xlsx[0].cells == [["ФИО", "Наименование ОМСУ"],
                             ["Жээнбекова Айгүл", "Ак-Суйский а/о"]]
    assert csv[0].cells[1] == ["Жээнбекова Айгүл", "Кара-Суу а/о"]
