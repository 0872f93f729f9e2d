import pandas as pd
import pytest

from forumreach import duplicates


@pytest.mark.parametrize("typed", ["+996 772 190 904", "0772 190 904", "772190904",
                                   "(0772) 19-09-04", "996772190904"])
def test_one_kyrgyz_number_written_five_ways_is_one_phone(typed):
    assert duplicates.phone_keys(typed) == {"772190904"}


def test_a_cell_with_two_numbers_gives_both_and_a_dash_gives_none():
    assert duplicates.phone_keys("0772 190 904, 0555 242 382") == {"772190904", "555242382"}
    assert duplicates.phone_keys("-") == set() and duplicates.phone_keys(None) == set()


def test_a_name_meets_itself_in_any_case_order_and_kyrgyz_spelling():
    assert duplicates.person_key("Асанов Бакыт") == duplicates.person_key("БАКЫТ  АСАНОВ")
    assert duplicates.person_key("Үсөнов Жаныбек") == duplicates.person_key("Усонов Жаныбек")
    assert duplicates.person_key("Асанов Б.") != duplicates.person_key("Асанов Бакыт")


def _rows(*rows):
    return pd.DataFrame(rows, columns=["source_row", "name", "unit_soate", "organisation",
                                       "phone"])


def test_the_same_person_for_the_same_body_is_a_duplicate_of_the_first_row():
    found = duplicates.likely_duplicates(_rows(
        (2, "Асанов Бакыт", "41702205844000", "Тепке а/о", ""),
        (3, "Асанов Бакыт", "41702205852000", "Энилчек а/о", ""),  # another body: a namesake
        (4, "бакыт асанов", "41702205844000", "Тепке айыл аймагы", "")))
    assert found.isna().tolist() == [True, True, False] and found.iat[2] == 2


def test_the_same_phone_is_a_duplicate_whatever_the_name():
    found = duplicates.likely_duplicates(_rows(
        (2, "Осмонова Айгуль", "", "мэрия г. Каракол", "0555 242 382"),
        (3, "Осмонова А.", "", "Мэрия Каракола", "+996555242382")))
    assert found.isna().tolist() == [True, False] and found.iat[1] == 2


def test_namesakes_of_no_known_body_are_two_people():
    found = duplicates.likely_duplicates(_rows((2, "Исакова Чолпон", "", "", "0772 131 942"),
                                               (3, "Исакова Чолпон", "", "", "0555 917 442")))
    assert found.isna().all()
