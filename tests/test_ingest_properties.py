"""Whatever an analyst uploads, the reader answers with rows or one clear IngestError."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forumreach.ingest import FIELDS, IngestError, SheetRead, read_sheet

FIXTURES = Path(__file__).parent / "fixtures"
GOOD_XLSX = (FIXTURES / "title_rows_merged_cells_oblast_sections.xlsx").read_bytes()
QUICK = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

HEADERS = ["№", "ФИО", "Аты-жөнү", "Должность", "Мекеме", "Район", "Облусу", "Пол", "Телефон",
           "Итого", "Full name", "Organization", ""]
# Letters of the sheets we get, the characters that break parsers, and the odd control byte.
sheet_text = st.text(
    alphabet=st.one_of(
        st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГөүңӨҮҢ ;,\t\"'\r\n?№-./"),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=30,
)
cell = st.one_of(st.sampled_from(HEADERS), sheet_text)
grid = st.lists(st.lists(cell, max_size=8), max_size=12)


def read_or_refuse(data: bytes, filename: str) -> SheetRead | None:
    try:
        read = read_sheet(data, filename)
    except IngestError as err:
        assert str(err).startswith(f"{filename}: ")
        return None
    assert isinstance(read, SheetRead)
    assert list(read.rows.columns) == ["source_row", *FIELDS, "section_oblast", "section_rayon"]
    assert read.rows["source_row"].is_monotonic_increasing
    assert (read.rows["name"].ne("") | read.rows["organisation"].ne("")).all()
    return read


@QUICK
@given(st.binary(max_size=2048), st.sampled_from(["a.xlsx", "a.csv", "a.xls", "a.ods"]))
def test_random_bytes_never_crash_the_reader(data, filename):
    read_or_refuse(data, filename)


@QUICK
@given(
    grid,
    st.sampled_from([";", ",", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251"]),
)
def test_random_csv_text_in_any_supported_encoding_never_crashes_the_reader(
    rows, delimiter, encoding
):
    text = "\r\n".join(delimiter.join(row) for row in rows)
    read_or_refuse(text.encode(encoding, errors="replace"), "door.csv")


@QUICK
@given(grid)
def test_random_small_xlsx_never_crashes_the_reader(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        # openpyxl refuses control characters a real Excel would not store either.
        workbook.active.append(["".join(ch for ch in text if ch >= " ") for text in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    read_or_refuse(buffer.getvalue(), "door.xlsx")


@QUICK
@given(st.data())
def test_mutated_or_truncated_xlsx_never_crashes_the_reader(data):
    body = bytearray(GOOD_XLSX)
    for _ in range(data.draw(st.integers(0, 8))):
        at = data.draw(st.integers(0, len(body) - 1))
        body[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(body)))
    read_or_refuse(bytes(body[:cut]), "door.xlsx")


@QUICK
@given(st.lists(st.sampled_from(["Асанов Бакыт", "Ак-Булунский а/о", "", "Итого: 3"]), max_size=6))
def test_every_named_row_under_a_header_is_either_read_or_skipped(names):
    rows = [["ФИО", "Организация"], *[[name, "Ак-Суу"] for name in names]]
    read = read_or_refuse(
        "\r\n".join(";".join(row) for row in rows).encode(), "door.csv"
    )
    if read is not None:
        accounted = set(read.rows["source_row"]) | {number for number, _ in read.skipped}
        assert accounted == set(range(2, len(rows) + 1))
