"""What a person sees in review: bodies told apart, found by village, reasons and errors in
their language, a clock, and default slugs two files never share."""

import pandas as pd
import pytest

from forumreach import gazetteer, review
from forumreach.i18n import Translator
from forumreach.ingest import IngestError
from forumreach.store import EventConflictError

AK_KUDUK_NARYN = "41704245806000"
AK_KUDUK_YSYK_ATA = "41708206803000"
KARA_JAL = "41702205812000"  # governs the village Тегизчил


def test_same_named_bodies_are_labelled_with_their_rayon_and_oblast(gaz):
    naryn = review.body_label(gaz, AK_KUDUK_NARYN, "ru")
    ysyk_ata = review.body_label(gaz, AK_KUDUK_YSYK_ATA, "ru")
    assert naryn != ysyk_ata
    assert naryn == "Ак-Кудукский айылный аймак — Нарынский район, Нарынская область"
    assert "Ысык-Атинский район" in ysyk_ata and "Чуйская область" in ysyk_ata


def test_a_city_of_republican_rank_is_labelled_by_its_name_alone(gaz):
    assert review.body_label(gaz, "41711000000000", "en") == "Bishkek city"


def test_searching_part_of_a_name_finds_every_body_of_that_name(gaz):
    found = review.search_bodies(gaz, "ак-кудук", "ru")
    assert set(found.soate) == {AK_KUDUK_NARYN, AK_KUDUK_YSYK_ATA}
    assert found.label.nunique() == 2


def test_a_name_typed_without_its_hyphen_is_found(gaz):
    assert AK_KUDUK_NARYN in set(review.search_bodies(gaz, "Аккудук", "ru").soate)


def test_a_body_is_found_by_one_of_its_villages(gaz):
    found = review.search_bodies(gaz, "Тегизчил", "ky")
    assert found.soate.tolist() == [KARA_JAL]
    assert found.village.tolist() == ["Тегизчил"]


def test_a_body_found_by_its_own_name_comes_before_one_found_by_a_village(gaz):
    found = review.search_bodies(gaz, "ак", "ru", limit=500)
    by_village = found.village != ""
    assert by_village.any() and not by_village.iloc[0]
    assert by_village.is_monotonic_increasing


def test_an_empty_search_finds_nothing(gaz):
    assert review.search_bodies(gaz, "  ", "ru").empty


def test_the_search_works_for_a_vintage_without_villages(gaz):
    from dataclasses import replace

    without = replace(gaz, villages=gaz.villages.iloc[0:0])
    review._search_index.cache_clear()
    try:
        from unittest import mock

        with mock.patch.object(gazetteer, "load", return_value=without):
            assert review.search_bodies(without, "Тегизчил", "ru").empty
            assert not review.search_bodies(without, "ак-кудук", "ru").empty
    finally:
        review._search_index.cache_clear()


def test_a_candidate_is_labelled_with_body_rayon_similarity_out_of_100_and_number(gaz):
    candidate = review.candidates_of([(AK_KUDUK_NARYN, 59.0, "fuzzy 59")])[0]
    label = review.candidate_label(gaz, candidate, Translator("ru"), number=2)
    assert label.startswith("2 · Ак-Кудукский айылный аймак — Нарынский район")
    assert "сходство 59/100" in label


def test_a_reason_with_a_code_is_shown_in_the_readers_language():
    t = Translator("ky")
    code = next(k.removeprefix("reason.") for k in t.messages if k.startswith("reason.")
                and "{" not in t.messages[k])
    assert review.reason_text("english text", t, code) == t(f"reason.{code}")
    assert review.reason_text("english text", t, code) != "english text"


def test_a_reason_with_an_unknown_code_falls_back_to_its_stored_text():
    assert review.reason_text("fuzzy 59", Translator("ru"), "no_such_code") == "fuzzy 59"


