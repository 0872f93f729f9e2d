import pandas as pd
import pytest

from forumreach import audit_view
from forumreach.i18n import Translator

SAVED = pd.Timestamp("2026-11-30T19:54:19.829498Z")  # 01:54 on 1 December in Bishkek


@pytest.mark.parametrize(("lang", "shown"), [
    ("ky", "2026-ж., 1-дек. 01:54"),
    ("ru", "1 дек. 2026\u202fг., 01:54"),
    ("en", "Dec 1, 2026, 1:54\u202fAM"),
])
def test_an_audit_time_is_bishkek_time_to_the_minute_in_the_readers_language(lang, shown):
    assert audit_view.moment(SAVED, Translator(lang)) == shown


def test_before_and_after_read_as_key_value_and_nothing_as_a_dash():
    assert audit_view.summary(None) == "—" and audit_view.summary("{}") == "—"
    assert audit_view.summary('{"role": "admin", "source": "local"}') == (
        "role: admin, source: local")
    assert audit_view.summary('{"match_score": 100.0, "unit_soate": ""}') == (
        "match_score: 100, unit_soate: —")


def test_a_long_record_is_cut_to_a_cell_and_a_file_hash_to_its_first_characters():
    sha = "b544165b1484bd999688f1a278e224c5077124532db2615f7ae6d94150359554"
    after = audit_view.summary(f'{{"event_id": 1, "source_sha256": "{sha}", '
                               f'"source_filename": "{"x" * 200}.xlsx"}}')
    assert len(after) <= audit_view.SUMMARY_CHARS and after.endswith("…") and sha not in after
    assert audit_view.target(f"sheet:{sha}:row:60") == "sheet:b544165b…:row:60"
    assert audit_view.target(None) == "—"
