"""The matcher against a held-out sheet of hand-typed rows and one behaviour per test."""

import pandas as pd
import pytest

from forumreach import matching
from forumreach.matching import Matcher, alias_key
from forumreach.schema import CONFIDENT, NOT_LSG, UNRESOLVED
from tests.conftest import FIXTURES

HELD_OUT = pd.read_csv(FIXTURES / "held_out_messy_rows_with_answers.csv", dtype=str,
                       keep_default_na=False)


def soate_of(gaz, name_ru: str, rayon_ru: str = "") -> str:
    """The answer, looked up by official names, independently of the matcher."""
    units = gaz.units[gaz.units.name_ru == name_ru]
    if rayon_ru:
        rayon = gaz.units[gaz.units.name_ru == rayon_ru].soate
        units = units[units.rayon_soate.isin(rayon)]
    assert len(units) == 1, (name_ru, rayon_ru)
    return units.soate.iat[0]


@pytest.mark.parametrize(
    "row", [r for r in HELD_OUT.itertuples() if r.expected_unit not in (NOT_LSG, "review")],
    ids=lambda r: f"{r.family}:{r.organisation}",
)
def test_each_variant_family_is_matched_to_the_right_body(gaz, matcher, row):
    found = matcher.match(row.organisation, row.rayon, row.oblast)
    assert found.status in CONFIDENT, found.reason
    assert found.unit_soate == soate_of(gaz, row.expected_unit, row.expected_rayon)


@pytest.mark.parametrize(
    "row", [r for r in HELD_OUT.itertuples() if r.expected_unit == NOT_LSG],
    ids=lambda r: r.organisation,
)
def test_ministries_agencies_donors_media_and_akims_are_not_lsg(matcher, row):
    found = matcher.match(row.organisation, row.rayon, row.oblast)
    assert found.status == NOT_LSG and found.unit_soate == ""


def test_same_named_aiyl_aimak_is_decided_by_rayon(gaz, matcher):
    naryn = matcher.match("Кара-Суу а/о", "Кочкорский р-н")
    aksy = matcher.match("Кара-Суу а/о", "Аксыйский р-н")
    assert naryn.unit_soate == soate_of(gaz, "Кара-Сууский айылный аймак", "Кочкорский район")
    assert aksy.unit_soate == soate_of(gaz, "Кара-Сууский айылный аймак", "Аксыйский район")


def test_same_named_aiyl_aimak_without_rayon_goes_to_review_with_every_candidate(gaz, matcher):
    found = matcher.match("Кара-Суу а/о")
    assert found.status == "review" and found.unit_soate == ""
    same_name = gaz.units[gaz.units.name_ru.isin(["Кара-Сууский айылный аймак",
                                                  "Кара-Суйский айылный аймак"])].soate
    assert {c.soate for c in found.candidates} == set(same_name)


def test_section_context_decides_when_the_rayon_column_is_empty(gaz, matcher):
    found = matcher.match("Кара-Суу а/о", section_rayon="Кочкорский район")
    assert found.unit_soate == soate_of(gaz, "Кара-Сууский айылный аймак", "Кочкорский район")
    assert "section" in found.reason


def test_oblast_section_narrows_a_name_unique_in_that_oblast(gaz, matcher):
    found = matcher.match("Кара-Суйский а/о", section_oblast="Таласская область")
    assert found.unit_soate == soate_of(gaz, "Кара-Суйский айылный аймак", "Таласский район")


@pytest.mark.parametrize("rayon", ["Ак-Суйский р-н", "Ак-Суу району", "Ak-Suu district",
                                   "Ак-Суйский район", "ак суйский"])
def test_rayon_names_are_read_in_every_form(gaz, matcher, rayon):
    assert matcher.context(rayon=rayon).rayon_soate == soate_of(gaz, "Ак-Суйский район")


def test_rayon_column_with_a_bare_name_prefers_the_rayon_over_the_same_named_city(gaz, matcher):
    assert matcher.context(rayon="Талас").rayon_soate == soate_of(gaz, "Таласский район")
    assert matcher.context(rayon="г. Талас").rayon_soate == soate_of(gaz, "г. Талас")


