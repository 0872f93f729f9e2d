"""Position texts as they arrive on registration sheets, and the role each one means."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from forumreach.roles import (
    ROLES,
    classify_role,
    classify_roles,
    is_head,
    normalise_position,
    without_position,
)


@pytest.mark.parametrize(
    "position",
    [
        "Глава айыл окмоту",
        "глава АО",
        "Глава",
        "ГЛАВА А/О",
        "глава Кара-Суйского айыльного аймака",
        "Айыл өкмөтүнүн башчысы",
        "айыл окмотунун башчысы",
        "Мэр города",
        "мэр г. Каракол",
        "Бишкек шаарынын мэри",
        "Mayor",
        "Head of aiyl okmotu",
        "Aiyl okmotu head",
        "айыл ?км?т?н?н башчысы",
        "айыл ?km?t?n?n башчысы",
        "Глава?",
        "ГЛAВA AO",  # Latin A typed inside the Cyrillic word
    ],
)
def test_head_of_the_body_is_head_in_every_language(position):
    assert classify_role(position) == "head"


@pytest.mark.parametrize(
    "position",
    [
        "и.о. главы айыл окмоту",
        "И. о. главы",
        "ио главы АО",
        "и.о.главы",
        "И.О. мэра",
        "врио главы",
        "Вр.и.о. главы",
        "исполняющий обязанности главы",
        "Исполняющая обязанности мэра",
        "Айыл өкмөтүнүн башчысынын милдетин аткаруучу",
        "башчынын м.а.",
        "Айыл ?км?т?н?н башчысынын милдетин аткаруучу",
        "Acting head of aiyl okmotu",
        "acting mayor",
        "врио",
    ],
)
def test_acting_head_is_acting_head(position):
    assert classify_role(position) == "acting_head"


@pytest.mark.parametrize(
    "position",
    [
        "заместитель главы",
        "Зам. главы АО",
        "зам главы",
        "замглавы",
        "и.о. заместителя главы",
        "вице-мэр",
        "Первый вице-мэр г. Ош",
        "Айыл өкмөтүнүн башчысынын орун басары",
        "башчынын орунбасары",
        "мэрдин орун басары",
        "Deputy head of aiyl okmotu",
        "deputy mayor",
        "Vice mayor",
        "айыл ?км?т?н?н башчысынын орун басары",
    ],
)
def test_deputy_of_the_head_is_deputy_even_when_acting(position):
    assert classify_role(position) == "deputy"


@pytest.mark.parametrize(
    "position",
    [
        "Председатель айылного кенеша",
        "председатель городского кенеша",
        "Айылдык кеңештин төрагасы",
        "айылдык ке?ештин т?рагасы",
        "к?ѕеш т?рагасы",
        "Шаардык кеңештин төрагасы",
        "Chair of the aiyl kenesh",
        "Chairman of the local council",
    ],
)
def test_chair_of_the_local_council_is_council_chair(position):
    assert classify_role(position) == "council_chair"


@pytest.mark.parametrize(
    "position",
    [
        "депутат",
        "Депутат айылного кенеша",
        "член кенеша",
        "Член айылного кенеша",
        "Айылдык кеңештин депутаты",
        "кеңештин мүчөсү",
        "к?ѕештин м?ч?с?",
        "Council member",
        "member of the aiyl kenesh",
        "Local councillor",
    ],
)
def test_member_of_the_local_council_is_council_member(position):
    assert classify_role(position) == "council_member"


@pytest.mark.parametrize(
    "position",
    [
        "Специалист",
        "главный специалист айыл окмоту",
        "Ведущий специалист",
        "Ответственный секретарь",
        "ответ. секретарь АО",
        "бухгалтер",
        "Главный бухгалтер",
        "специалист мэрии",
        "Начальник финансового отдела мэрии",
        "Айыл өкмөтүнүн жооптуу катчысы",
        "Башкы адис",
        "айыл ?км?т?н?н адиси",
        "Каржы бөлүмүнүн башчысы",
        "finance officer",
        "Secretary of aiyl okmotu",
        "Head of finance department",
        "социальный работник",
        "заместитель начальника финансового отдела",
    ],
)
def test_staff_of_the_body_is_staff(position):
    assert classify_role(position) == "staff"


@pytest.mark.parametrize(
    "position",
    [
        "",
        "   ",
        "директор",
        "Директор школы",
        "Заместитель директора",
        "председатель Союза МСУ",
        "Председатель ОО «Аялзат»",
        "Председатель",
        "Глава Государственного агентства по делам местного самоуправления",
        "заместитель министра финансов",
        "Депутат Жогорку Кенеша",
        "Head of the agency for local self-government",
        "Specialist, Ministry of Finance",
        "UNDP project coordinator",
        "Посол",
        "Embassy of Switzerland, deputy head of mission",
        "???",
        "? ? ?",
        "и ?",
    ],
)
def test_other_positions_and_non_lsg_organisations_are_other(position):
    assert classify_role(position) == "other"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, 42])
def test_missing_or_non_text_position_is_other(missing):
    assert classify_role(missing) == "other"


def test_main_specialist_is_not_mistaken_for_the_head():
    assert classify_role("главный специалист") == "staff"


def test_city_hall_word_is_not_mistaken_for_the_mayor():
    assert classify_role("сотрудник мэрии") == "other"


def test_kyrgyz_letters_lost_to_question_marks_normalise_like_their_plain_vowels():
    assert normalise_position("Айыл ӨКМӨТҮНҮН башчысы") == "айыл окмотунун башчысы"
    assert normalise_position("айыл ?km?t?n?n") == "айыл ?км?т?н?н"


@pytest.mark.parametrize(
    ("role", "sent_head"),
    [("head", True), ("acting_head", True), ("deputy", False), ("council_chair", False),
     ("council_member", False), ("staff", False), ("other", False)],
)
def test_acting_head_counts_as_the_body_sending_its_head(role, sent_head):
    assert is_head(role) is sent_head


def test_roles_are_listed_from_head_to_other():
    assert ROLES == (
        "head", "acting_head", "deputy", "council_chair", "council_member", "staff", "other",
    )


def test_column_classification_keeps_index_and_order():
    positions = pd.Series(
        ["глава АО", None, "депутат", "глава АО", "специалист"], index=[10, 11, 12, 13, 14]
    )
    roles = classify_roles(positions)
    assert roles.tolist() == ["head", "other", "council_member", "head", "staff"]
    assert roles.index.tolist() == [10, 11, 12, 13, 14]


def test_column_classification_agrees_with_row_classification():
    positions = pd.Series(["И.о. главы", "зам. главы", "Член кенеша", "", "Mayor"] * 3)
    assert classify_roles(positions).tolist() == [classify_role(p) for p in positions]


@given(st.text())
def test_any_text_gets_one_of_the_roles(position):
    assert classify_role(position) in ROLES


@given(st.text(alphabet="главаизмоыөүң?.- кенштрдgheadmyo", max_size=40))
def test_keyword_shaped_noise_gets_one_of_the_roles(position):
    assert classify_role(position) in ROLES


@pytest.mark.parametrize(
    ("cell", "body"),
    [("Савай АӨнүн жооптуу катчысы, Кара-Суу р-ну", "Савай АӨнүн Кара-Суу р-ну"),
     ("Казыбек а/ө, жооптуу катчысы, Ат-Башы району", "Казыбек а/ө Ат-Башы району"),
     ("Кара-Ой АӨнүн башкы адиси", "Кара-Ой АӨнүн"),
     ("Ак-Суу айыл өкмөтүнүн бөлүм башчысы", "Ак-Суу айыл өкмөтүнүн"),
     ("Ак-Суу АӨнүн башчысынын орун басары", "Ак-Суу АӨнүн"),
     ("гл. специалист Мырза-Акинского а/о", "Мырза-Акинского а/о")],
)
def test_kyrgyz_and_abbreviated_positions_are_taken_out_of_the_organisation_cell(cell, body):
    assert without_position(cell) == body


def test_a_latin_abbreviation_of_look_alikes_in_a_cyrillic_position_reads_as_cyrillic():
    assert normalise_position("Глава AO Ак-Булун") == "глава ао ак-булун"
