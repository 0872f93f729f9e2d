"""A list pasted one cell per participant is read as parts, wrapped lines joined, nothing lost
(forumreach.pasted_list, through forumreach.ingest)."""

import io

import openpyxl
import pytest

from forumreach import ingest, pasted_list
from forumreach.grid import Grid
from forumreach.pasted_list import Line, read_line

TITLE = "Список участников форума МСУ (из чата, 04.07.2018)"


def xlsx(lines: list[str | None], column: int = 1) -> bytes:
    """A workbook with one text per row in one column (None leaves the row empty)."""
    book = openpyxl.Workbook()
    for row, text in enumerate(lines, start=1):
        if text is not None:
            book.active.cell(row=row, column=column, value=text)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CHAT = [
    TITLE,
    None,
    "✅ 1. Бообеков Бакыт и.о. главы Онбир-Джылгинского а/о Чуйский район 0772 618 199",
    "2) Орозбаев Бакыт - бухгалтер Кара-Джалского а/о 0772 235 718",
    "Аламүдүн РМА, бөлүм башчысы - Мамытов Кубанычбек, 0707 922 205",
    "+ 3. Сыдыкова Айжан; мэрия г. Баткен; +996 555 248 941",
    "4. Ибраимова Гүлнара, гл. специалист",
    "Самаркандского а/о, Баткен р., 0700 726 877",
    "5.Мамбетов Эмил; и.о. главы Талды-Сууского а.о.; Тюпский район",
    "0707654048 (WhatsApp)",
    "6. Асанов Жыргалбек, Посольство Швейцарии, 0550255159",
]


@pytest.mark.parametrize(("text", "line"), [
    ("✅ 30. Бообеков Бакыт и.о. главы Онбир-Джылгинского а/о Чуйский район 0772 618 199",
     Line("30", "Бообеков Бакыт", "и.о. главы Онбир-Джылгинского а/о Чуйский район",
          "0772 618 199")),
    ("19) специалист АӨ Ак-Булун, Ак-Суйского р-на - Мамбетова Салтанат, 0707 871 396",
     Line("19", "Мамбетова Салтанат", "специалист АӨ Ак-Булун, Ак-Суйского р-на",
          "0707 871 396")),
    ("Жумабаев Мирлан - и.о. главы Кош-Коргонского айыл окмоту (Чүй р-ну) +996 777 619 346",
     Line("", "Жумабаев Мирлан", "и.о. главы Кош-Коргонского айыл окмоту (Чүй р-ну)",
          "+996 777 619 346")),
    ("6) Мамбетов Бакыт; Сузак а/ө, адиси; Сузак р.; 0772 563 565",
     Line("6", "Мамбетов Бакыт", "Сузак а/ө, адиси; Сузак р.", "0772 563 565")),
    ("Темиров Нурбек Жогорку Кенеш, помощник депутата 0772960661",
     Line("", "Темиров Нурбек", "Жогорку Кенеш, помощник депутата", "0772960661")),
    ("Асанов Бакыт Асанович глава Ак-Суйского а/о", Line(
        "", "Асанов Бакыт Асанович", "глава Ак-Суйского а/о", "")),
    ("тел 0555 138 281", Line("", "", "", "0555 138 281")),
    ("0707654048 (WhatsApp)", Line("", "", "", "0707654048")),
    # No person's name to be told apart: everything stays in the organisation, for review.
    ("Мэрия г. Токтогул 0700497691", Line("", "", "Мэрия г. Токтогул", "0700497691")),
])
def test_a_line_splits_into_number_name_organisation_and_phone(text, line):
    assert read_line(text) == line


def test_a_pasted_list_is_read_as_participants_and_wrapped_lines_join_the_line_above():
    read = ingest.read_sheet(xlsx(CHAT), "chat.xlsx")

    rows = read.rows.set_index("source_row")
    assert list(rows.index) == [3, 4, 5, 6, 7, 9, 11]
    assert rows.loc[7, "name"] == "Ибраимова Гүлнара"
    assert rows.loc[7, "organisation"] == "гл. специалист, Самаркандского а/о, Баткен р."
    assert rows.loc[7, "phone"] == "0700 726 877"
    assert rows.loc[9, "phone"] == "0707654048"
    assert rows.loc[5, ["name", "organisation"]].tolist() == [
        "Мамытов Кубанычбек", "Аламүдүн РМА, бөлүм башчысы"]
    assert dict(read.skipped) == {1: "title", 2: "blank", 8: pasted_list.CONTINUES,
                                  10: pasted_list.CONTINUES}
    assert read.mapping == {"number": "A·1", "name": "A·2", "organisation": "A·3",
                            "position": "A·3", "phone": "A·4"}
    assert read.mapping_evidence["name"].message_id == "columns.pasted_name"
    assert read.mapping_evidence["name"].params == {"column": "A"}


def test_the_list_may_sit_in_any_column_and_is_labelled_by_it():
    read = ingest.read_sheet(xlsx(CHAT, column=3), "chat.xlsx")
    assert read.mapping["name"] == "C·2"
    assert read.mapping_evidence["phone"].params == {"column": "C"}