def test_a_reason_params_may_arrive_as_json_text():
    t = Translator("en")
    code = next((k.removeprefix("reason.") for k, v in t.messages.items()
                 if k.startswith("reason.") and "{score}" in v and v.count("{") == 1), None)
    if code is None:
        pytest.skip("no reason with only a score in the catalog yet")
    assert "93" in review.reason_text("", t, code, '{"score": 93}')


def test_an_ingest_error_is_told_in_the_readers_language():
    err = IngestError("a.xlsx", "the file is empty (0 bytes)", "ingest.empty_file")
    assert review.user_message(err, Translator("ru")) == "файл пуст (0 байт)."
    assert review.user_message(err, Translator("ky")) == "файл бош (0 байт)."


def test_an_error_without_a_message_id_keeps_its_own_text():
    err = IngestError("a.xlsx", "something new")
    assert review.user_message(err, Translator("ru")) == "something new"


def test_a_slug_conflict_names_the_slug_in_the_readers_language():
    err = EventConflictError("forum-2018", 3, "Forum")
    text = review.user_message(err, Translator("ru"))
    assert "«forum-2018»" in text and "Could not" not in text


def test_two_different_files_with_one_name_get_different_default_slugs():
    first = review.suggest_slug("registration", "a" * 64)
    second = review.suggest_slug("registration", "b" * 64)
    assert first != second
    assert first == review.suggest_slug("registration", "a" * 64)


def test_a_default_slug_is_latin_and_url_safe():
    slug = review.suggest_slug("Форум ЖӨБ 2018 (копия)", "0123456789abcdef" * 4)
    assert slug.endswith("-01234567")
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug)


def test_the_default_slug_follows_the_title_until_a_person_types_their_own():
    first = review.suggest_slug("registration", "a" * 64)
    titled = review.suggest_slug("Rayon meeting", "a" * 64)
    assert review.slug_to_offer(None, None, first) == (first, first)
    assert review.slug_to_offer(first, first, titled) == (titled, titled)
    assert review.slug_to_offer("", first, titled) == (titled, titled)
    assert review.slug_to_offer("naryn-2019", first, titled) == ("naryn-2019", titled)
    assert review.slug_to_offer(first, first, titled, saved=True) == (first, titled)


def test_the_review_clock_runs_until_the_queue_is_empty():
    running = review.progress(2, 5, started=100.0, now=160.0)
    stopped = review.progress(0, 5, started=100.0, finished=130.0)
    assert (running.left, running.done, running.seconds) == (2, 3, 60.0)
    assert stopped.seconds == 30.0


def test_a_duration_is_told_in_minutes_and_seconds():
    assert review.duration_text(125, Translator("en")) == "2 min 5 s"
    assert review.duration_text(9, Translator("ru")) == "9 с"


def test_the_next_row_wraps_and_a_decided_row_leads_to_the_first():
    assert review.next_row([3, 7, 9], 9) == 3
    assert review.next_row([3, 7, 9], 3, -1) == 9
    assert review.next_row([3, 9], 7) == 3
    assert review.next_row([], 7) is None


def test_after_a_decision_review_goes_to_the_very_next_open_row():
    from forumreach import review

    rows = [9, 29, 42, 79]
    assert review.row_after_decision(rows, 29) == 42  # not 79: no row is skipped
    assert review.row_after_decision(rows, 79) == 9  # the end wraps to the first open row
    assert review.row_after_decision([42], 42) is None


def test_a_line_break_in_a_label_reads_as_one_space():
    assert review.one_line("Глава\nСары-Булакский а/о") == "Глава Сары-Булакский а/о"
    assert review.one_line("И.о. главы,\r\n  Бороолй а/о ") == "И.о. главы, Бороолй а/о"
    assert review.one_line(None) == ""


def test_the_rows_a_person_decided_count_accepted_and_not_lsg_apart():
    first = pd.DataFrame({"match_status": ["exact", "review", "review", "unmatched", "review"]})
    now = pd.DataFrame({"match_status": ["exact", "manual", "not_lsg", "manual", "review"]})
    decided = review.decided(first, now)
    assert len(decided.rows) == 3 and decided.accepted == 2 and decided.not_lsg == 1
