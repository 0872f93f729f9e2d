"""One share format for every output: the locale's decimal separator, unknown as "—"."""

import pandas as pd
import pytest

from forumreach import i18n, privacy
from forumreach.i18n import UNKNOWN, Translator, format_share


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_a_share_in_russian_and_kyrgyz_has_a_decimal_comma(lang):
    assert format_share(0.1053, lang).startswith("10,5")
    assert "." not in format_share(0.1053, lang)


def test_a_share_in_english_has_a_decimal_point():
    assert format_share(0.1053, "en") == "10.5%"


def test_russian_puts_a_no_break_space_before_the_percent_sign():
    assert format_share(0.2126, "ru") == "21,3\xa0%"


@pytest.mark.parametrize("unknown", [None, float("nan"), pd.NA])
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_an_unknown_share_or_number_shows_as_a_dash(unknown, lang):
    t = Translator(lang)
    assert t.percent(unknown) == UNKNOWN == "—"
    assert t.number(unknown) == UNKNOWN
    assert t.points(unknown) == UNKNOWN


def test_a_suppressed_marker_passes_through_the_share_format():
    assert format_share(privacy.SUPPRESSED, "ru") == privacy.SUPPRESSED


def test_localise_writes_share_columns_as_percentages_of_the_language():
    units = pd.DataFrame({"name_ru": ["Чуй"]}, index=["41708000000000"])
    table = pd.DataFrame({"soate": ["41708000000000"], "share_present": [0.2126],
                          "women_share": [None]})
    out = i18n.localise(table, Translator("ru"), units, ["unit", "share_present", "women_share"])
    assert out.iloc[0].tolist() == ["Чуй", "21,3\xa0%", "—"]


def test_a_change_of_a_share_reads_in_percentage_points_and_counts_are_signed():
    change = pd.DataFrame([
        {"figure": "women_share", "before": 0.2126, "after": 0.25, "change": 0.0374},
        {"figure": "lsg_bodies_present", "before": 99, "after": 120, "change": 21},
        {"figure": "women_share", "before": None, "after": 0.25, "change": None},
    ])
    out = i18n.localise_change(change, Translator("ru"))
    assert out.iloc[0, 1:].tolist() == ["21,3\xa0%", "25,0\xa0%", "+3,7 п.п."]
    assert out.iloc[1, 1:].tolist() == ["99", "120", "+21"]
    assert out.iloc[2, 1:].tolist() == ["—", "25,0\xa0%", "—"]


def test_a_date_nobody_gave_is_unknown_not_blank():
    from forumreach.i18n import UNKNOWN, Translator

    assert Translator("ky").date("") == UNKNOWN
    assert Translator("ru").date(None) == UNKNOWN
    assert Translator("ru").date("2018-07-03").startswith("3 июля 2018")


def test_a_date_ending_in_a_stop_at_the_end_of_a_sentence_gets_one_stop():
    from forumreach.i18n import Translator

    ru = Translator("ru")
    said = ru("import.save_as", title="Форум", held_on=ru.date("2018-07-04"))
    assert said.endswith("2018\u202fг.") and not said.endswith("..")
