import csv
import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from forumreach import coverage, demo, export

HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1"]


@pytest.fixture(scope="module")
def oblasts(gaz):
    return coverage.by_oblast(demo.participants(), gaz)


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_a_spreadsheet_would_evaluate_gets_an_apostrophe(text):
    assert export.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", [-5, -5.25, "-5", "+7", "-1.5e3", "ordinary text", None])
def test_numbers_and_plain_text_are_left_as_they_are(value):
    assert export.neutralise(value) == value


def test_formula_cells_are_inert_text_in_the_xlsx_read_back():
    frame = pd.DataFrame({"name": HOSTILE})
    ws = _sheet(export.to_xlsx(frame))
    cells = [ws.cell(row=i, column=1) for i in range(2, 2 + len(HOSTILE))]
    assert [c.value for c in cells] == [h.replace("\r", "\n") for h in HOSTILE]  # XML: CR as LF
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_a_formula_in_a_column_name_or_title_is_inert_too():
    frame = pd.DataFrame({"=cmd()": ["a"]})
    ws = _sheet(export.to_xlsx(frame, title="=evil()"))
    assert ws["A1"].data_type == "s" and ws["A1"].value == "=evil()"
    assert ws["A3"].data_type == "s" and ws["A3"].value == "=cmd()"


def test_phones_and_dash_notes_read_in_the_xlsx_as_written_without_an_apostrophe():
    frame = pd.DataFrame({"phone": ["+996 555 391 480", "0555 123 456"],
                          "note": ["- called twice", "@ office"]})
    ws = _sheet(export.to_xlsx(frame, title="+ follow-up"))
    assert ws["A1"].value == "+ follow-up"
    assert [ws["A3"].value, ws["A4"].value] == ["phone", "+996 555 391 480"]
    assert [ws["B4"].value, ws["B5"].value] == ["- called twice", "@ office"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_a_phone_starting_with_plus_keeps_its_apostrophe_in_the_csv():
    text = export.to_csv(pd.DataFrame({"phone": ["+996 555 391 480"]})).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1] == ["'+996 555 391 480"]


def test_negative_numbers_stay_numeric_in_the_xlsx():
    frame = pd.DataFrame({"change": [-5, 3], "share": [-0.25, 0.5], "label": ["a", "=b"]})
    ws = _sheet(export.to_xlsx(frame))
    assert ws["A2"].value == -5 and ws["A2"].data_type == "n"
    assert ws["B2"].value == -0.25 and ws["B2"].data_type == "n"


def test_missing_values_become_empty_cells():
    frame = pd.DataFrame({"x": [1.0, None], "y": ["a", None]})
    ws = _sheet(export.to_xlsx(frame))
    assert ws["A3"].value is None and ws["B3"].value is None


def test_each_frame_of_a_dict_becomes_a_named_sheet():
    data = export.to_xlsx({"Rayons": pd.DataFrame({"a": [1]}), "Cities/towns": pd.DataFrame()})
    assert load_workbook(io.BytesIO(data)).sheetnames == ["Rayons", "Cities towns"]


