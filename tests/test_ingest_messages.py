"""Every refusal of an upload can be told in ky, ru and en: it carries a message id and the
values for it, and the catalogs hold that id."""

import re
from pathlib import Path

import pytest

from forumreach import ROOT, ingest, sheet_safety
from forumreach.i18n import LANGS, Translator, catalog, placeholders
from forumreach.ingest import IngestError

FIXTURES = Path(__file__).parent / "fixtures"
# Wherever a refusal is raised (sheet_safety, reading the grid, choosing the columns).
SOURCES = sorted((ROOT / "forumreach").glob("*.py"))


def refusal(data, filename, **kwargs) -> IngestError:
    with pytest.raises(IngestError) as raised:
        ingest.read_sheet(data, filename, **kwargs)
    return raised.value


def test_every_message_id_an_upload_refusal_uses_is_in_all_three_catalogs():
    ids = {m for path in SOURCES for m in re.findall(r'"(ingest\.\w+)"', path.read_text())}
    ids.add(sheet_safety.LOCKED_WORKBOOK_ID)
    assert len(ids) > 15
    for lang in LANGS:
        missing = sorted(ids - set(catalog(lang)))
        assert not missing, f"{lang}: {missing}"


def test_the_three_catalogs_ask_for_the_same_values_of_each_refusal():
    for msg_id in (k for k in catalog("en") if k.startswith(("ingest.", "save."))):
        wanted = placeholders(catalog("en")[msg_id])
        assert all(placeholders(catalog(lang)[msg_id]) == wanted for lang in LANGS), msg_id


def test_text_renamed_to_xlsx_is_refused_as_not_a_spreadsheet():
    err = refusal(b"just some notes\nabout the forum\n", "notes.xlsx")
    assert err.message_id == "ingest.text_named_workbook"
    assert "not a spreadsheet" in err.problem
    assert Translator("ru")(err.message_id, **err.params).startswith(
        "это не электронная таблица")


def test_text_named_xls_is_still_read_as_the_tab_separated_export_it_often_is():
    sheet = "ФИО\tОрганизация\nАсанова Айгүл\tТеплоключенский АО\n".encode()
    assert len(ingest.read_sheet(sheet, "export.xls").rows) == 1


def test_an_image_renamed_to_xlsx_names_its_format():
    err = refusal(FIXTURES / "not_a_spreadsheet.xlsx", None)
    assert (err.message_id, err.params) == ("ingest.not_a_spreadsheet", {"kind": "PNG"})


def test_an_empty_csv_carries_the_empty_file_id():
    assert refusal(b"", "empty.csv").message_id == "ingest.empty_file"


def test_an_oversized_file_carries_its_size_and_the_limit():
    err = refusal(b"x" * 3 * 2**20, "big.csv", max_bytes=2 * 2**20)
    assert err.message_id == "ingest.too_large"
    assert err.params == {"size": 3.0, "limit": 2}