def test_a_one_letter_typo_in_a_repeated_name_is_never_guessed_without_rayon(matcher):
    found = matcher.match("Кара-Сууу а/о")
    assert found.status in UNRESOLVED


def test_an_unknown_name_is_unmatched_not_guessed(matcher):
    found = matcher.match("Общество охотников и рыболовов Кыргызстана села Нигде")
    assert found.status in ("unmatched", NOT_LSG) and found.unit_soate == ""


def test_fuzzy_match_within_rayon_records_its_score_and_reason(matcher):
    found = matcher.match("Челпекскый айыл окмоту", "Ак-Суйский р-н")
    assert found.status in CONFIDENT and found.unit_soate
    if found.status == "fuzzy":
        assert "within rayon" in found.reason and 88 <= found.score < 100


def test_a_reviewed_decision_is_applied_to_later_imports(gaz):
    target = soate_of(gaz, "Кара-Сууский айылный аймак", "Кочкорский район")
    decisions = pd.DataFrame([{"alias_norm": alias_key("Кара-Суу а/о"), "rayon_soate": "",
                               "unit_soate": target}])
    found = Matcher(gaz, decisions).match("Кара-Суу а/о")
    assert found.unit_soate == target and found.reason.startswith("alias")


def test_a_global_decision_does_not_override_a_contradicting_rayon(gaz):
    target = soate_of(gaz, "Кара-Сууский айылный аймак", "Кочкорский район")
    decisions = pd.DataFrame([{"alias_norm": alias_key("Кара-Суу а/о"), "rayon_soate": "",
                               "unit_soate": target}])
    found = Matcher(gaz, decisions).match("Кара-Суу а/о", "Аксыйский р-н")
    assert found.unit_soate == soate_of(gaz, "Кара-Сууский айылный аймак", "Аксыйский район")


def test_a_decision_that_a_text_is_not_lsg_is_remembered(gaz):
    decisions = pd.DataFrame([{"alias_norm": alias_key("Ассоциация пастбищных комитетов"),
                               "rayon_soate": "", "unit_soate": NOT_LSG}])
    found = Matcher(gaz, decisions).match("Ассоциация пастбищных комитетов")
    assert found.status == NOT_LSG


def test_cross_check_spellings_from_the_reference_match_their_code(gaz, matcher):
    found = matcher.match("Кек-Джарский айылный аймак", "Аламудунский район")
    assert found.unit_soate == "41708203828000"


# --- villages, the rayon in the cell, slips, organisers in Kyrgyz (issue 8) -------------------

def village_body(gaz, village_ru: str, rayon_ru: str) -> str:
    """The body governing a village, looked up in the reference table, not by the matcher."""
    rayon = gaz.units[gaz.units.name_ru == rayon_ru].soate.iat[0]
    rows = gaz.villages[(gaz.villages.name_ru == village_ru) & (gaz.villages.rayon_soate == rayon)]
    assert rows.unit_soate.nunique() == 1, (village_ru, rayon_ru)
    return rows.unit_soate.iat[0]


@pytest.mark.parametrize("text", ["с. Тюрген", "Түрген айылы", "село Тюрген", "Тюрген а.",
                                  "Түрген айылы, айыл өкмөтү"])
def test_a_village_unique_in_its_oblast_points_to_its_aiyl_aimak(gaz, matcher, text):
    found = matcher.match(text, "", "Ысык-Көл облусу")
    assert found.status in CONFIDENT
    assert found.unit_soate == village_body(gaz, "Тюрген", "Ак-Суйский район")
    assert found.reason.startswith("village_in_oblast")


def test_a_village_shared_by_several_bodies_goes_to_review_naming_the_village(matcher):
    found = matcher.match("с. Ленинское", "", "Чуйская область")
    assert found.status == "review" and len(found.candidates) >= 2
    assert found.reason.startswith("review_village") and "Ленинское" in found.reason


