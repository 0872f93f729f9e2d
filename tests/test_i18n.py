import re

import pandas as pd
import pytest

from forumreach import ROOT, access, colours, coverage, gazetteer, i18n, ingest, report, roles
from forumreach.gazetteer import LEVELS
from forumreach.schema import MATCH_STATUSES

# t("id"), t('id'), t.enum("prefix", ...), and ids passed on as strings ("page.x").
_CALL = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z_.0-9]+)["']""")
CODE = [ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")),
        *sorted((ROOT / "forumreach").glob("*.py"))]


def ids_used_in_code() -> set[str]:
    return {m for path in CODE for m in _CALL.findall(path.read_text(encoding="utf-8"))}


def ids_built_from_values() -> set[str]:
    """Ids the code builds from an enumeration (`status.head`, `page.map`, ...)."""
    built = {
        "status": coverage.CITY_STATUSES, "city_status": coverage.CITY_STATUSES,
        "role": roles.ROLES, "match": MATCH_STATUSES, "level": LEVELS,
        "kind": ("rural", "urban", "rayon_without_head", "city_without_head",
                 "absent_aiyl_aimak"),
        "measure": tuple(colours.MEASURES), "map.level": ("oblast", "rayon"),
        "figure": coverage.HEADLINE_CHANGES, "field": ingest.FIELDS, "skip": ingest.SKIP_REASONS,
        "access.role": access.ROLES, "page": access.PAGES,
        "report.make": ("pdf", "png"), "report.download": ("pdf", "png"),
        "report.hxl": ("adm1", "adm2"),
    }
    ids = {f"{prefix}{'_' if prefix.startswith('report.') else '.'}{value}"
           for prefix, values in built.items() for value in values}
    return ids | set(report.MESSAGE_IDS) | {"lang.name", "fmt.of", "app.title"}


def test_every_language_has_exactly_the_same_message_ids():
    english = set(i18n.catalog("en"))
    for lang in i18n.LANGS:
        assert set(i18n.catalog(lang)) == english, lang


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_message_id_the_code_uses_exists_in_each_language(lang):
    missing = (ids_used_in_code() | ids_built_from_values()) - set(i18n.catalog(lang))
    assert not missing


def test_the_code_scan_finds_the_ids_it_is_meant_to_check():
    used = ids_used_in_code()
    assert {"sidebar.language", "gaps.download_xlsx", "import.accept"} <= used


@pytest.mark.parametrize("lang", ("ky", "ru"))
def test_placeholders_are_the_same_in_every_language(lang):
    english = i18n.catalog("en")
    for msg_id, text in i18n.catalog(lang).items():
        assert i18n.placeholders(text) == i18n.placeholders(english[msg_id]), msg_id


@pytest.mark.parametrize("lang", ("ky", "ru"))
def test_no_text_is_left_in_english(lang):
    english = i18n.catalog("en")
    same = [k for k, v in i18n.catalog(lang).items()
            if v == english[k] and re.search(r"[A-Za-z]{3,}", re.sub(r"{\w+}", "", v))
            and not re.fullmatch(r"[A-Z0-9 ()%,.:/-]+", re.sub(r"{\w+}", "", v))]
    assert not same


def test_page_code_holds_no_language_branches():
    for path in [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py")]:
        assert not re.search(r"lang\s*==|lang\s+in\s*\(", path.read_text(encoding="utf-8")), path


def test_unknown_language_in_a_link_falls_back_to_the_default():
    assert i18n.normalise_lang("de") == i18n.DEFAULT_LANG
    assert i18n.normalise_lang("KY") == "ky"
    assert i18n.normalise_lang(None) == i18n.DEFAULT_LANG


def test_counts_and_shares_are_written_the_way_each_language_writes_them():
    assert i18n.Translator("en").of(99, 484) == "99 of 484"
    assert i18n.Translator("ru").of(99, 484) == "99 из 484"
    assert i18n.Translator("ky").of(99, 484) == "484 ичинен 99"
    assert i18n.Translator("en").percent(0.2155) == "21.6%"
    assert i18n.Translator("ru").percent(0.2155).startswith("21,6")


def test_a_missing_message_shows_english_rather_than_failing(monkeypatch):
    t = i18n.Translator("ky")
    monkeypatch.setattr(t, "messages", {})
    assert t("page.map") == "Map"
    assert t("no.such.id") == "no.such.id"


def test_localise_turns_codes_into_names_and_values_and_headings_into_the_language():
    gaz = gazetteer.load("2018")
    table = pd.DataFrame({"soate": ["41711000000000"], "status": ["head"]})
    ru = i18n.localise(table, i18n.Translator("ru"), gaz.units, ["unit", "status"])
    en = i18n.localise(table, i18n.Translator("en"), gaz.units, ["unit", "status"])
    assert list(ru.columns) == ["Название", "Статус"]
    assert ru.iloc[0].tolist() == [gaz.name("41711000000000", "ru"), "Глава приехал"]
    assert en.iloc[0].tolist() == [gaz.name("41711000000000", "en"), "Head came"]


def test_metric_tiles_write_a_count_against_a_total_in_the_language_s_digits():
    assert i18n.Translator("en").ratio(1234, 5000) == "1,234 / 5,000"
    assert i18n.Translator("ru").ratio(99, 484) == "99 / 484"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_signed_change_writes_plus_the_minus_sign_or_nothing_for_zero(lang):
    t = i18n.Translator(lang)
    assert [t.signed(v) for v in (3, -3, 0, None)] == ["+3", "\u22123", "0", i18n.UNKNOWN]
    assert t.points(-0.07).startswith("\u22127") and t.points(-0.0004).startswith("0")


def test_kyrgyz_spells_report_one_way_as_otchet_without_yo():
    spelled = {word.lower() for text in i18n.catalog("ky").values()
               for word in re.findall(r"\w*тч[её]т\w*", text, flags=re.IGNORECASE)}
    assert spelled and not [word for word in spelled if "ё" in word], spelled


SAVED = pd.Timestamp("2026-11-30T19:54:19.829498Z")  # 01:54 on 1 December in Bishkek


@pytest.mark.parametrize(("lang", "shown"), [
    ("ky", "2026-ж., 1-дек. 01:54"),
    ("ru", "1 дек. 2026\u202fг., 01:54"),
    ("en", "Dec 1, 2026, 1:54\u202fAM"),
])
def test_an_audit_time_is_bishkek_time_to_the_minute_in_the_readers_language(lang, shown):
    assert i18n.Translator(lang).moment(SAVED) == shown


def test_a_naive_time_is_read_as_utc_and_a_missing_one_is_unknown():
    assert i18n.Translator("en").moment(SAVED.tz_localize(None).to_pydatetime()) == (
        i18n.Translator("en").moment(SAVED))
    assert [i18n.Translator("ru").moment(x) for x in (None, pd.NaT, float("nan"))] == ["—"] * 3