def test_csv_starts_with_a_bom_and_keeps_cyrillic():
    data = export.to_csv(pd.DataFrame({"name_ky": ["Ысык-Көл облусу"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Ысык-Көл облусу" in data.decode("utf-8-sig")


def test_csv_neutralises_formulas_but_not_negative_numbers():
    text = export.to_csv(pd.DataFrame({"n": [-5], "t": ["=1+1"]})).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1] == ["-5", "'=1+1"]


def test_hxl_csv_has_a_hashtag_row_under_the_header(oblasts, gaz):
    rows = list(csv.reader(io.StringIO(export.hxl_csv(oblasts, "adm1", gaz).decode("utf-8-sig"))))
    header, tags = rows[0], rows[1]
    assert dict(zip(header, tags, strict=True))["soate"] == "#adm1+code"
    assert "#adm1+name+i_ky" in tags and "#reached+lsg_bodies+num" in tags
    assert all(t.startswith("#") for t in tags)
    assert len(rows) == 2 + len(oblasts)


def test_hxl_shares_are_percentages(oblasts):
    rows = list(csv.DictReader(io.StringIO(export.hxl_csv(oblasts, "adm1").decode("utf-8-sig"))))
    data = rows[1:]
    assert max(float(r["pct_present"]) for r in data) > 1


def test_hxl_leaves_the_rayons_of_bishkek_and_osh_empty_rather_than_zero(oblasts):
    rows = list(csv.DictReader(io.StringIO(export.hxl_csv(oblasts, "adm1").decode("utf-8-sig"))))
    by_soate = {r["soate"]: r for r in rows[1:]}
    for city in ("41711000000000", "41721000000000"):  # republican cities: no rayons
        assert by_soate[city]["rayons_covered"] == by_soate[city]["rayons_total"] == ""
    assert by_soate["41708000000000"]["rayons_total"] == "8"


def test_hxl_rayon_table_names_its_oblast_as_adm1(gaz):
    rayons = coverage.by_rayon(demo.participants(), gaz)
    rayons["oblast_soate"] = rayons.soate.map(gaz.units.oblast_soate)
    tags = export.hxl_csv(rayons, "adm2").decode("utf-8-sig").splitlines()[1].split(",")
    assert tags[0] == "#adm2+code" and "#adm1+code" in tags


def test_hxl_csv_carries_no_personal_column():
    text = export.hxl_csv(demo.participants(), "lsg").decode("utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert not {"name", "phone", "email", "position"} & set(header)


def test_unknown_hxl_level_is_refused(oblasts):
    with pytest.raises(ValueError, match="adm3"):
        export.hxl_csv(oblasts, "adm3")


def test_donor_export_has_no_name_phone_or_free_text():
    kept = export.personal_columns_removed(demo.participants())
    assert not {"name", "phone", "email", "position", "organisation"} & set(kept.columns)
    assert {"unit_soate", "role"} <= set(kept.columns)


def test_file_name_carries_the_event_the_kind_and_the_date():
    name = export.filename("lsg-forum-2018", "gaps", "xlsx", on=date(2026, 11, 22))
    assert name == "lsg-forum-2018_gaps_2026-11-22.xlsx"


def test_file_name_keeps_only_safe_characters():
    name = export.filename("Форум МСУ/../2018", "Пробелы: <ө>", ".PDF", on=date(2026, 1, 2))
    assert name == "forum-msu-2018_probely-o_2026-01-02.pdf"


def test_file_name_defaults_to_today():
    assert export.filename("x", "y", "csv").endswith(f"_{date.today().isoformat()}.csv")


def test_an_unknown_share_of_women_is_an_empty_hxl_cell_not_zero():
    table = pd.DataFrame({"soate": ["41702000000000", "41703000000000"],
                          "women_share": [None, 0.25]})
    rows = list(csv.reader(io.StringIO(export.hxl_csv(table, "adm1").decode("utf-8-sig"))))
    assert rows[0] == ["soate", "pct_women"] and rows[1][1] == "#reached+ind+f+pct"
    assert rows[2][1] == "" and float(rows[3][1]) == 25.0


def test_a_donors_hxl_file_leaves_one_to_four_heads_empty_and_keeps_zero_and_five():
    import io

    import pandas as pd

    from forumreach import export

    # Two small counts, so no complementary cell is needed (see the test after this one).
    table = pd.DataFrame({"soate": ["41702000000000", "41703000000000", "41704000000000",
                                    "41705000000000"],
                          "bodies_present": [3, 0, 9, 4], "heads_present": [2, 0, 5, 4],
                          "share_present": [0.1, 0.0, 0.3, 0.2]})
    rows = pd.read_csv(io.BytesIO(export.hxl_csv(table, "adm1", for_donor=True)),
                       encoding="utf-8-sig", skiprows=[1], dtype=str, keep_default_na=False)
    assert rows.heads_present.tolist() == ["", "0", "5", ""]
    assert rows.bodies_present.tolist() == ["3", "0", "9", "4"]  # institutions, not people
    plain = pd.read_csv(io.BytesIO(export.hxl_csv(table, "adm1")), encoding="utf-8-sig",
                        skiprows=[1], dtype=str)
    assert plain.heads_present.tolist() == ["2", "0", "5", "4"]


def test_a_donors_hxl_file_leaves_a_second_cell_empty_beside_a_lone_hidden_one():
    import io

    import pandas as pd

    from forumreach import export

    table = pd.DataFrame({"soate": ["41702000000000", "41703000000000", "41704000000000"],
                          "bodies_present": [3, 12, 9], "heads_present": [2, 12, 9],
                          "share_present": [0.1, 0.4, 0.3]})
    rows = pd.read_csv(io.BytesIO(export.hxl_csv(table, "adm1", for_donor=True)),
                       encoding="utf-8-sig", skiprows=[1], dtype=str, keep_default_na=False)
    # The national total minus 12 would be the 2: the smallest shown count goes with it.
    assert rows.heads_present.tolist() == ["", "12", ""]