def test_a_village_named_like_a_city_goes_to_review(gaz, matcher):
    """The rule: "Кочкор-Ата айылы" is a village of Момбеково, but Кочкор-Ата is also a city."""
    found = matcher.match("Кочкор-Ата айылы", "", "Жалал-Абадская область")
    assert found.status == "review"
    assert set(c.soate for c in found.candidates) >= {
        village_body(gaz, "Кочкор-Ата", "Ноокенский район"),
        soate_of(gaz, "Кочкор-Ата", "Ноокенский район")}


def test_an_aiyl_okmotu_called_by_its_village_is_found_within_the_rayon(gaz, matcher):
    found = matcher.match("Тюрген айыл окмоту", "Ак-Суйский район")
    assert found.status in CONFIDENT
    assert found.unit_soate == village_body(gaz, "Тюрген", "Ак-Суйский район")


@pytest.mark.parametrize("text", [
    "Ак-Булунский а/о (Ак-Суйский р-н)", "Ак-Булунский айылный аймак, Ак-Суйский район",
    "Ак-Суйский р-н, Ак-Булунский а/о", "Ак-Булуң айыл аймагы, Ак-Суу району",
    "Ак-Булунский айылный аймак Ак-Суйского района",
])
def test_the_rayon_written_in_the_cell_is_context(gaz, matcher, text):
    found = matcher.match(text)
    assert found.status in CONFIDENT, found.reason
    assert found.unit_soate == soate_of(gaz, "Ак-Булунский айылный аймак", "Ак-Суйский район")


def test_a_cell_that_names_only_a_rayon_goes_to_review(matcher):
    assert matcher.match("Сокулукский район").status == "review"


def test_a_rayon_in_the_cell_that_lacks_the_body_does_not_give_a_confident_answer(matcher):
    found = matcher.match("Кок-Жарский а/о (Сокулукский р-н)")  # Кок-Жар lies in Аламудун
    assert found.status not in CONFIDENT


@pytest.mark.parametrize("typed", ["Ак-Булункий а/о", "Ак-Булнский а/о", "Ак-Булунсикй а/о"])
def test_a_slip_with_no_close_rival_in_the_rayon_is_confident(gaz, matcher, typed):
    found = matcher.match(typed, "Ак-Суйский район")
    assert found.status in CONFIDENT
    assert found.unit_soate == soate_of(gaz, "Ак-Булунский айылный аймак", "Ак-Суйский район")


def test_a_slip_without_a_rayon_or_oblast_stays_in_review(matcher):
    assert matcher.match("Ак-Булнский а/о").status not in CONFIDENT


@pytest.mark.parametrize("text", [
    "ЖӨБЭММА", "ЖӨБ Союзу", "Өнүктүрүү саясаты институту", "Швейцария элчилиги",
    "Президенттин ыйгарым укуктуу өкүлүнүн аппараты", "ЫӨӨ аппараты", "Ат-Башы РМА",
    "Кыргыз Республикасынын Өкмөтү", "райондук мамлекеттик администрация", "ГАМСУМО",
    "Союз МСУ", "Институт политики развития", "Посольство Швейцарии", "Embassy of Switzerland",
    "Development Policy Institute", "Кыргыз Республикасынын ?км?т?", "Жогорку Ке?еш",
    "Radio Azattyk", "БУУӨП",
])
def test_organisers_donors_and_state_bodies_are_not_lsg_in_all_languages(matcher, text):
    assert matcher.match(text).status == NOT_LSG


@pytest.mark.parametrize("text", ["Кара-Суу айыл өкмөтү", "Ак-Суу АӨ", "Тепке айыл окмоту"])
def test_an_aiyl_okmotu_in_kyrgyz_is_not_taken_for_the_government(matcher, text):
    assert matcher.match(text).status != NOT_LSG


def test_an_oblast_written_without_its_hyphen_is_read(matcher):
    assert matcher.context(oblast="Жалалабат").oblast_soate == \
        matcher.context(oblast="Жалал-Абадская область").oblast_soate != ""


