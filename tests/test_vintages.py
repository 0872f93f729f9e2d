"""A classifier table loaded by its user becomes a vintage: read, classified, checked, stored,
found by the gazetteer and the matcher. The reform here is SYNTHETIC (tests/synthetic_reform.py).
"""

from __future__ import annotations

import io
import itertools

import openpyxl
import pandas as pd
import pytest

from forumreach import gazetteer, pipeline, vintages
from forumreach.i18n import Translator
from forumreach.schema import CONFIDENT
from forumreach.store import Store, VintageExistsError
from tests import synthetic_reform as reform
from tests.conftest import run_cli, run_cli_process
from tests.store_db import test_db_url

PLACE = ["soate", "level", "parent_soate", "rayon_soate", "oblast_soate"]
_names = (f"t{n}" for n in itertools.count())  # each test its own name: caches are per name


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh store that `gazetteer.load` also reads (through FORUMREACH_DB_URL)."""
    url = test_db_url(tmp_path)
    monkeypatch.setenv("FORUMREACH_DB_URL", url)
    gazetteer.load.cache_clear()
    yield Store(url)
    gazetteer.load.cache_clear()


def rows_of(table: pd.DataFrame) -> list[tuple]:
    return sorted(table.astype(str).itertuples(index=False, name=None))


def csv_bytes(table: pd.DataFrame) -> bytes:
    return table.to_csv(index=False).encode("utf-8")


def test_importing_the_2018_classifier_under_another_name_gives_the_same_units(store):
    name = next(_names)
    vintages.import_file(reform.CLASSIFIER_2018, name, store)
    built_in, loaded = gazetteer.load("2018"), gazetteer.load(name)
    assert rows_of(loaded.units[PLACE]) == rows_of(built_in.units[PLACE])
    assert rows_of(loaded.villages) == rows_of(built_in.villages[loaded.villages.columns])
    assert gazetteer.units_table(name).columns[:7].tolist() == gazetteer.UNIT_COLUMNS


def test_a_workbook_with_one_sheet_per_oblast_title_rows_and_totals_reads_the_same():
    table = reform.classifier_2018()
    book = openpyxl.Workbook()
    book.remove(book.active)
    for oblast, part in table.groupby(table.soate.str[3:5]):
        sheet = book.create_sheet(f"obl {oblast}")
        sheet.append(["Классификатор СОАТЭ (ГК 003)"])
        sheet.append([])
        sheet.append(["Код СОАТЭ", "Наименование на русском языке"])
        sheet.append(["", part.name_ru.iloc[0]])  # a section heading without a code
        for row in part.itertuples():
            sheet.append([int(row.soate), row.name_ru])  # Excel keeps codes as numbers
        sheet.append(["Итого", f"{len(part)} единиц"])
    data = io.BytesIO()
    book.save(data)
    read, _name, _sha = vintages.read_classifier(data.getvalue(), "soate.xlsx")
    assert rows_of(read[["soate", "name_ru"]]) == rows_of(table)


def test_the_synthetic_reform_imports_with_the_right_counts(store):
    prepared = vintages.prepare(csv_bytes(reform.reformed()), next(_names), filename="r.csv",
                                taken=[])
    counts = prepared.units.level.value_counts().to_dict()
    assert counts == {"aiyl_aimak": 453 - 3 - 2, "rayon": 40, "city_rayon": 16,
                      "city_oblast": 13, "oblast": 7, "city_republican": 2}
    assert prepared.report()["lsg_bodies"] == 484 - 5
    assert prepared.report()["bodies_without_rayon"] == []
    osh_villages = prepared.villages[prepared.villages.unit_soate == reform.OSH]
    assert len(osh_villages) == 8 + 7  # Кашгар-Кыштак's and Кызыл-Кыштак's villages


def test_derived_names_are_marked_and_unchanged_units_keep_their_curated_names(store):
    prepared = vintages.prepare(csv_bytes(reform.reformed()), next(_names), filename="r.csv",
                                taken=[])
    units = prepared.units.set_index("soate")
    manas = units.loc[reform.RENAMED_CITY[0]]
    assert manas.base_ru == "Манас" and manas.names_from == "derived:rule"
    assert manas.name_ky == "Манас шаары" and manas.name_en == "Manas city"
    assert units.loc["41703000000000"].names_from == "2018:ocha"


def test_a_registration_sheet_with_the_new_names_matches_on_the_new_vintage(store, tmp_path):
    name = next(_names)
    vintages.import_file(csv_bytes(reform.reformed()), name, store, filename="reform.csv")
    sheet = tmp_path / "seminar_2026.csv"
    sheet.write_text(
        "ФИО,Должность,Организация,Район,Область\n"
        "Асанов Б.,мэр,Мэрия г. Манас,,Джалал-Абадская\n"
        "Токтогулова А.,глава айыл окмоту,Ак-Булунский АО,Ак-Суйский,Иссык-Кульская\n"
        "Осмонов Н.,глава айыл окмоту,Кара-Коюнский айылный аймак,Ат-Башынский,Нарынская\n",
        encoding="utf-8")
    matched = pipeline.match_file(sheet, vintage=name).participants
    assert matched.match_status.isin(CONFIDENT).all(), matched.match_reason.tolist()
    assert matched.unit_soate.tolist() == [reform.RENAMED_CITY[0], "41702205805000",
                                           "41704220832000"]


def test_a_failing_file_saves_nothing_and_says_why_in_every_language(store):
    bad = pd.DataFrame({"soate": ["41702000000000", "4170220500"],
                        "name_ru": ["Иссык-Кульская область", "Ак-Суйский район"]})
    with pytest.raises(vintages.VintageError) as caught:
        vintages.import_file(csv_bytes(bad), next(_names), store, filename="bad.csv")
    assert store.list_vintages().empty
    assert "4170220500" in str(caught.value)
    assert "14" in caught.value.message(Translator("ky"))
    assert caught.value.message(Translator("ru")) != caught.value.message(Translator("en"))


def test_a_file_without_a_code_column_is_refused():
    data = "Наименование,Тип\nИссык-Кульская область,область\n".encode()
    with pytest.raises(vintages.VintageError, match="no column of SOATE codes"):
        vintages.read_classifier(data, "names_only.csv")


def test_codes_that_are_not_14_digits_are_refused():
    data = "Код,Наименование\n41702000000000,Иссык-Кульская область\n417022050000,Ак-Суу\n"
    with pytest.raises(vintages.VintageError, match="not 14 digits"):
        vintages.read_classifier(data.encode(), "short_codes.csv")


def test_an_empty_file_is_refused():
    with pytest.raises(vintages.VintageError, match="no classifier rows"):
        vintages.read_classifier(b"", "empty.csv")
    with pytest.raises(vintages.VintageError, match="no classifier rows"):
        vintages.read_classifier("Код СОАТЭ,Наименование\n".encode(), "header_only.csv")


def test_parent_links_that_go_round_in_a_circle_are_refused():
    data = ("soate,name_ru,parent_soate\n"
            "41702000000000,Иссык-Кульская область,\n"
            "41702205000000,Ак-Суйский район,41702205805000\n"
            "41702205805000,Ак-Булунский айылный аймак,41702205000000\n")
    with pytest.raises(vintages.VintageError, match="circle"):
        vintages.prepare(data.encode(), "loop", filename="loop.csv", taken=[])


def test_a_name_whose_type_words_contradict_its_code_cannot_be_classified():
    data = ("soate,name_ru\n41702000000000,Иссык-Кульская область\n"
            "41702205000000,Ак-Суйский район\n41702205805000,Ак-Булунский район\n")
    with pytest.raises(vintages.VintageError, match="cannot be classified"):
        vintages.prepare(data.encode(), "contra", filename="c.csv", taken=[])


def test_a_repeated_code_with_another_name_is_refused():
    data = ("soate,name_ru\n41702000000000,Иссык-Кульская область\n"
            "41702205000000,Ак-Суйский район\n41702205000000,Тонский район\n")
    with pytest.raises(vintages.VintageError, match="repeat"):
        vintages.prepare(data.encode(), "twice", filename="twice.csv", taken=[])


def test_a_taken_name_is_refused_and_the_store_never_replaces_a_vintage(store):
    with pytest.raises(vintages.VintageError, match="exists already"):
        vintages.prepare(reform.CLASSIFIER_2018, "2018", taken=["2018"])
    name = next(_names)
    prepared = vintages.prepare(reform.CLASSIFIER_2018, name, taken=[])
    vintages.save(prepared, store)
    with pytest.raises(VintageExistsError):
        vintages.save(prepared, store)


def test_the_vintage_valid_on_an_events_day_is_the_latest_started_by_then(store):
    name = next(_names)
    vintages.import_file(csv_bytes(reform.reformed()), name, store, filename="r.csv",
                         valid_from="2025-06-01")
    assert vintages.valid_on("2018-07-03", known=vintages.available(store)) == "2018"
    assert vintages.valid_on("2026-03-01", known=vintages.available(store)) == name
    assert vintages.valid_on(None, known=vintages.available(store)) == "2018"


def cli_on(url: str, *args: str):
    """`python -m forumreach …` on the database at `url`, in this process."""
    return run_cli(*args, db_url=url)


def test_the_cli_imports_a_classifier_lists_its_units_and_crosswalks_to_it(tmp_path):
    url = test_db_url(tmp_path)
    source = tmp_path / "soate_reformed.csv"
    reform.reformed().to_csv(source, index=False)
    done = run_cli_process("vintages", "import", source, "--name", "r2025",
                           "--valid-from", "2025-06-01", db_url=url)
    assert done.returncode == 0, done.stderr
    assert "aiyl_aimak 448" in done.stderr
    units = pd.read_csv(io.StringIO(cli_on(url, "units", "--vintage", "r2025", "--format",
                                            "csv").stdout), dtype=str)
    assert units.columns[:7].tolist() == gazetteer.UNIT_COLUMNS
    assert len(units) == 531 - 5 and units.soate.str.len().eq(14).all()
    walk = cli_on(url, "vintages", "crosswalk", "2018", "r2025", "--format", "csv")
    links = pd.read_csv(io.StringIO(walk.stdout), dtype=str, keep_default_na=False)
    assert set(links.flag) == {"ok"} and links.old_soate.nunique() == 484
    moved = links.set_index("old_soate").loc[list(reform.MOVED_TO_OSH), "new_soate"]
    assert set(moved) == {reform.OSH}


def test_the_cli_refuses_a_bad_classifier_with_one_line_and_saves_nothing(tmp_path):
    url = test_db_url(tmp_path)
    source = tmp_path / "names_only.csv"
    source.write_text("Наименование\nЧуйская область\n", encoding="utf-8")
    done = cli_on(url, "vintages", "import", str(source), "--name", "bad")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: The file has no column of SOATE codes (names_only.csv): it needs a 14-digit "
        "code and a Russian name."]
    assert cli_on(url, "vintages", "list").stdout.splitlines()[1:] == [
        "2018,2018-01-01,2024-12-31,False"]


def test_kyrgyz_and_english_names_in_the_file_are_kept_and_marked_as_from_the_file():
    data = ("Код СОАТЭ;Наименование на кыргызском языке;Наименование на русском языке;"
            "Наименование на английском языке\n"
            "41702000000000;Ысык-Көл облусу;Иссык-Кульская область;Issyk-Kul oblast\n"
            "41702205000000;Ак-Суу району;Ак-Суйский район;Ak-Suu rayon\n"
            "41702205805000;Ак-Булуң айыл аймагы;Ак-Булунский айылный аймак;"
            "Ak-Bulung aiyl aimak\n"
            "41702205805010;Ак-Булуң;Ак-Булун;Ak-Bulung\n")
    prepared = vintages.prepare(data.encode(), "named", filename="three_languages.csv",
                                taken=[])
    body = prepared.units.set_index("soate").loc["41702205805000"]
    assert body.name_ru == "Ак-Булунский айылный аймак"
    assert (body.name_ky, body.name_en) == ("Ак-Булуң айыл аймагы", "Ak-Bulung aiyl aimak")
    assert body.names_from == "file"
    assert prepared.units.set_index("soate").loc["41702000000000"].base_ky == "Ысык-Көл"
    assert prepared.villages.name_ky.tolist() == ["Ак-Булуң"]


def test_units_of_a_vintage_nobody_loaded_is_one_error_line(tmp_path):
    done = cli_on(test_db_url(tmp_path), "units", "--vintage", "2031", "--format", "csv")
    assert done.returncode == 2
    assert done.stderr.startswith("error: no vintage '2031'") and done.stdout == ""


def test_a_city_listed_at_its_own_code_and_again_at_village_position_is_one_body():
    data = ("soate,name_ru\n41702000000000,Иссык-Кульская область\n"
            "41702410000000,г. Каракол\n41702410000010,г. Каракол\n"
            "41702410520010,Пристань-Пржевальск\n")
    prepared = vintages.prepare(data.encode(), "cores", filename="cores.csv", taken=[])
    assert prepared.units.soate[prepared.units.is_lsg].tolist() == ["41702410000000"]
    assert set(prepared.villages.unit_soate) == {"41702410000000"}


def test_the_vintage_in_force_can_be_read_from_a_list_already_at_hand():
    known = vintages.available()
    assert vintages.valid_on("2018-07-03", known=known) == vintages.valid_on("2018-07-03")
    later = pd.concat([known, pd.DataFrame([{"name": "2025", "valid_from": "2025-06-01",
                                             "valid_to": None, "user_loaded": True}])])
    assert vintages.valid_on("2026-03-12", known=later) == "2025"


def test_a_day_after_every_vintage_is_out_of_force_and_says_until_when_the_units_held():
    known = vintages.available()
    lapsed = vintages.out_of_force("2025-05-20", "2018", known)
    assert lapsed == vintages.OutOfForce("2025-05-20", "2018", "2018-01-01", "2024-12-31")
    assert lapsed.after
    assert vintages.out_of_force("2024-12-31", "2018", known) is None
    assert vintages.out_of_force(None, "2018", known) is None


def test_a_day_before_every_vintage_is_out_of_force_but_not_after_it():
    lapsed = vintages.out_of_force("2015-03-01", "2018", vintages.available())
    assert lapsed is not None and not lapsed.after


def test_a_loaded_vintage_started_in_time_covers_the_day_and_ends_the_one_before():
    known = pd.concat([vintages.available(), pd.DataFrame([{
        "name": "2025", "valid_from": "2025-01-01", "valid_to": None, "user_loaded": True}])])
    assert vintages.out_of_force("2025-05-20", "2025", known) is None
    assert vintages.out_of_force("2025-05-20", "2018", known) is None  # picked by hand: a choice
    later = pd.concat([vintages.available(), pd.DataFrame([{
        "name": "2026", "valid_from": "2026-01-01", "valid_to": None, "user_loaded": True}])])
    assert vintages.out_of_force("2025-05-20", "2018", later).valid_to == "2024-12-31"
    spans = vintages.in_force(pd.DataFrame([
        {"name": "a", "valid_from": "2019-01-01", "valid_to": None, "user_loaded": True},
        {"name": "b", "valid_from": "2021-03-01", "valid_to": None, "user_loaded": True}]))
    assert spans.valid_to.tolist() == ["2021-02-28", None]
