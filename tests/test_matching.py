"""The matcher against a held-out sheet of hand-typed rows and one behaviour per test."""

import pandas as pd
import pytest

from forumreach import gazetteer
from forumreach.matching import Matcher, alias_key
from forumreach.schema import CONFIDENT, NOT_LSG, UNRESOLVED
from tests.conftest import FIXTURES

HELD_OUT = pd.read_csv(FIXTURES / "held_out_messy_rows_with_answers.csv", dtype=str,
                       keep_default_na=False)


@pytest.fixture(scope="module")
def gaz():
    return gazetteer.load("2018")


@pytest.fixture(scope="module")
def matcher(gaz):
    return Matcher(gaz)


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