def test_every_reason_the_matcher_gives_is_in_all_three_catalogs():
    import re
    from pathlib import Path

    from forumreach import i18n, matching

    source = Path(matching.__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'encode\(\s*"(\w+)"', source))
    assert len(codes) > 20
    for lang in i18n.LANGS:
        catalog = i18n.catalog(lang)
        missing = {c for c in codes if f"reason.{c}" not in catalog}
        assert not missing, (lang, missing)
        for value in ("name", "adjective", "lost_letters"):
            assert f"reason.how.{value}" in catalog
        for value in ("rayon_column", "rayon_section", "oblast_column", "oblast_section", "cell"):
            assert f"reason.source.{value}" in catalog


def test_a_reason_reads_in_the_users_language():
    from forumreach import i18n, reasons

    reason = reasons.encode("fuzzy_in_rayon", score=93)
    assert reasons.render(reason, i18n.Translator("ru")) == \
        "похожее название, 93, в пределах района"
    assert "райондун" in reasons.render(reason, i18n.Translator("ky"))
    assert reasons.render("reviewed by a person", i18n.Translator("ky")) == "reviewed by a person"


def test_a_name_with_lost_letters_is_not_taken_for_an_abbreviation(gaz, matcher):
    """ "Таш-Д?б?? А/?" (Таш-Дөбө in cp1251): its "б??" must not read as "БУУ", the UN."""
    found = matcher.match("Таш-Д?б?? А/?", "Аламудунский район")
    assert found.status in CONFIDENT
    assert found.unit_soate == soate_of(gaz, "Таш-Дебенский айылный аймак", "Аламудунский район")


def assert_found(gaz, matcher, text: str, body: str, rayon: str) -> None:
    """The line alone (no rayon column) gives this body with confidence."""
    found = matcher.match(text)
    assert found.status in CONFIDENT, found.reason
    assert found.unit_soate == soate_of(gaz, body, rayon)


@pytest.mark.parametrize(("text", "body", "rayon"), [
    ("мэpия г. Бaткeн", "г. Баткен", ""),
    ("специалист Чoлпон а/o Кочкор районy", "Чолпонский айылный аймак", "Кочкорский район"),
    ("АO Милянфан Ысык-Атa р.", "Милянфанский айылный аймак", "Ысык-Атинский район"),
    ("Шекeр айыл аймагы Кара-Буура pайону", "Шекерский айылный аймак", "Кара-Бууринский район"),
    ("гл. специалист Ак-Чийскoго а/о Ак-Сyу р-ну", "Ак-Чийский айылный аймак",
     "Ак-Суйский район"),
])
def test_latin_look_alike_letters_in_a_line_do_not_hide_the_body(gaz, matcher, text, body, rayon):
    assert_found(gaz, matcher, text, body, rayon)


@pytest.mark.parametrize(("text", "body", "rayon"), [
    ("Сузак а/ө, адиси; Сузак р.", "Сузакский айылный аймак", "Сузакский район"),
    ("депутат Кара-Булак а/о (Кемин р.)", "Кара-Булакский айылный аймак", "Кеминский район"),
    ("АО Саз; Сокулук р.,", "Сазский айылный аймак", "Сокулукский район"),
])
def test_the_short_rayon_form_x_r_is_read_as_the_rayon(gaz, matcher, text, body, rayon):
    assert_found(gaz, matcher, text, body, rayon)


@pytest.mark.parametrize("text", ["Ак-Булак 1985 г.р.", "р.п. Ак-Булак", "Ак-Булак р. п."])
def test_the_r_of_other_abbreviations_is_no_rayon_word(text):
    assert not matching._AREA_WORD.search(text)