def test_two_participants_in_a_row_are_never_joined():
    """A line below one that already names its body is a person of its own, phone or not."""
    lines = [
        "1. Асанов Бакыт, глава Ак-Суйского а/о",
        "Кара-Булакский а/о, 0555 111 222",
        "2. Осмонов Улан, глава Ак-Булунского а/о, 0555 333 444",
        "3. Исаков Улан, специалист Ак-Джарского а/о, 0777 555 666",
        "0555 000 111",
        "4. Сыдыков Бакыт, глава Ак-Терекского а/о, 0700 123 456",
        "5. Токтогулов Тилек, Жогорку Кенеш, 0709 840 149",
    ]
    read = ingest.read_sheet(xlsx(lines), "chat.xlsx")

    assert list(read.rows.source_row) == [1, 2, 3, 4, 6, 7]
    # A second phone under a line that has one is said as such, never joined or called empty.
    assert read.skipped == [(5, "no_name_or_organisation")]


def test_a_one_column_list_of_bodies_is_an_ordinary_sheet_not_a_pasted_one():
    lines = ["Организация", "Ак-Суйский а/о", "Кара-Булакский а/о", "Мэрия г. Ош",
             "Ак-Булунский а/о", "Ак-Джарский а/о", "Ак-Терекский а/о"]
    grid = Grid("", [[text] for text in lines], list(range(1, len(lines) + 1)))

    assert pasted_list.split(grid) is grid
    read = ingest.read_sheet(xlsx(lines), "bodies.xlsx")
    assert read.mapping == {"organisation": "Организация"}
    assert len(read.rows) == 6


def test_a_sheet_of_several_columns_is_never_read_as_a_pasted_list():
    grid = Grid("", [["1", "Асанов Бакыт", "глава Ак-Суйского а/о", "0555 111 222"]] * 6,
                list(range(1, 7)))
    assert pasted_list.split(grid) is grid


def test_an_analysts_choice_of_a_part_still_wins():
    read = ingest.read_sheet(xlsx(CHAT), "chat.xlsx", mapping={"position": "A·2"})
    assert read.mapping["position"] == "A·2"
    assert read.mapping["organisation"] == "A·3"


def test_every_row_of_the_list_is_a_participant_or_said_why_it_is_not():
    read = ingest.read_sheet(xlsx(CHAT), "chat.xlsx")
    accounted = sorted([*read.rows.source_row, *(number for number, _ in read.skipped)])
    assert accounted == list(range(1, len(CHAT) + 1))
    assert {why for _, why in read.skipped} <= set(ingest.SKIP_REASONS)


def test_a_name_and_a_phone_alone_is_a_name_not_an_organisation():
    assert read_line("Ибраимова Гүлнара 0700 444 555") == Line(
        "", "Ибраимова Гүлнара", "", "0700 444 555")


def test_a_list_of_names_and_phones_alone_is_refused_not_matched():
    lines = ["ФИО, телефон", *(f"{n}. Асанов Бакыт{n * 'а'} 0700 444 55{n}" for n in range(6))]
    with pytest.raises(ingest.IngestError):
        ingest.read_sheet(xlsx(lines), "names.xlsx")


def test_a_name_wrapped_below_its_body_joins_it():
    lines = [TITLE, "1. Кенешский а/о, гл. специалист", "Ибраимова Гүлнара 0700 444 555",
             *CHAT[2:6], CHAT[10]]
    read = ingest.read_sheet(xlsx(lines), "chat.xlsx")
    first = read.rows.iloc[0]
    assert (first.source_row, first["name"], first.organisation, first.phone) == (
        2, "Ибраимова Гүлнара", "Кенешский а/о, гл. специалист", "0700 444 555")
    assert (3, pasted_list.CONTINUES) in read.skipped


def test_a_body_below_a_guest_is_a_row_of_its_own_never_joined_to_it():
    """Joined to "специалист Минфин" the body would be read as not LSG and never reviewed."""
    lines = [TITLE, "2. Мамытов Кубат, специалист Минфин", "Ак-Талинский а/о, 0700 222 333",
             *CHAT[2:6]]
    read = ingest.read_sheet(xlsx(lines), "chat.xlsx")
    assert list(read.rows.source_row[:2]) == [2, 3]
    assert read.rows.organisation.iloc[1] == "Ак-Талинский а/о"


def test_a_list_numbered_in_a_column_of_its_own_is_read_with_those_numbers():
    book = openpyxl.Workbook()
    book.active.append(["Список участников", "Список участников"])
    for n, text in enumerate(CHAT[2:7], start=1):
        book.active.append([n, read_line(text).name + " " + read_line(text).organisation
                            + " " + read_line(text).phone])
    out = io.BytesIO()
    book.save(out)

    read = ingest.read_sheet(out.getvalue(), "numbered.xlsx")
    assert list(read.rows.number) == ["1", "2", "3", "4", "5"]
    assert read.rows["name"].iloc[0] == "Бообеков Бакыт"
    assert read.mapping["name"] == "B·2"
