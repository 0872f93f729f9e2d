"""The admin page's vintage import: a classifier is checked, reported, then saved; a bad one is
refused in the reader's language and saves nothing. The reform is SYNTHETIC."""

import pytest

from forumreach import gazetteer
from tests import synthetic_reform as reform

pytestmark = pytest.mark.apptest
CSV = "text/csv"


def with_file(open_page, name: str, data: bytes, vintage: str, lang: str = "en"):
    at = open_page("pages/admin.py", role="admin", lang=lang)
    at.file_uploader(key="admin_vintage_file").set_value((name, data, CSV)).run()
    at.text_input(key="admin_vintage_name").input(vintage).run()
    at.button(key="admin_vintage_check").click().run()
    assert not at.exception, at.exception
    return at


def test_a_checked_classifier_shows_its_counts_and_is_saved_as_a_vintage(open_page, frame_with,
                                                                         own_database):
    data = reform.reformed().to_csv(index=False).encode()
    at = with_file(open_page, "soate_2025.csv", data, "page2025")
    counts = frame_with(at, "Count")
    assert dict(zip(counts.Level, counts.Count, strict=True))["Aiyl aimak"] == "448"
    assert {m.label: m.value for m in at.metric}["LSG bodies"] == "479"
    assert own_database.list_vintages().empty  # nothing saved before the person says so
    at.button(key="admin_vintage_save").click().run()
    assert not at.exception, at.exception
    assert at.success[-1].value.startswith("Vintage “page2025” saved")
    assert own_database.list_vintages().name.tolist() == ["page2025"]
    gazetteer.load.cache_clear()
    assert len(gazetteer.load("page2025").lsg_bodies) == 479
    assert "page2025" in frame_with(at, "Valid from").Vintage.tolist()


def test_a_file_without_codes_is_refused_in_kyrgyz_and_nothing_is_saved(open_page,
                                                                        own_database):
    data = "Аталышы\nЧүй облусу\n".encode()
    at = with_file(open_page, "names_only.csv", data, "bad", lang="ky")
    assert "СОАТЭ коддору бар мамыча жок" in at.error[0].value
    assert "admin_vintage_save" not in [b.key for b in at.button]
    assert own_database.list_vintages().empty


def test_the_valid_from_day_is_typed_in_the_readers_order(open_page):
    at = open_page("pages/admin.py", lang="ru", role="admin")
    assert at.date_input(key="admin_vintage_valid_from").proto.format == "DD.MM.YYYY"