@pytest.mark.parametrize(("text", "body", "rayon"), [
    ("Савай АӨнүн жооптуу катчысы, Кара-Суу р-ну", "Савайский айылный аймак",
     "Кара-Сууский район"),
    ("Казыбек а/ө, жооптуу катчысы, Ат-Башы району", "Казыбекский айылный аймак",
     "Ат-Башынский район"),
    ("Майдан айыл өкмөтүнүн эсепчиси, Кадамжай р.", "Майданский айылный аймак",
     "Кадамжайский район"),
])
def test_a_kyrgyz_line_with_the_position_in_it_reaches_the_body(gaz, matcher, text, body, rayon):
    assert_found(gaz, matcher, text, body, rayon)


def test_an_aiyl_marker_beside_the_rayon_names_a_body_not_only_the_area(gaz, matcher):
    found = matcher.match("АО Маймак Кара-Буура району")
    assert found.status in CONFIDENT, found.reason
    assert found.unit_soate == soate_of(gaz, "Маймакский айылный аймак", "Кара-Бууринский район")


@pytest.mark.parametrize("text", ["Сокулукский район", "а/о Сокулукского района", "Сузак р."])
def test_a_cell_naming_only_the_rayon_still_goes_to_review_with_or_without_a_marker(matcher, text):
    assert matcher.match(text).reason == "review_only_area"


@pytest.mark.parametrize("text", ["Каракольский городской суд, судья", "Минфин КР - эксперт"])
def test_courts_and_ministries_by_their_short_names_are_not_lsg(matcher, text):
    assert matcher.match(text).status == NOT_LSG


# --- places written as a path, and what Word leaves in a cell ---------------------------------


@pytest.mark.parametrize("text", [
    "Ош облусу", "Баткен облусу / Лейлек району", "Нарын облусу / Ат-Башы району",
    "Талас облусу, Талас району", "Жалал-Абад облусу / Аксы району", "Ош облусу / Алай району",
])
def test_an_oblast_or_rayon_in_the_cell_is_never_read_as_its_namesake_city(matcher, text):
    """"Ош облусу" is the oblast, not Osh city; a path that stops at a rayon names no body."""
    found = matcher.match(text)
    assert found.status not in CONFIDENT, (found.unit_soate, found.reason)
    assert found.reason.startswith("review_only_area")


@pytest.mark.parametrize(("text", "name_ru", "rayon_ru"), [
    ("Ошская область/Алайский район/Конур-Добонский айылный аймак",
     "Конур-Добонский айылный аймак", "Алайский район"),
    ("Ош облусу > Ноокат району > Ноокат шаары", "Ноокат", "Ноокатский район"),
    ("Чуйская область / Сокулукский район / Кызыл-Тууйский а/о", "Кызыл-Тууский айылный аймак",
     "Сокулукский район"),
])
def test_a_path_of_oblast_rayon_and_body_is_read_from_the_last_area_back(gaz, matcher, text,
                                                                          name_ru, rayon_ru):
    found = matcher.match(text)
    assert (found.status, found.unit_soate) == ("exact", soate_of(gaz, name_ru, rayon_ru))


def test_word_leftovers_and_footnote_marks_do_not_hide_a_name(gaz, matcher):
    want = soate_of(gaz, "Ынтымакский айылный аймак", "Ноокатский район")
    assert matcher.match("Ынтымак айыл\u200b өкмөтү\u200b", "Ноокатский район").unit_soate == want
    found = matcher.match("А/о Жеке\xadнди", "Чон\u2013Алайский р\u2013н")
    assert (found.status, found.unit_soate) == ("exact", soate_of(
        gaz, "Жекендинский айылный аймак", "Чон-Алайский район"))
    assert matcher.match("Кенешский а/о*").candidates  # three namesakes to choose from


def test_a_forms_other_answer_is_read_without_its_label(gaz, matcher):
    found = matcher.match("Другое: айыл окмоту Кен-Булун, Ысык-Атинский р-н")
    assert (found.status, found.unit_soate) == ("exact", soate_of(
        gaz, "Кен-Булунский айылный аймак", "Ысык-Атинский район"))


def test_a_treasury_office_is_not_lsg(matcher):
    assert matcher.match("Управление казначейства Ноокатского района").status == NOT_LSG
