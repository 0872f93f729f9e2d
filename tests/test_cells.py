"""What a cell reads as: the signal that finds a column no header word names."""

from __future__ import annotations

import pytest

from forumreach import cells
from forumreach.grid import Grid


def test_initials_of_a_name_do_not_read_as_a_town():
    assert cells.read_cell("Асанов Г. Н.") == "name"
    assert cells.read_cell("г. Ош") == "place"
    assert cells.read_cell("Кызыл-Жар а.") == "place"


@pytest.mark.parametrize(("text", "reading"), [
    ("Жерге-Тал АӨ", "place"), ("Ала-Бука айыл окмоту", "place"), ("мэрия г. Каракол", "place"),
    ("Аксы району", "rayon"), ("Аксыйский р-н", "rayon"), ("Ош облусу", "oblast"),
    ("Нарынская обл.", "oblast"), ("Башчы", "position"), ("head of aiyl okmotu", "position"),
    ("0555 123 456", "phone"), ("a.b@mail.kg", "email"), ("Эркек", "gender"),
    ("female", "gender"), ("2018/06/25 10:31:22", "timestamp"), ("Асанов Бакыт", "name"),
    ("Сапарбаева Гүлзат Асановна", "name"), ("Бакыт", "name_part"),
])
def test_a_cell_reads_as_what_people_write_there(text, reading):
    assert cells.read_cell(text) == reading


def test_a_column_share_counts_only_filled_cells_of_participant_rows():
    grid = Grid("", [
        ["ФИО", "Кайдан"],
        ["Чуйская область", "Чуйская область"],  # a section row: one text repeated
        ["Асанов Бакыт", "Жерге-Талский а/о"],
        ["Маматов Нурбек", ""],
        ["Токтогулова Айгуль", "что-то другое"],
    ], [1, 2, 3, 4, 5])
    shares = cells.column_readings(grid, 0, [0, 1])
    assert shares[0] == {"name": 1.0}
    assert shares[1] == {"place": 0.5, "mentions_place": 0.5, "": 0.5}


def test_a_position_naming_its_body_mentions_a_place():
    assert cells.read_cell("Глава Джерге-Талского а/о") == "position"
    assert cells.mentions_place("Глава Джерге-Талского а/о")
    assert not cells.mentions_place("Специалист")
